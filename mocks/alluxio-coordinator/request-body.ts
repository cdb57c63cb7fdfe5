/**
 * Readers for request bodies. The adapters validate bodies against the spec before `handle`, but
 * a simulator driven directly (tests, other adapters) must not crash on a body that is not what
 * the spec says: each reader returns undefined for anything else, and the handler answers the
 * documented 400.
 */
export type Body = Record<string, unknown>;

export function asBody(value: unknown): Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : {};
}

/** A non-empty string; "" counts as not given, as the document's "empty values are omitted". */
export function text(body: Body, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A non-empty array of non-empty strings. */
export function texts(body: Body, name: string): string[] | undefined {
  const value = body[name];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.every((item) => typeof item === 'string' && item.length > 0) ? (value as string[]) : undefined;
}

export function integer(body: Body, name: string): number | undefined {
  const value = body[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function flag(body: Body, name: string): boolean {
  return body[name] === true;
}

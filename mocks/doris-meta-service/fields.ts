/**
 * Readers for request bodies. Documented-profile requests reach the handlers already validated
 * against the spec; observed-profile requests may not (ms-lenient-json: numbers may be quoted,
 * enum values may be numbers, unknown enum names are dropped), so every reader tolerates both.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A string field (protobuf's JSON parser refuses any other JSON type for it; see observed-rejections.ts). */
export function readString(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string field (protobuf treats an empty string as unset). */
export function readNonEmpty(object: JsonObject | undefined, key: string): string | undefined {
  const value = readString(object, key);
  return value === undefined || value === '' ? undefined : value;
}

/** An integer field, given as a number or (ms-lenient-json) as a quoted number. */
export function readInt(object: JsonObject | undefined, key: string): number | undefined {
  const value = object?.[key];
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** An int64 id kept as its decimal text, so that ids beyond 2^53 given as strings stay exact. */
export function readInt64Id(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return value.replace(/^(-?)0+(?=\d)/, '$1');
  return undefined;
}

/**
 * An enum field: its name, or (ms-lenient-json) its protobuf number; an unknown name or number
 * reads as unset, as protobuf's JSON parser drops it.
 */
export function readEnum<T extends string>(
  object: JsonObject | undefined,
  key: string,
  names: readonly T[],
  byNumber: Readonly<Record<number, T>> = {},
): T | undefined {
  const value = object?.[key];
  if (typeof value === 'string') return (names as readonly string[]).includes(value) ? (value as T) : undefined;
  if (typeof value === 'number') return byNumber[value];
  return undefined;
}

export function readArray(object: JsonObject | undefined, key: string): unknown[] {
  const value = object?.[key];
  return Array.isArray(value) ? value : [];
}

export function readStrings(object: JsonObject | undefined, key: string): string[] {
  return readArray(object, key).filter((v): v is string => typeof v === 'string');
}

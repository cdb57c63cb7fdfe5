import type { SimResponse } from '../../mocks/shared/types.js';

/** A response ready to be written by any adapter: status, lower-cased headers, body text. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** undefined: no body. */
  body?: string;
}

export const STATUSES_WITHOUT_CONTENT: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * Serialises a simulator's response once, in the shared path, so both adapters send the same bytes:
 * objects as JSON (application/json unless the simulator says otherwise), strings as they are.
 */
export function toWireResponse(response: SimResponse): WireResponse {
  const headers: Record<string, string> = { ...response.headers };
  const { body } = response;
  // 204, 205 and 304 never carry content (RFC 9110), whatever an error shape would put there.
  if (body === undefined || STATUSES_WITHOUT_CONTENT.has(response.status)) return { status: response.status, headers };
  // An empty content-type is the simulator saying "send none" (a server that labels nothing).
  if (headers['content-type'] === '') {
    delete headers['content-type'];
    return { status: response.status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
  }
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return { status: response.status, headers, body };
  }
  headers['content-type'] ??= 'application/json';
  return { status: response.status, headers, body: JSON.stringify(body) };
}

/** contract-kit's own answers (control endpoints, bad fault syntax, simulator bugs): `{error}` JSON. */
export function kitResponse(status: number, body: Record<string, unknown>): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function kitError(status: number, message: string): WireResponse {
  return kitResponse(status, { error: message });
}

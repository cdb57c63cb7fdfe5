import type { Profile, SimResponse } from '../shared/types.js';

/** The FE's RestApiStatusCode values carried in the envelope's `code`. */
export const FeCode = {
  OK: 0,
  COMMON_ERROR: 1,
  UNAUTHORIZED: 401,
  BAD_REQUEST: 403,
  NOT_FOUND: 404,
  INTERNAL_ERROR: 500,
} as const;
export type FeCode = (typeof FeCode)[keyof typeof FeCode];

export interface FeEnvelope {
  msg: string;
  code: FeCode;
  data: unknown;
  count: 0;
}

const MSG: Record<FeCode, string> = {
  0: 'success',
  1: 'Error',
  401: 'Unauthorized',
  403: 'Bad Request',
  404: 'Not Found',
  500: 'Internal Error',
};

export function success(data: unknown): SimResponse {
  const body: FeEnvelope = { msg: MSG[FeCode.OK], code: FeCode.OK, data, count: 0 };
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
}

/**
 * An error envelope. The documented profile answers with `httpStatus` (the HTTP reading the spec
 * chose, x-doc-quirks fe-auth-wording / fe-errors-undocumented); a real FE answers every envelope
 * with HTTP 200 (fe-envelope-200).
 */
export function failure(
  profile: Profile,
  code: Exclude<FeCode, 0>,
  httpStatus: number,
  data: string,
  headers: Record<string, string> = {},
): SimResponse {
  const body: FeEnvelope = { msg: MSG[code], code, data, count: 0 };
  const status = profile === 'observed' ? 200 : httpStatus;
  const extra = profile === 'observed' ? {} : headers;
  return { status, headers: { 'content-type': 'application/json', ...extra }, body };
}

/** The envelope code the FE would use for an HTTP status (used for injected faults). */
export function codeForStatus(status: number): Exclude<FeCode, 0> {
  if (status === 401 || status === 403) return FeCode.UNAUTHORIZED;
  if (status === 404) return FeCode.NOT_FOUND;
  if (status >= 400 && status < 500) return FeCode.BAD_REQUEST;
  if (status >= 500) return FeCode.INTERNAL_ERROR;
  return FeCode.COMMON_ERROR;
}

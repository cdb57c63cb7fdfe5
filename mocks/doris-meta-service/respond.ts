import type { SimResponse } from '../shared/types.js';
import type { MsCode } from './model.js';
import type { ProfileRules } from './profile.js';

export type ErrorCode = Exclude<MsCode, 'OK'>;

/** Builds the Meta Service's answers in the profile's shape. */
export interface Responder {
  /** `{code: "OK", msg: ""[, result]}`. */
  ok(result?: unknown): SimResponse;
  /** `{code, msg[, result]}` with the profile's HTTP status for the code. */
  error(code: ErrorCode, msg: string, result?: unknown): SimResponse;
  /** A text answer (protobuf text, decode_key diagram) whose outcome is `code`. */
  text(code: MsCode, text: string): SimResponse;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

export function createResponder(rules: ProfileRules): Responder {
  return {
    ok(result) {
      return { status: 200, body: result === undefined ? { code: 'OK', msg: '' } : { code: 'OK', msg: '', result } };
    },
    error(code, msg, result) {
      return { status: rules.httpStatus(code), body: result === undefined ? { code, msg } : { code, msg, result } };
    },
    text(code, text) {
      return { status: rules.httpStatus(code), headers: TEXT, body: text };
    },
  };
}

/** Protobuf text format of a string (C-style escapes, as protobuf's DebugString writes them). */
export function protoString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Protobuf text format of a `status { code msg }` block. */
export function statusBlock(code: MsCode, msg: string): string {
  return `status {\n  code: ${code}\n  msg: ${protoString(msg)}\n}\n`;
}

/** Handlers whose documented answers are text, failures included (protobuf status block or a decode_key line). */
const TEXT_FAILURES: Record<string, (msg: string) => string> = {
  get_tablet_stats: (msg) => statusBlock('INVALID_ARGUMENT', msg),
  abort_txn: (msg) => statusBlock('INVALID_ARGUMENT', msg),
  abort_tablet_job: (msg) => statusBlock('INVALID_ARGUMENT', msg),
  decode_key: (msg) => `failed to decode key, ${msg}\n`,
};

/**
 * An INVALID_ARGUMENT answer of a handler in its documented shape: the envelope, or the text the
 * text handlers answer (their failures are text too: one representation per status).
 */
export function invalidArgument(reply: Responder, operationId: string, msg: string): SimResponse {
  const text = TEXT_FAILURES[operationId];
  return text ? reply.text('INVALID_ARGUMENT', text(msg)) : reply.error('INVALID_ARGUMENT', msg);
}

/** The token rejection: documented as the JSON envelope on HTTP 403, observed as plain text (ms-token-403). */
export function tokenRejection(rules: ProfileRules, given: string | undefined): SimResponse {
  const msg = `incorrect token, token=${given ?? '(not given)'}`;
  if (rules.observed) return { status: 403, headers: TEXT, body: msg };
  return { status: 403, body: { code: 'INVALID_ARGUMENT', msg } };
}

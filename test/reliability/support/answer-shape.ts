import type { Profile } from '../../../mocks/shared/types.js';
import type { IndexedOperation, IndexedSpec, JsonSchema } from '../../../src/spec/types.js';
import { validateValue } from '../../../src/validate/index.js';
import { documentedResponses, documentedStatusKey, parseBody } from '../../../src/verify/checks/context.js';
import { envelopeSaysFailure } from '../../../src/verify/envelopes.js';
import { matchObserved, observedEntriesFor } from '../../../src/verify/observed.js';
import type { CapturedResponse } from '../../../src/verify/types.js';

/**
 * What a server answered, judged against the spec alone: is it the API's own way of refusing a
 * request (its client-error shape), one of the operation's documented answers, or neither?
 * The rules come from the spec and its x-observed facts, never from a simulator's code.
 */
export type AnswerKind =
  /** The API's own refusal: a documented error shape, or a failure envelope where the API answers 2xx. */
  | { kind: 'client-error'; why: string }
  /** One of the operation's documented answers, in its documented shape. */
  | { kind: 'documented'; why: string }
  /**
   * A 5xx the operation documents by its exact status (e.g. Alluxio's 501 `OP not implemented`):
   * acceptable for a request the spec calls valid, never for a client's mistake. A plain 500 is
   * never acceptable without a fault or scenario.
   */
  | { kind: 'documented-server-error'; why: string }
  /** What the spec's x-observed facts say a real server answers (observed profile only). */
  | { kind: 'observed'; why: string }
  | { kind: 'unexpected'; why: string };

export interface AnswerContext {
  spec: IndexedSpec;
  profile: Profile;
  /** The operation the request was meant for (or routed to); undefined for unknown paths. */
  operation?: IndexedOperation;
}

/** Every documented error schema of a spec (4xx and 5xx, JSON): the API's generic error envelopes. */
const errorSchemas = new WeakMap<IndexedSpec, JsonSchema[]>();
function errorSchemasOf(spec: IndexedSpec): JsonSchema[] {
  let schemas = errorSchemas.get(spec);
  if (!schemas) {
    schemas = spec.operations.flatMap((op) =>
      op.responses
        .filter((r) => /^[45]/.test(r.status))
        .flatMap((r) => r.content.filter((m) => m.mediaType.includes('json') && m.schema !== undefined).map((m) => m.schema!)),
    );
    errorSchemas.set(spec, [...new Set(schemas)]);
  }
  return schemas;
}

function capturedOf(status: number, headers: Record<string, string | string[] | undefined>, text: string): CapturedResponse {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status, headers: flat, bodyText: text, truncated: false };
}

/** Whether the operation (any variant) documents a body of this status that the answer conforms to. */
function conformsToOperation(operation: IndexedOperation, response: CapturedResponse, exactStatusOnly: boolean): string | undefined {
  const parsed = parseBody(response);
  const tables = [documentedResponses({ operation }), ...operation.variants.map((variant) => documentedResponses({ operation, variant }))];
  for (const table of tables) {
    const key = documentedStatusKey(table, response.status);
    if (!key || (exactStatusOnly && key !== String(response.status))) continue;
    const documented = table[key]!;
    if (documented.schema === undefined) return `documented ${key} (no schema)`;
    const value = parsed.kind === 'json' ? parsed.value : response.bodyText;
    if (validateValue(documented.schema, value).length === 0) return `documented ${key} of ${operation.operationId}`;
  }
  return undefined;
}

export function classifyAnswer(ctx: AnswerContext, status: number, headers: Record<string, string | string[] | undefined>, text: string): AnswerKind {
  const response = capturedOf(status, headers, text);
  const parsed = parseBody(response);
  const json = parsed.kind === 'json' ? parsed.value : undefined;
  const textFailure = status < 500 && parsed.kind === 'text' ? matchTextFailure(ctx.spec, text) : undefined;
  if (textFailure) return { kind: 'client-error', why: `${status} with a text failure (${textFailure})` };
  if (status >= 400 && status < 500) {
    if (envelopeSaysFailure(ctx.spec.api, json)) return { kind: 'client-error', why: `${status} with a failure envelope` };
    if (json !== undefined && errorSchemasOf(ctx.spec).some((schema) => validateValue(schema, json).length === 0)) {
      return { kind: 'client-error', why: `${status} in a documented error schema` };
    }
  }
  if (status >= 200 && status < 300 && envelopeSaysFailure(ctx.spec.api, json)) {
    return { kind: 'client-error', why: `${status} with a failure envelope` };
  }
  const documented = ctx.operation && status !== 500 ? conformsToOperation(ctx.operation, response, status >= 500) : undefined;
  if (documented) return { kind: status >= 500 ? 'documented-server-error' : 'documented', why: documented };
  if (ctx.profile === 'observed') {
    const observed = matchObserved(observedEntriesFor(ctx.spec, ctx.operation), response) ?? matchUnencodedObserved(ctx, response);
    if (observed && (status < 500 || observedServerError(ctx, observed))) return { kind: 'observed', why: `x-observed ${observed}` };
  }
  if (status >= 500) return { kind: 'unexpected', why: `server error ${status} for a client's request: ${text.slice(0, 200)}` };
  return { kind: 'unexpected', why: `${status} is neither the API's rejection nor a documented answer of ${ctx.operation?.operationId ?? 'any operation'}: ${text.slice(0, 200)}` };
}

/**
 * Failures the spec documents as text rather than JSON (x-doc-quirks of the Meta Service's text
 * handlers): protobuf text whose `status.code` is not OK, and decode_key's failure line.
 */
const TEXT_FAILURES: Partial<Record<IndexedSpec['api'], Array<{ id: string; matches: (text: string) => boolean }>>> = {
  'doris-meta-service': [
    { id: 'ms-get-tablet-stats-label', matches: (text) => /^status \{\s*code: (?!OK\b)[A-Z_]+/m.test(text) },
    { id: 'ms-decode-key-errors', matches: (text) => text.startsWith('failed to decode key, key=') },
  ],
};

function matchTextFailure(spec: IndexedSpec, text: string): string | undefined {
  return TEXT_FAILURES[spec.api]?.find((failure) => failure.matches(text))?.id;
}

/**
 * Observed facts that the specs carry without a machine-readable response (their
 * answers are not JSON, or not tied to one operation): the answers to paths no handler serves.
 */
const UNENCODED_OBSERVED: Partial<Record<IndexedSpec['api'], Array<{ id: string; operations?: string[]; matches: (r: CapturedResponse) => boolean }>>> = {
  'doris-meta-service': [
    // Newer builds: plain-text 404; 3.x builds: 200 {"code":"OK","msg":""}.
    { id: 'ms-unknown-path', matches: (r) => r.status === 404 && r.bodyText.includes('http path not found or not allowed') },
    { id: 'ms-unknown-path', matches: (r) => r.status === 200 && r.bodyText.replace(/\s/g, '') === '{"code":"OK","msg":""}' },
    // get_tablet_stats: an empty body on error.
    { id: 'ms-tablet-stats-text', operations: ['get_tablet_stats'], matches: (r) => r.status >= 400 && r.status < 500 && r.bodyText === '' },
  ],
  // Other paths: 404 from the RPC framework.
  'klustron-cluster-manager': [{ id: 'kl-always-200', matches: (r) => r.status === 404 }],
};

function matchUnencodedObserved(ctx: AnswerContext, response: CapturedResponse): string | undefined {
  const operationId = ctx.operation?.canonicalId;
  return UNENCODED_OBSERVED[ctx.spec.api]?.find((fact) => (!fact.operations || (operationId !== undefined && fact.operations.includes(operationId))) && fact.matches(response))?.id;
}

/** A 5xx is a client's business only where an x-observed fact documents it (e.g. ms-not-found-500). */
function observedServerError(ctx: AnswerContext, id: string): boolean {
  return observedEntriesFor(ctx.spec, ctx.operation).some((entry) => entry.id === id && (entry.response?.status ?? 0) >= 500);
}

import type { Profile, RequestProblem } from '../../../mocks/shared/types.js';
import { decodeRequest } from '../../../src/serve/decode.js';
import { routeRequest } from '../../../src/spec/route.js';
import type { IndexedOperation, IndexedSpec } from '../../../src/spec/types.js';
import { validateRequest } from '../../../src/validate/index.js';
import { credentialParameterNames, resolveCredentials } from '../../../src/verify/cases/credentials.js';
import { documentedRequests } from '../../../src/verify/cases/example-cases.js';
import type { CaseRequest } from '../../../src/verify/types.js';
import type { AnswerKind } from './answer-shape.js';
import type { RawRequest } from './raw-http.js';

/** How the spec classifies a request (the oracle): which operation it reaches and whether it is valid. */
export type RequestClass =
  | { kind: 'unrouted'; reason: string }
  | { kind: 'invalid'; operation: IndexedOperation; problems: RequestProblem[] }
  | { kind: 'valid'; operation: IndexedOperation };

export interface BadInput {
  /** e.g. `malformed-json`, `wrong-method:DELETE`, `path:encoded-slash`. */
  name: string;
  request: RawRequest;
}

/** Nesting depth of the deeply nested bodies: well past any recursive parser's or validator's comfort. */
export const DEEP_NESTING = 20_000;
/** A query string well past node's default 16 KB header limit. */
export const LONG_QUERY_CHARS = 60 * 1024;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const JSON_ROOTS: Record<string, string> = { array: '[]', string: '"contract-kit"', number: '42', null: 'null' };

/** The operation's first documented request with the documented credentials: what every bad input starts from. */
export function baseRequest(spec: IndexedSpec, operation: IndexedOperation): CaseRequest {
  const credentials = resolveCredentials();
  for (const variant of operation.variants) {
    const documented = documentedRequests(spec, operation, variant, credentials)[0];
    if (documented) return documented.request;
  }
  throw new Error(`${spec.api} ${operation.operationId}: no documented request to start from`);
}

export function pathWithQuery(path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

function rawOf(base: CaseRequest, changes: Partial<{ method: string; path: string; query: Record<string, string>; body: Buffer | string | undefined }>): RawRequest {
  const body = 'body' in changes ? changes.body : base.body;
  const headers = { ...base.headers };
  if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  return { method: changes.method ?? base.method, path: pathWithQuery(changes.path ?? base.path, changes.query ?? base.query), headers, body };
}

function parsedBody(base: CaseRequest): Record<string, unknown> | undefined {
  if (base.body === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(base.body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The base body with one extra field whose value is spliced in as raw bytes (for byte-level garbage). */
function bodyWithRawValue(base: CaseRequest, bytes: Buffer): Buffer {
  const text = JSON.stringify({ ...parsedBody(base), contract_kit_field: '\u0001MARK\u0001' });
  const [before, after] = text.split('"\\u0001MARK\\u0001"') as [string, string];
  return Buffer.concat([Buffer.from(before), bytes, Buffer.from(after)]);
}

/** The base body with one field's JSON text replaced by `valueText` (which need not be JSON.stringify-able). */
function bodyWithFieldText(base: CaseRequest, field: string, valueText: string): string {
  const text = JSON.stringify({ ...parsedBody(base), [field]: '\u0001MARK\u0001' });
  return text.replace('"\\u0001MARK\\u0001"', () => valueText);
}

/** A value of another JSON type than the documented example's. */
function wrongTypeOf(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number' || typeof value === 'boolean') return 'contract-kit-not-a-number';
  if (Array.isArray(value)) return { not: 'an array' };
  return ['not', 'an', 'object'];
}

function pathTricks(path: string): Record<string, string> {
  const cut = path.lastIndexOf('/');
  const dir = path.slice(0, cut);
  const last = path.slice(cut + 1);
  return {
    'dot-dot': `${dir}/contract-kit/../${last}`,
    'encoded-dot-dot': `${dir}/contract-kit/%2E%2E/${last}`,
    'encoded-slash': `${dir}%2F${last}`,
    'double-slash-leading': `/${path}`,
    'double-slash-inner': `${dir}//${last}`,
    'trailing-slash': `${path}/`,
  };
}

/**
 * Every kind of bad input for one operation, built from its documented request so that each
 * input differs from a good request in one way only.
 */
export function badInputs(spec: IndexedSpec, operation: IndexedOperation): BadInput[] {
  const base = baseRequest(spec, operation);
  const object = parsedBody(base);
  const inputs: BadInput[] = [];
  const add = (name: string, request: RawRequest) => inputs.push({ name, request });

  add('malformed-json', rawOf(base, { body: base.body ? base.body.slice(0, -1) : '{"contract_kit":' }));
  add('empty-body', rawOf(base, { body: '' }));
  for (const [root, text] of Object.entries(JSON_ROOTS)) add(`json-root:${root}`, rawOf(base, { body: text }));
  add('invalid-utf8', rawOf(base, { body: bodyWithRawValue(base, Buffer.from([0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22])) }));
  add('nul-byte-raw', rawOf(base, { body: bodyWithRawValue(base, Buffer.from([0x22, 0x61, 0x00, 0x62, 0x22])) }));
  add('nul-byte-escaped', rawOf(base, { body: bodyWithFieldText(base, 'contract_kit_field', '"a\\u0000b"') }));
  add('deep-array-root', rawOf(base, { body: '['.repeat(DEEP_NESTING) + ']'.repeat(DEEP_NESTING) }));
  const deepObject = '{"a":'.repeat(DEEP_NESTING) + '1' + '}'.repeat(DEEP_NESTING);
  const deepField = Object.keys(object ?? {}).find((k) => object![k] !== null && typeof object![k] === 'object') ?? 'contract_kit_deep';
  add(`deep-object:${deepField}`, rawOf(base, { body: bodyWithFieldText(base, deepField, deepObject) }));
  add('long-query:extra', rawOf(base, { query: { ...base.query, contract_kit_pad: 'a'.repeat(LONG_QUERY_CHARS) } }));
  const credentialNames = credentialParameterNames(spec, operation);
  const queryNames = Object.keys(base.query).filter((name) => !credentialNames.has(name));
  for (const name of queryNames) {
    add(`long-query:${name}`, rawOf(base, { query: { ...base.query, [name]: 'a'.repeat(LONG_QUERY_CHARS) } }));
    add(`wrong-type:query:${name}`, rawOf(base, { query: { ...base.query, [name]: 'contract-kit-%zz-<not a value>' } }));
  }
  const allowed = new Set(spec.operations.filter((op) => op.path === operation.path).map((op) => op.method.toUpperCase()));
  for (const method of METHODS.filter((m) => !allowed.has(m))) add(`wrong-method:${method}`, rawOf(base, { method }));
  for (const [trick, path] of Object.entries(pathTricks(base.path))) add(`path:${trick}`, rawOf(base, { path }));
  // Keys that reach Object.prototype if a handler merges bodies or queries carelessly.
  add('prototype-keys:body', rawOf(base, { body: bodyWithFieldText(base, '__proto__', '{"contract_kit_polluted":"body"}').replace(/}$/, ',"constructor":{"prototype":{"contract_kit_polluted":"constructor"}}}') }));
  add('prototype-keys:query', rawOf(base, { query: { ...base.query, ['__proto__']: 'contract_kit_polluted', 'constructor[prototype][contract_kit_polluted]': 'query' } }));
  if (object) {
    add('unknown-field', rawOf(base, { body: JSON.stringify({ ...object, contract_kit_unknown_field: 'x' }) }));
    for (const [field, value] of Object.entries(object)) {
      add(`wrong-type:body:${field}`, rawOf(base, { body: JSON.stringify({ ...object, [field]: wrongTypeOf(value) }) }));
    }
  }
  return inputs;
}

/** Routes and validates a raw request the way the spec says to: the expectation of each bad input. */
export function classifyRequest(spec: IndexedSpec, request: RawRequest): RequestClass {
  const decoded = decodeRequest({ method: request.method, url: request.path, headers: lowerCased(request.headers ?? {}), rawBody: request.body ?? '' });
  let routed;
  try {
    routed = routeRequest(spec, decoded);
  } catch (error) {
    return { kind: 'unrouted', reason: `path does not decode: ${(error as Error).message}` };
  }
  if ('unrouted' in routed) return { kind: 'unrouted', reason: routed.unrouted.kind };
  let problems: RequestProblem[];
  try {
    problems = validateRequest(routed.operation, routed.variant, decoded);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    problems = [{ in: 'body', pointer: '', message: 'nested too deeply to validate' }];
  }
  if (routed.variant.requestSchema !== undefined) problems = [...decoded.byteProblems, ...problems];
  return problems.length > 0 ? { kind: 'invalid', operation: routed.operation, problems } : { kind: 'valid', operation: routed.operation };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * What may answer a request of this class. Documented profile: what the spec calls invalid or
 * unroutable must be refused in the API's own shape. Observed profile: real servers accept some of
 * it (ms-lenient-json, ms-method-ignored), so a documented or observed answer is fine too.
 */
export function allowedKinds(requestClass: RequestClass, profile: Profile): AnswerKind['kind'][] {
  if (requestClass.kind === 'valid') return ['client-error', 'documented', 'documented-server-error', 'observed'];
  return profile === 'documented' ? ['client-error'] : ['client-error', 'documented', 'observed'];
}


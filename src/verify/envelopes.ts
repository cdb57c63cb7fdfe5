import type { ApiId } from '../../mocks/shared/types.js';
import type { IndexedSpec, VariantResponse } from '../spec/types.js';
import { problemsIfCompilable } from './schema-problems.js';

/**
 * How each API reports its outcome inside the body (DESIGN.md, envelope_conformance). Alluxio
 * has no envelope: its outcome is the HTTP status alone.
 */
export interface EnvelopeRule {
  /** The top-level body field that carries the outcome. */
  field: string;
  /** The value meaning success. */
  success: string | number;
  /** Klustron: the `status` field says `failed` exactly when the code is not success. */
  failedStatus?: { field: string; value: string };
}

export const ENVELOPE_RULES: Partial<Record<ApiId, EnvelopeRule>> = {
  'doris-fe': { field: 'code', success: 0 },
  'doris-meta-service': { field: 'code', success: 'OK' },
  'klustron-cluster-manager': { field: 'error_code', success: '0', failedStatus: { field: 'status', value: 'failed' } },
};

function field(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

/** The envelope's outcome code, or undefined when the body is not an envelope of this API. */
export function envelopeCode(rule: EnvelopeRule, body: unknown): string | number | undefined {
  const value = field(body, rule.field);
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

export function envelopeStatusField(rule: EnvelopeRule, body: unknown): unknown {
  return rule.failedStatus ? field(body, rule.failedStatus.field) : undefined;
}

/** Whether a body is an envelope of this API that reports failure. */
export function envelopeSaysFailure(api: ApiId, body: unknown): boolean {
  const rule = ENVELOPE_RULES[api];
  if (!rule) return false;
  const code = envelopeCode(rule, body);
  return code !== undefined && code !== rule.success;
}

/** Every documented response example of a spec that is a failure envelope (computed once per spec). */
const failureExamples = new WeakMap<IndexedSpec, unknown[]>();
function failureEnvelopeExamples(spec: IndexedSpec): unknown[] {
  let examples = failureExamples.get(spec);
  if (!examples) {
    examples = spec.operations
      .flatMap((op) => op.responses.flatMap((r) => r.content.flatMap((m) => m.examples.map((e) => e.value))))
      .filter((value) => envelopeSaysFailure(spec.api, value));
    failureExamples.set(spec, examples);
  }
  return examples;
}

/**
 * Whether the spec documents failures inside a success status: an example of that status is a
 * failure envelope, or its schema admits one of the spec's failure examples. Klustron answers
 * everything with 200 and the Meta Service documents `200 {"code": "ALREADY_EXISTED"}`; Doris FE's
 * 200 schema admits code 0 only.
 */
export function documentsFailureEnvelopes(spec: IndexedSpec, response: VariantResponse | undefined): boolean {
  if (!response) return false;
  if (response.examples.some((example) => envelopeSaysFailure(spec.api, example.value))) return true;
  const { schema } = response;
  return schema !== undefined && failureEnvelopeExamples(spec).some((value) => problemsIfCompilable(schema, value)?.length === 0);
}

/**
 * Whether an answer says "no such resource": HTTP 404, or the API's own not-found inside another
 * status — Doris FE `code: 404` (fe-envelope-200), Meta Service `code: NOT_FOUND` in JSON or
 * protobuf text and get_instance's `failed to get instance` 500 (ms-not-found-500), Klustron's
 * unknown-job answer (kl-unknown-job) and its `... is not exists` / `not a known job` failures.
 */
export function isNotFoundAnswer(api: ApiId, status: number, bodyText: string): boolean {
  if (status === 404) return true;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return api === 'doris-meta-service' && /\bcode:\s*NOT_FOUND\b/.test(bodyText);
  }
  const code = field(body, api === 'klustron-cluster-manager' ? 'error_code' : 'code');
  if (api === 'doris-fe') return code === 404;
  if (api === 'doris-meta-service') return code === 'NOT_FOUND' || (code === 'INTERNAL_ERROR' && /failed to get instance/.test(String(field(body, 'msg'))));
  if (api === 'klustron-cluster-manager') {
    if (code === '0' || code === undefined) return false;
    const info = String(field(body, 'error_info') ?? '');
    return (code === '70001' && info === '' && field(body, 'job_id') === '') || /not (a )?known|not exists?|no such|not found/i.test(info);
  }
  return false;
}

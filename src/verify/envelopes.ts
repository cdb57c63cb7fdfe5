import { descriptorOf, type EnvelopeRule } from '../../mocks/descriptors.js';
import { bodyField } from '../../mocks/shared/descriptor.js';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import type { IndexedSpec, VariantResponse } from '../spec/types.js';
import { problemsIfCompilable } from './schema-problems.js';

export type { EnvelopeRule } from '../../mocks/descriptors.js';

/**
 * How each API reports its outcome inside the body (envelope_conformance), from its descriptor
 * (`mocks/<api>/descriptor.ts`). Alluxio has no envelope: its outcome is the HTTP status alone.
 */
export const ENVELOPE_RULES: Partial<Record<ApiId, EnvelopeRule>> = Object.fromEntries(
  API_IDS.flatMap((api) => {
    const rule = descriptorOf(api).envelope;
    return rule ? [[api, rule]] : [];
  }),
);

/** The envelope's outcome code, or undefined when the body is not an envelope of this API. */
export function envelopeCode(rule: EnvelopeRule, body: unknown): string | number | undefined {
  const value = bodyField(body, rule.field);
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

export function envelopeStatusField(rule: EnvelopeRule, body: unknown): unknown {
  return rule.failedStatus ? bodyField(body, rule.failedStatus.field) : undefined;
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
 * status (each API's descriptor says how: Doris FE `code: 404`, Meta Service `NOT_FOUND`,
 * Klustron's unknown-job answers).
 */
export function isNotFoundAnswer(api: ApiId, status: number, bodyText: string): boolean {
  if (status === 404) return true;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  return descriptorOf(api).isNotFound(body, bodyText);
}

import type { IndexedOperation, IndexedSpec, IndexedVariant } from '../../spec/types.js';
import type { CaseRequest, ExampleCase } from '../types.js';
import { requiredSchemes, withCredentials, type Credentials } from './credentials.js';
import { applyGivenValues, givenFor, NO_GIVEN_VALUES, type GivenValues } from './given-values.js';
import { buildRequest, requestFromExample } from './request-builder.js';

/**
 * A variant's documented requests with credentials: one per request example, or — for a variant
 * documented without any (a list call with no parameters) — the bare request. Given values (real
 * ids of a deployment) replace the examples' values in read variants only: a write case never
 * touches a resource the user named.
 */
export function documentedRequests(
  spec: IndexedSpec,
  operation: IndexedOperation,
  variant: IndexedVariant,
  credentials: Credentials,
  given: GivenValues = NO_GIVEN_VALUES,
): Array<{ key: string; summary?: string; request: CaseRequest; given?: string[] }> {
  const schemes = requiredSchemes(spec, operation);
  const values = variant.safety === 'read' ? givenFor(given, operation) : {};
  const examples = variant.requestExamples.map((documented) => {
    const { example, applied } = applyGivenValues(operation, variant, documented, values);
    return { key: example.key, summary: example.summary, request: requestFromExample(operation, variant, example), ...(applied.length ? { given: applied } : {}) };
  });
  if (examples.length === 0 && !operation.requestBody?.required) {
    examples.push({ key: '(no parameters)', summary: 'the request without optional parameters', request: buildRequest(operation, variant, {}) });
  }
  return examples.map((e) => ({ ...e, request: withCredentials(e.request, schemes, credentials) }));
}

/** Positive cases: each documented request must get a documented answer in its documented shape. */
export function exampleCases(spec: IndexedSpec, operation: IndexedOperation, variant: IndexedVariant, credentials: Credentials, given?: GivenValues): ExampleCase[] {
  return documentedRequests(spec, operation, variant, credentials, given).map(({ key, summary, request, given: applied }) => ({
    id: `${operation.operationId}/${variant.name}/example/${key}`,
    api: spec.api,
    operationId: operation.operationId,
    variant: variant.name,
    kind: 'example',
    title: `${operation.operationId}${variant.name === 'default' ? '' : ` [${variant.name}]`} example ${key}${summary ? `: ${summary}` : ''}`,
    safety: variant.safety,
    needsState: false,
    request,
    expectation: { kind: 'documented' },
    ...(applied ? { given: applied } : {}),
  }));
}

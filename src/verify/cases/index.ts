import type { IndexedSpec } from '../../spec/types.js';
import type { Scenario } from '../scenario/define.js';
import type { ContractCase, ScenarioCase } from '../types.js';
import { resolveCredentials, type Credentials } from './credentials.js';
import { exampleCases } from './example-cases.js';
import type { GivenValues } from './given-values.js';
import { negativeCases } from './negative-cases.js';

export { resolveCredentials, DOCUMENTED_CREDENTIALS, type Credentials } from './credentials.js';
export { inspectRequest, type InspectedRequest } from './inspect-request.js';
export * from './given-values.js';

/** Stateful scenarios of the spec's API (the shipped ones are in src/scenarios/<api>.ts) as cases. */
export function scenarioCases(spec: IndexedSpec, scenarios: readonly Scenario[]): ScenarioCase[] {
  const foreign = scenarios.filter((s) => s.api !== spec.api);
  if (foreign.length > 0) {
    throw new TypeError(`scenarios of ${foreign.map((s) => `${s.api} (${s.name})`).join(', ')} given for ${spec.api}: pass the scenarios of this API only`);
  }
  return scenarios.map((scenario) => {
    const operations = scenario.operations.map((id) => spec.operationById.get(id));
    const safeties = operations.map((op) => op?.safety ?? 'write');
    return {
      id: `${scenario.operationId}/scenario/${scenario.name}`,
      api: spec.api,
      operationId: scenario.operationId,
      variant: 'scenario',
      kind: 'scenario',
      title: `scenario ${scenario.name}: ${scenario.title}`,
      safety: safeties.includes('destructive') ? 'destructive' : safeties.includes('write') ? 'write' : 'read',
      needsState: true,
      scenario,
    };
  });
}

/**
 * Every case of an API: per operation and variant the documented requests, then the negative
 * ones, generated from its spec; then the stateful scenarios the caller hands in (the entry points
 * pass the shipped ones, src/scenarios). Deterministic order and ids, so vitest test names are
 * stable. Given values (real ids) go into the read variants' examples.
 */
export function buildCases(spec: IndexedSpec, scenarios: readonly Scenario[], givenCredentials: Credentials = {}, givenValues?: GivenValues): ContractCase[] {
  const credentials = resolveCredentials(givenCredentials);
  const cases: ContractCase[] = [];
  for (const operation of spec.operations) {
    for (const variant of operation.variants) {
      cases.push(...exampleCases(spec, operation, variant, credentials, givenValues));
      cases.push(...negativeCases(spec, operation, variant, credentials));
    }
  }
  cases.push(...scenarioCases(spec, scenarios));
  return cases;
}

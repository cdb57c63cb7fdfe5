import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { explain } from '../../contracts/contract-suite.js';
import { createMetaServiceSimulator } from '../../mocks/doris-meta-service/index.js';
import { AdjustableClock } from '../../mocks/shared/clock.js';
import { loadSpec } from '../../src/spec/load.js';
import { buildCases, inProcessTarget, resolveRunOptions, runCase, type Target } from '../../src/verify/index.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

/**
 * The spec's x-observed entries must explain how real Meta Services deviate: every contract case
 * run against the simulator's observed profile is a pass or a known deviation naming an entry,
 * never an unexplained failure. (The documented profile is held to plain passes by
 * contracts/doris-meta-service.contract.test.ts.)
 */
const spec = await loadSpec('doris-meta-service');
const options = resolveRunOptions();
const cases = buildCases(spec, SCENARIOS[spec.api], options.credentials);
const deviations = new Map<string, number>();

describe('doris-meta-service contract against the observed-profile simulator', () => {
  let target: Target;
  beforeAll(async () => {
    const clock = new AdjustableClock();
    target = await inProcessTarget('doris-meta-service', { simulator: createMetaServiceSimulator({ profile: 'observed', clock }) });
  });
  afterAll(async () => {
    await target?.close();
  });

  for (const c of cases) {
    test(c.id, async () => {
      const result = await runCase(spec, c, target, options);
      expect(['pass', 'known-deviation'], explain(result)).toContain(result.verdict);
      for (const check of result.checks) if (check.knownDeviation) deviations.set(check.knownDeviation, (deviations.get(check.knownDeviation) ?? 0) + 1);
    });
  }

  test('the observed profile does deviate, and the deviations are named by the documented facts', () => {
    expect([...deviations.keys()]).toEqual(expect.arrayContaining(['ms-status-map', 'ms-lenient-json', 'ms-token-403']));
  });
});

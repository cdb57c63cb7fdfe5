import { describe, expect, test } from 'vitest';
import { inProcessTarget, runContract } from '../../src/verify/index.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

/**
 * The simulators' observed profiles behave like the real servers (observed-behavior.md). Verified
 * against the documented contract, every difference must be recognised as the x-observed entry
 * the spec records for it: a known deviation, never an unexplained failure.
 */
describe('verifying the observed profiles: deviations are named, not failed', () => {
  test.each([
    ['doris-fe', ['fe-auth', 'fe-alive-key']],
    ['doris-meta-service', ['ms-token-403', 'ms-status-map', 'ms-empty-body-400', 'ms-cluster-status-edges']],
  ] as const)('%s', async (api, expectedIds) => {
    const report = await runContract(api, await inProcessTarget(api, { profile: 'observed' }), SCENARIOS[api]);
    const failures = report.cases.filter((c) => c.verdict === 'fail').map((c) => c.id);
    expect(failures).toEqual([]);
    expect(report.summary.knownDeviation).toBeGreaterThan(0);
    const named = new Set(report.cases.flatMap((c) => c.knownDeviations ?? []));
    for (const id of expectedIds) expect(named, id).toContain(id);

    const strict = await runContract(api, await inProcessTarget(api, { profile: 'observed' }), SCENARIOS[api], { strict: true });
    expect(strict.summary.fail).toBe(report.summary.knownDeviation);
  });
});

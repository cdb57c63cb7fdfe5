import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApiId } from '../mocks/shared/types.js';
import { SCENARIOS } from '../src/scenarios/index.js';
import { loadSpec } from '../src/spec/load.js';
import { buildCases, resolveRunOptions, runCase, type CaseKind, type CaseResult, type ContractCase, type RunOptions, type Target } from '../src/verify/index.js';

/** Why a case result is not a pass, in full: every failed check's message (pointer, expected/actual, curl). */
export function explain(result: CaseResult): string {
  const failures = result.checks.filter((c) => c.status === 'fail').map((c) => `${c.step ? `[${c.step}] ` : ''}${c.message}`);
  return [`${result.id}: ${result.verdict}`, result.reason, ...failures].filter(Boolean).join('\n');
}

/**
 * Registers one vitest test per contract case of an API (generated from the spec at collection
 * time) and per shipped scenario (src/scenarios), run against each target. Every case must pass: the targets are contract-kit's own mocks
 * in their documented profile.
 */
export async function defineContractSuite(
  api: ApiId,
  targets: Array<{
    name: string;
    open: () => Promise<Target>;
    kinds?: CaseKind[];
    /** Why the target cannot judge a case (what its `prepare` skips), known before it is opened. */
    cannotJudge?: (c: ContractCase) => string | undefined;
    options?: RunOptions;
  }>,
): Promise<void> {
  const spec = await loadSpec(api);
  const cases = buildCases(spec, SCENARIOS[api], resolveRunOptions().credentials);
  for (const { name, open, kinds, cannotJudge, options: given } of targets) {
    const options = resolveRunOptions(given);
    describe(`${api} contract against ${name}`, () => {
      let target: Target;
      beforeAll(async () => {
        target = await open();
      });
      afterAll(async () => {
        await target?.close();
      });
      // Cases the target cannot judge are left out here (with their reason in `verify` reports).
      for (const c of cases.filter((x) => (!kinds || kinds.includes(x.kind)) && !cannotJudge?.(x))) {
        test(c.id, async () => {
          const result = await runCase(spec, c, target, options);
          expect(result.verdict, explain(result)).toBe('pass');
        });
      }
    });
  }
}

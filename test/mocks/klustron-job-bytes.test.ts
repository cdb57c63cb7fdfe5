import { expect, test } from 'vitest';
import { JobRunner } from '../../mocks/klustron-cluster-manager/jobs.js';
import { ManualClock } from '../../mocks/shared/clock.js';

const ok = () => ({ ok: true as const, info: 'OK', attachment: {} });

test('Klustron job records are bounded in bytes: older records are forgotten to make room, one bigger than the budget is refused', () => {
  const runner = new JobRunner({ clock: new ManualClock(), durationMs: 1000, maxJobs: 1000 });
  const third = Math.floor(runner.budget.limitBytes / 3);
  for (let i = 0; i < 10; i++) expect(runner.submit('create_machine', ok, third)).toBeDefined();
  expect(runner.size).toBe(3);
  expect(runner.budget.used).toBeLessThanOrEqual(runner.budget.limitBytes);
  expect(runner.submit('create_machine', ok, runner.budget.limitBytes + 1)).toBeUndefined();
  runner.clear();
  expect(runner.budget.used).toBe(0);
});

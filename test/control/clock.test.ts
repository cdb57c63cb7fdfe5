import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../mocks/shared/clock.js';
import { ADAPTERS, advance, emit, json, klustronJob, startTarget, type ControlTarget } from './adapters.js';

/**
 * Time: on a manual clock async jobs move only when clock/advance says so; job durations and
 * Alluxio's progress steps are simulator settings; bad clock values get 400 and change nothing.
 */

let target: ControlTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

for (const adapter of ADAPTERS) {
  describe(`clock over ${adapter}`, () => {
    test('klustron-cluster-manager: with jobDurationMs=500 a job is ongoing until the clock passes 500 ms, however long one waits', async () => {
      target = await startTarget(adapter, 'klustron-cluster-manager', { clock: new ManualClock(), settings: { jobDurationMs: 500 } });
      const accepted = await emit(target, klustronJob('manual_backup_cluster', { cluster_id: '-1' }));
      const poll = () => emit(target!, klustronJob('get_status', undefined, String(accepted.job_id)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await poll()).status).toBe('ongoing');
      await advance(target, 499);
      expect((await poll()).status).toBe('ongoing');
      await advance(target, 1);
      expect((await poll()).status).not.toBe('ongoing');
    });

    test('alluxio-coordinator: a load job\'s loadedBytes grows in progressSteps steps, then the job succeeds', async () => {
      target = await startTarget(adapter, 'alluxio-coordinator', {
        clock: new ManualClock(),
        seed: 'examples',
        settings: { jobDurationMs: 1000, progressSteps: 4 },
      });
      const submitted = await fetch(`${target.url}/api/v1/load`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ paths: ['s3://my-bucket/dir/to/path'] }),
      });
      const { id } = (await json(submitted)) as { id: string };
      const seen: { state: string; loadedBytes: number; totalBytes: number }[] = [];
      for (let step = 0; step <= 4; step++) {
        seen.push((await json(await fetch(`${target.url}/api/v1/load?id=${id}`))) as (typeof seen)[number]);
        await advance(target, 250);
      }
      const total = seen[0]!.totalBytes;
      expect(total).toBeGreaterThan(0);
      expect(seen.map((s) => s.loadedBytes / total)).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(seen.map((s) => s.state)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    });

    test.each(['-1', '1e3', 'abc', '', '9007199254740993', '8640000000000000'])('clock/advance?ms=%s gets 400 and the clock stays', async (ms) => {
      target ??= await startTarget(adapter, 'doris-fe', { clock: new ManualClock() });
      const before = ((await json(await fetch(`${target.url}/__contract-kit/health`))).clock as { now: string }).now;
      const res = await advance(target, ms);
      expect(res.status).toBe(400);
      expect(String((await json(res)).error)).toMatch(/clock\/advance/);
      expect(((await json(await fetch(`${target.url}/__contract-kit/health`))).clock as { now: string }).now).toBe(before);
    });
  });
}

test('an unknown or mistyped setting fails when the mock is created, naming the known ones', async () => {
  await expect(startTarget('node:http', 'alluxio-coordinator', { settings: { jobDuration: 5 } })).rejects.toThrow(
    "unknown alluxio-coordinator setting 'jobDuration'; known: jobDurationMs, progressSteps",
  );
  await expect(startTarget('node:http', 'alluxio-coordinator', { settings: { progressSteps: 0 } })).rejects.toThrow('must be an integer >= 1');
});

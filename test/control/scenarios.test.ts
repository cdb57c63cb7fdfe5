import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../mocks/shared/clock.js';
import { ADAPTERS, advance, emit, FE_AUTH, json, klustronJob, MS_TOKEN, startTarget, type ControlTarget } from './adapters.js';

/**
 * `x-mock-scenario` is per request: that request runs against the state with the scenario
 * applied, then the state as it was is put back (the scenario and the request's own changes to the
 * state document are gone). Work the request started outside the document — an asynchronous job —
 * keeps the fate the scenario gave it. POST /__contract-kit/scenario/<name> and start scenarios last.
 */

let target: ControlTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const aliveIps = async (t: ControlTarget, headers: Record<string, string> = {}) => {
  const res = await fetch(`${t.url}/api/backends?is_alive=true`, { headers: { ...FE_AUTH, ...headers } });
  return ((await json(res)).data as { backends: { ip: string }[] }).backends.map((b) => b.ip);
};

for (const adapter of ADAPTERS) {
  describe(`scenarios over ${adapter}`, () => {
    test('doris-fe: all-backends-dead for one request; the next one sees the live BEs', async () => {
      target = await startTarget(adapter, 'doris-fe');
      expect(await aliveIps(target, { 'x-mock-scenario': 'all-backends-dead' })).toEqual([]);
      expect(await aliveIps(target)).toEqual(['192.168.1.1', '192.168.1.2']);
      expect(target.journal.last()).toMatchObject({ scenario: null });
      expect(target.journal.entries()[0]).toMatchObject({ scenario: 'all-backends-dead', operation: 'get_backends', status: 200 });
    });

    test('doris-meta-service: what a request under `seeded` creates is discarded with the scenario', async () => {
      target = await startTarget(adapter, 'doris-meta-service');
      const get = async (headers: Record<string, string> = {}) =>
        json(await fetch(`${target!.url}/MetaService/http/get_instance?token=${MS_TOKEN}&instance_id=regression_instance0`, { headers }));
      expect(await get({ 'x-mock-scenario': 'seeded' })).toMatchObject({ code: 'OK', result: { instance_id: 'regression_instance0' } });
      expect((await get()).code).toBe('NOT_FOUND');
      expect((await (await fetch(`${target.url}/__contract-kit/state`)).json()).instances).toEqual([]);
    });

    test('klustron-cluster-manager: a job accepted under jobs-fail fails; the next job runs normally', async () => {
      const clock = new ManualClock();
      target = await startTarget(adapter, 'klustron-cluster-manager', { clock, settings: { jobDurationMs: 100 } });
      const failing = await emit(target, klustronJob('manual_backup_cluster', { cluster_id: '-1' }), { 'x-mock-scenario': 'jobs-fail' });
      const normal = await emit(target, klustronJob('manual_backup_cluster', { cluster_id: '-1' }));
      expect((await advance(target, 100)).status).toBe(200);
      expect(await emit(target, klustronJob('get_status', undefined, String(failing.job_id)))).toMatchObject({ status: 'failed', error_code: '70099' });
      expect((await emit(target, klustronJob('get_status', undefined, String(normal.job_id)))).error_code).not.toBe('70099');
    });

    test('a scenario set with POST scenario/<name> or at start lasts until reset (the start one comes back with it)', async () => {
      target = await startTarget(adapter, 'doris-fe', { scenarios: ['no-backends'] });
      expect(await aliveIps(target)).toEqual([]);
      await fetch(`${target.url}/__contract-kit/reset`, { method: 'POST' });
      expect(await aliveIps(target)).toEqual([]);
      await target.close();
      target = await startTarget(adapter, 'doris-fe');
      expect((await fetch(`${target.url}/__contract-kit/scenario/all-backends-dead`, { method: 'POST' })).status).toBe(200);
      expect(await aliveIps(target)).toEqual([]);
      expect(await aliveIps(target)).toEqual([]);
      await fetch(`${target.url}/__contract-kit/reset`, { method: 'POST' });
      expect(await aliveIps(target)).toHaveLength(2);
    });

    test('an unknown scenario in the header is refused with 400 naming the known ones, and journaled', async () => {
      target = await startTarget(adapter, 'doris-fe');
      const res = await fetch(`${target.url}/api/backends`, { headers: { ...FE_AUTH, 'x-mock-scenario': 'constructor' } });
      expect(res.status).toBe(400);
      expect(String((await json(res)).error)).toContain('all-backends-dead');
      expect(target.journal.last()).toMatchObject({ scenario: 'constructor', status: 400 });
    });
  });
}

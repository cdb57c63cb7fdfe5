import { expect, it } from 'vitest';
import { describeClientJourneys, type JourneyTarget } from '../client-journeys/harness.js';
import { emitOverHttp10, emitWithFetch, jobEnvelope, KlJobFailed, runJob, type Emit, type PollOptions } from './console-client.js';
import { clusterParas, machineParas } from '../../src/scenarios/klustron-job-paras.js';

/**
 * What Klustron's web console and cluster_mgr's test scripts need from `POST /HttpService/Emit`,
 * run against both profiles over node:http (HTTP/1.0 from a raw socket, as the scripts send it)
 * and through MSW (fetch). Expected answers come from the document (accept, then get_status until
 * done; create_cluster's result names the cluster) and the spec's x-observed entries.
 */

/** HTTP/1.0 where a socket reaches the server; MSW intercepts fetch only. */
const emitterFor = (target: JourneyTarget): Emit => (target.transport === 'http' ? emitOverHttp10(target.baseUrl) : emitWithFetch(target.baseUrl));

/** A console polls about once a second; the mock's jobs take 2 s, so each poll moves the clock 1 s. */
const pollEverySecond = (target: JourneyTarget): PollOptions => ({ wait: () => target.advanceClock(1000) });

/** Every object's keys, at every depth, in alphabetical order (kl-key-order, x-doc-quirks kl-doc-key-order). */
function expectKeysAlphabetical(value: unknown, where = '/'): void {
  if (Array.isArray(value)) return value.forEach((item, i) => expectKeysAlphabetical(item, `${where}${i}/`));
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  expect(keys, where).toEqual([...keys].sort());
  for (const key of keys) expectKeysAlphabetical((value as Record<string, unknown>)[key], `${where}${key}/`);
}

describeClientJourneys('klustron-cluster-manager', 'web console and test scripts: machines, then a cluster', (target) => {
  it('registers machines, creates a cluster, reads attachment.cluster_id, deletes the cluster', async () => {
    const emit = emitterFor(target());
    const poll = pollEverySecond(target());
    for (const machine of [machineParas('10.1.0.1', 'storage', '57001-57999'), machineParas('10.1.0.2', 'storage', '57001-57999'), machineParas('10.1.0.1', 'computer', '47001-47999')]) {
      expect((await runJob(emit, 'create_machine', machine, poll)).envelope.status).toBe('done');
    }
    const seen: string[] = [];
    const created = await runJob(emit, 'create_cluster', clusterParas({ ha_mode: 'mgr', storage_iplists: ['10.1.0.1', '10.1.0.2'], computer_iplists: ['10.1.0.1'] }), poll, seen);
    // The first cluster of a fresh cluster_mgr: the document's create_cluster answer names it by id.
    expect(created.envelope).toMatchObject({ status: 'done', error_code: '0', attachment: { cluster_id: '1', cluster_name: expect.stringMatching(/^cluster_[0-9]+_000001$/) } });
    // Before done the console saw only "still running" answers (or, on a real server, the unknown-job answer).
    expect(seen.slice(0, -1).every((status) => status === 'ongoing' || status === 'unknown-job')).toBe(true);
    const deleted = await runJob(emit, 'delete_cluster', { cluster_id: String(created.envelope.attachment!.cluster_id) }, poll);
    expect(deleted.envelope.attachment).toMatchObject({ cluster_id: '1', job_steps: 'shard,computer' });
  });

  it('reads the answers as JSON whatever their content type, keys in alphabetical order', async () => {
    const emit = emitterFor(target());
    const accepted = await emit(jobEnvelope('create_machine', machineParas('10.1.0.9', 'storage', '57001-57999')));
    expect(accepted.httpStatus).toBe(200);
    // The document's accept sample, key for key and in its order.
    expect(Object.keys(JSON.parse(accepted.text))).toEqual(['attachment', 'error_code', 'error_info', 'job_id', 'status', 'version']);
    expect(accepted.headers['content-type']).toBe(target().profile === 'observed' ? 'text/plain' : 'application/json'); // kl-always-200
    await target().advanceClock(5000);
    const done = await emit(jobEnvelope('get_status', undefined, accepted.envelope.job_id));
    expect(done.envelope.status).toBe('done');
    expectKeysAlphabetical(JSON.parse(done.text));
    expectKeysAlphabetical(JSON.parse((await emit(jobEnvelope('get_backup_storage', {}))).text));
  });

  it('surfaces a job that fails in get_status with its job-specific code (kl-async-accept)', async () => {
    const emit = emitterFor(target());
    const failing = runJob(emit, 'add_comps', { cluster_id: '42', comps: '1', computer_iplists: ['10.1.0.1'] }, pollEverySecond(target()));
    await expect(failing).rejects.toThrow(KlJobFailed);
    await expect(failing).rejects.toMatchObject({ answer: { status: 'failed', error_code: '70070', attachment: null } });
  });
});

describeClientJourneys(
  'klustron-cluster-manager',
  'a browser console on another origin (kl-cors-full)',
  (target) => {
    const CORS = {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST, GET, OPTIONS',
      'access-control-allow-headers': '*',
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '3600',
    };

    it("gets Klustron's own CORS headers on every answer, whichever transport serves it", async () => {
      const { baseUrl } = target();
      const emit = emitWithFetch(baseUrl);
      const answers = [
        (await emit(jobEnvelope('get_meta_mode', {}))).headers,
        (await emit(jobEnvelope('create_machine', {}))).headers,
        (await emit(jobEnvelope('no_such_job', {}))).headers,
      ];
      for (const method of ['GET', 'OPTIONS']) {
        const response = await fetch(`${baseUrl}/HttpService/Emit`, { method });
        expect(response.status, method).toBe(200); // kl-always-200, kl-reject
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => (headers[name] = value));
        answers.push(headers);
      }
      for (const headers of answers) expect(headers).toMatchObject(CORS);
    });
  },
  { profiles: ['observed'] },
);

describeClientJourneys('klustron-cluster-manager', 'a script using the jobs v1.0.2 has beyond the document (kl-job-types-more)', (target) => {
  it('gets example_mission and update_cluster_coldback_time_period done on a real server, rejected by the documented contract', async () => {
    const emit = emitterFor(target());
    for (const jobType of ['example_mission', 'update_cluster_coldback_time_period']) {
      if (target().profile === 'observed') {
        expect((await runJob(emit, jobType, {}, pollEverySecond(target()))).envelope.status, jobType).toBe('done');
      } else {
        // The documented profile knows the documented job types only.
        expect((await emit(jobEnvelope(jobType, {}))).envelope, jobType).toEqual({
          attachment: null,
          error_code: '70001',
          error_info: 'Unrecognized job type',
          status: 'failed',
          version: '1.0',
        });
      }
    }
  });
});

import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKlustronSimulator } from '../../mocks/klustron-cluster-manager/index.js';
import { ManualClock } from '../../mocks/shared/clock.js';
import type { Profile } from '../../mocks/shared/types.js';
import { startMockServer } from '../../src/serve/http.js';
import { createMswHandlers } from '../../src/serve/msw.js';
import { loadSpec, routeRequest } from '../../src/spec/index.js';
import { validateValue } from '../../src/validate/index.js';
import { clusterParas, machineParas as machine, type Paras } from '../../src/scenarios/klustron-job-paras.js';

/**
 * The documented Klustron journeys over real requests to `POST /HttpService/Emit`, through the
 * network server and the MSW handlers, in both profiles: what a client sees. Job time moves only
 * through `POST /__contract-kit/clock/advance`, as a client's test would move it.
 */
const spec = await loadSpec('klustron-cluster-manager');
const JOB_MS = 5000;
const EMIT = '/HttpService/Emit';

interface Envelope {
  version: string;
  error_code: string;
  error_info: string;
  status: string;
  job_id?: string;
  job_type?: string;
  attachment: Record<string, unknown> | null;
}

interface Answer {
  status: number;
  headers: Headers;
  envelope: Envelope;
}


const jobBody = (jobType: string, paras?: Paras, jobId = '') => ({
  version: '1.0',
  job_id: jobId,
  job_type: jobType,
  timestamp: '1435749309',
  user_name: 'kunlun_test',
  ...(paras && { paras }),
});



/** A documented-profile answer to a routed job must validate against its variant's schema. */
function expectDocumented(body: unknown, answer: Answer): void {
  const routed = routeRequest(spec, { method: 'POST', path: EMIT, query: {}, headers: {}, body });
  if ('unrouted' in routed) return;
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(validateValue(routed.variant.responses['200']!.schema!, answer.envelope)).toEqual([]);
}

function journeys(profile: Profile, target: () => string) {
  const documented = profile === 'documented';

  async function post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${target()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
    // Observed answers are JSON under text/plain (kl-always-200): parse the text either way.
    return { status: response.status, headers: response.headers, envelope: JSON.parse(await response.text()) as Envelope };
  }

  /** Sends a job and checks what every answer to a job carries in this profile. */
  async function send(body: ReturnType<typeof jobBody>, headers?: Record<string, string>): Promise<Answer> {
    const answer = await post(EMIT, body, headers);
    if (!headers?.['x-mock-fault']) {
      if (documented) expectDocumented(body, answer);
      else expect(answer.status).toBe(200); // kl-always-200
    }
    if (!documented) {
      expect(answer.headers.get('content-type')).toBe('text/plain');
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    }
    return answer;
  }

  const emit = (jobType: string, paras?: Paras, headers?: Record<string, string>) => send(jobBody(jobType, paras), headers);
  const status = async (jobId: string) => (await send(jobBody('get_status', undefined, jobId))).envelope;
  const advance = async (ms: number) => expect((await post(`/__contract-kit/clock/advance?ms=${ms}`)).status).toBe(200);

  /** Issues an async job, polls get_status as a client would until it is done or failed. */
  async function runJob(jobType: string, paras: Paras, headers?: Record<string, string>): Promise<Envelope> {
    const accepted = (await emit(jobType, paras, headers)).envelope;
    expect(accepted).toMatchObject({ status: 'accept', error_code: '0', job_id: expect.stringMatching(/^[0-9]+$/), attachment: null });
    for (let polls = 0; polls < 10; polls++) {
      const answer = await status(accepted.job_id!);
      if (answer.status === 'done' || (answer.status === 'failed' && answer.error_code !== '70001')) return answer;
      // ongoing, or (observed) not recorded yet: wait and poll again.
      await advance(JOB_MS / 2);
    }
    throw new Error(`${jobType} did not finish`);
  }

  beforeEach(async () => {
    expect((await post('/__contract-kit/reset')).status).toBe(200);
  });

  it('registers machines, creates a cluster, adds shards, deletes it, and the detail follows', async () => {
    for (const paras of [machine('10.0.0.1', 'storage', '50001-50100'), machine('10.0.0.2', 'storage', '50001-50100'), machine('10.0.0.1', 'computer', '40001-40100')]) {
      expect((await runJob('create_machine', paras)).status).toBe('done');
    }
    const created = await runJob('create_cluster', clusterParas({ storage_iplists: ['10.0.0.1', '10.0.0.2'], computer_iplists: ['10.0.0.1'] }));
    // Real servers answer the job's memo instead of the documented header (kl-status-memo).
    expect(created).toMatchObject({
      status: 'done',
      error_code: '0',
      attachment: documented ? { cluster_id: '1', shards: '1', comps: '1' } : { cluster_id: '1', job_steps: 'shard,computer' },
    });
    const name = String(created.attachment!.cluster_name);

    const detail = async () => (await emit('get_cluster_detail', { cluster_name: name })).envelope;
    // v1.0.2 answers only its work mode, whatever the cluster (kl-cluster-detail).
    const workMode = { status: 'failed', error_code: '70001', attachment: { work_mode: 'community' } };
    if (documented) expect((await detail()).attachment).toMatchObject({ cluster_name: name, nick_name: 'orders', shards: '1', comps: '1' });
    else expect(await detail()).toMatchObject(workMode);
    const shards = await runJob('add_shards', { cluster_id: '1', shards: '2', nodes: '3', storage_iplists: ['10.0.0.1', '10.0.0.2'] });
    expect(shards.status).toBe('done');
    if (documented) {
      expect(shards.attachment).toMatchObject({ shards: '3' });
      expect(((await detail()).attachment!.list_shard as unknown[]).length).toBe(3);
    }

    expect((await runJob('delete_cluster', { cluster_id: '1' })).attachment).toMatchObject({ cluster_id: '1', cluster_name: name });
    expect(await detail()).toMatchObject(documented ? { status: 'failed', error_code: '70070', attachment: null } : workMode);
    // The documented machine list, unknown to real v1.0.2 servers (kl-job-types).
    const machines = (await emit('get_machine_summary', {})).envelope;
    if (documented) expect(machines.attachment).toEqual({ list_machine: [{ hostaddr: '10.0.0.1', status: 'online' }, { hostaddr: '10.0.0.2', status: 'online' }] });
    else expect(machines).toMatchObject({ status: 'failed', error_info: 'Unrecongnized job type' });
  });

  it('fails a job that names an unknown cluster in get_status, not at accept', async () => {
    const failed = await runJob('add_comps', { cluster_id: '42', comps: '1', computer_iplists: ['10.0.0.1'] });
    expect(failed).toMatchObject({ status: 'failed', error_code: '70070', attachment: null });
  });

  it('answers an invalid job as its profile says: rejected at once, or accepted and failed later', async () => {
    if (documented) {
      const rejected = await emit('delete_cluster', {});
      expect(rejected.envelope).toMatchObject({ status: 'failed', error_code: '70001', error_info: expect.stringContaining('cluster_id') });
      expect(rejected.envelope).not.toHaveProperty('job_id');
    } else {
      expect(await runJob('delete_cluster', {})).toMatchObject({ status: 'failed', error_code: '70002' });
    }
  });

  it('rejects malformed JSON and unknown job types in the failed envelope', async () => {
    const malformed = await post(EMIT, '{"job_type": "get_status"');
    expect(malformed.status).toBe(200);
    expect(malformed.envelope).toMatchObject({ status: 'failed', error_code: '70001', error_info: expect.stringMatching(/^JSON parse error: /) });
    // Real servers echo the body they could not parse (kl-parse-error-echo).
    if (!documented) expect(malformed.envelope.error_info.endsWith(', JSON string: {"job_type": "get_status"')).toBe(true);
    const unknown = await post(EMIT, jobBody('no_such_job', {}));
    expect(unknown.envelope.error_info).toBe(documented ? 'Unrecognized job type' : 'Unrecongnized job type');
  });

  it('accepts a job sent as the document sends it, with curl -d (form content type)', async () => {
    const answer = await post(EMIT, jobBody('get_meta_mode', {}), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(answer.envelope).toMatchObject({ status: 'done', attachment: { mode: 'mgr' } });
  });

  it('serves the seeded documented world chosen through the control endpoint', async () => {
    expect((await post('/__contract-kit/scenario/seeded')).status).toBe(200);
    const detail = (await emit('get_cluster_detail', { cluster_name: 'cluster_1659333382_000001' })).envelope;
    // Real servers answer only their work mode (kl-cluster-detail).
    expect(detail).toMatchObject(documented ? { status: 'done', attachment: { nick_name: 'my_nick_name', shards: '1', comps: '1' } } : { attachment: { work_mode: 'community' } });
    const variable = (await emit('get_variable', { hostaddr: '192.168.0.135', port: '55001', variable: 'innodb_buffer_pool_size' })).envelope;
    expect(variable.attachment).toEqual({ result: 'true', value: '5242880' });
  });

  it('fails jobs under the jobs-fail scenario chosen per request with x-mock-scenario', async () => {
    const failed = await runJob('manual_backup_cluster', { cluster_id: '-1' }, { 'x-mock-scenario': 'jobs-fail' });
    expect(failed).toMatchObject({ status: 'failed', error_code: '70099' });
  });

  it('injects faults with x-mock-fault: a status in the failed envelope, latency, a reset connection', async () => {
    const faulted = await emit('get_meta_mode', {}, { 'x-mock-fault': 'status=503' });
    expect(faulted.status).toBe(503);
    expect(faulted.envelope).toMatchObject({ status: 'failed', error_code: '70001' });
    const started = Date.now();
    expect((await emit('get_meta_mode', {}, { 'x-mock-fault': 'latency=150' })).envelope.status).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await expect(post(EMIT, jobBody('get_meta_mode', {}), { 'x-mock-fault': 'reset' })).rejects.toThrow();
  });
}

/** A simulator on a ManualClock that the control endpoint advances: job time moves only when told. */
function simulatorOnClock(profile: Profile) {
  const clock = new ManualClock();
  return { clock, simulator: createKlustronSimulator({ profile, clock, jobDurationMs: JOB_MS }) };
}

for (const profile of ['documented', 'observed'] as const) {
  describe(`klustron-cluster-manager over the network server, ${profile} profile`, () => {
    let server: Awaited<ReturnType<typeof startMockServer>>;
    beforeAll(async () => {
      server = await startMockServer({ api: 'klustron-cluster-manager', ...simulatorOnClock(profile), port: 0 });
    });
    afterAll(() => server.close());
    journeys(profile, () => server.url);
  });
}

for (const profile of ['documented', 'observed'] as const) {
  describe(`klustron-cluster-manager through MSW handlers in-process, ${profile} profile`, () => {
    const baseUrl = `http://cluster-mgr-${profile}.klustron.test:35001`;
    const { handlers } = createMswHandlers('klustron-cluster-manager', { baseUrl, ...simulatorOnClock(profile) });
    const server = setupServer(...handlers);
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());
    journeys(profile, () => baseUrl);
  });
}

import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetaServiceSimulator } from '../../mocks/doris-meta-service/index.js';
import { AdjustableClock } from '../../mocks/shared/clock.js';
import type { Profile } from '../../mocks/shared/types.js';
import { startMockServer } from '../../src/serve/http.js';
import { createMswHandlers } from '../../src/serve/msw.js';
import { expectDocumented } from './doris-meta-service.harness.js';

/**
 * The documented Meta Service journeys over real HTTP requests (JSON sent as text/plain, as the
 * documents do), against the network server and the MSW handlers, in both profiles, with
 * x-mock-scenario and x-mock-fault: what a cloud manager or connector sees on the wire.
 */

const TOKEN = 'greedisgood9999';

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  /** The parsed JSON body, undefined for text answers. */
  json?: { code: string; msg: string; result?: Record<string, unknown> };
}

async function request(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'text/plain', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType, text, json };
}

function journeys(profile: Profile, target: () => string) {
  const documented = profile === 'documented';
  const ms = (method: string, name: string, body?: unknown, query = '', headers?: Record<string, string>) =>
    request(target(), method, `/MetaService/http/${name}?token=${TOKEN}${query}`, body, headers);
  /** Documented answers must be what the spec documents for the operation. */
  const conforms = (operationId: string, answer: Answer) => {
    if (documented) expectDocumented(operationId, { status: answer.status, body: answer.json ?? answer.text });
  };
  const status = (documentedStatus: number, observedStatus: number) => (documented ? documentedStatus : observedStatus);

  it('create instance → read → add cluster → change status → drop → read not found', async () => {
    const id = `journey_${profile}`;
    const obj = { ak: 'ak', sk: 'sk', bucket: 'bucket', endpoint: 'cos.ap-beijing.myqcloud.com', region: 'ap-beijing', provider: 'COS' };
    const created = await ms('PUT', 'v1/create_instance', { instance_id: id, name: 'journey', user_id: 'u1', vault: { obj_info: obj } });
    expect(created.json).toEqual({ code: 'OK', msg: '' });
    conforms('create_instance', created);
    const again = await ms('PUT', 'create_instance', { instance_id: id, vault: { obj_info: obj } });
    expect(again.status).toBe(status(200, 409));
    expect(again.json?.code).toBe('ALREADY_EXISTED');

    const read = await ms('GET', 'get_instance', undefined, `&instance_id=${id}`);
    expect(read.json?.result).toMatchObject({ instance_id: id, name: 'journey', obj_info: [{ id: '1', bucket: 'bucket' }] });
    conforms('get_instance', read);

    const cluster = { cluster_name: 'read_cluster0', cluster_id: 'c0', type: 'COMPUTE', nodes: [{ cloud_unique_id: `1:${id}:be0`, ip: '10.1.0.1', heartbeat_port: 9050 }] };
    const added = await ms('PUT', 'add_cluster', { instance_id: id, cluster });
    expect(added.json?.code).toBe('OK');
    const byName = await ms('PUT', 'get_cluster', { cloud_unique_id: `1:${id}:be0`, cluster_name: 'read_cluster0' });
    expect(byName.json?.result).toMatchObject({ cluster_id: 'c0', type: 'COMPUTE', nodes: [{ ip: '10.1.0.1', heartbeat_port: 9050 }] });
    conforms('get_cluster', byName);

    const set = (to: string) => ms('PUT', 'set_cluster_status', { cloud_unique_id: `1:${id}:be0`, cluster: { cluster_id: 'c0', cluster_status: to } });
    // ms-add-cluster-normal: the compute cluster is NORMAL from add_cluster on.
    const forbidden = await set('TO_RESUME');
    expect(forbidden.status).toBe(status(200, 400));
    expect(forbidden.json).toEqual({ code: 'INVALID_ARGUMENT', msg: 'failed to set cluster status, original cluster is NORMAL and want set TO_RESUME' });
    conforms('set_cluster_status', forbidden);
    expect((await set('SUSPENDED')).json?.code).toBe('OK');

    const refused = await ms('PUT', 'drop_instance', { instance_id: id });
    expect(refused.json?.msg).toBe('failed to drop instance, instance has clusters');
    expect((await ms('PUT', 'drop_cluster', { instance_id: id, cluster: { cluster_id: 'c0', cluster_name: 'read_cluster0' } })).json?.code).toBe('OK');
    const missing = await ms('PUT', 'get_cluster', { cloud_unique_id: `1:${id}:be0`, cluster_id: 'c0' });
    expect(missing.status).toBe(status(200, 404));
    expect(missing.json?.code).toBe('NOT_FOUND');
    conforms('get_cluster', missing);
    expect((await ms('PUT', 'drop_instance', { instance_id: id })).json?.code).toBe('OK');
  });

  it('rejects a wrong token in the profile shape', async () => {
    const answer = await request(target(), 'GET', '/MetaService/http/get_instance?token=wrong&instance_id=x');
    expect(answer.status).toBe(403);
    if (documented) {
      expect(answer.json).toEqual({ code: 'INVALID_ARGUMENT', msg: 'incorrect token, token=wrong' });
      conforms('get_instance', answer);
    } else {
      expect(answer.text).toBe('incorrect token, token=wrong');
      // ms-content-type-echo: the request had no Content-Type, so neither has the answer.
      expect(answer.contentType).toBeNull();
    }
  });

  it('rejects a bad instance_id (documented) or lets the handler decide (observed, lenient JSON)', async () => {
    const answer = await ms('PUT', 'drop_instance', { instance_id: 'not valid!' });
    expect(answer.json?.code).toBe(documented ? 'INVALID_ARGUMENT' : 'NOT_FOUND');
    expect(answer.status).toBe(status(200, 404));
    conforms('drop_instance', answer);
  });

  it('plays the seeded scenario from x-mock-scenario: text answers of the debugging handlers', async () => {
    const cuid = '1:regression_instance0:regression-cloud-unique-id0';
    const stats = await ms('POST', 'get_tablet_stats', { cloud_unique_id: cuid, tablet_idx: [{ table_id: 113973, index_id: 113974, partition_id: 113966, tablet_id: 114739 }] }, '', {
      'x-mock-scenario': 'seeded',
    });
    expect(stats.status).toBe(200);
    expect(stats.text).toMatch(/^status \{\n  code: OK\n[\s\S]*tablet_id: 114739[\s\S]*num_rowsets: 2/);
    conforms('get_tablet_stats', stats);
    const aborted = await ms('POST', 'abort_txn', { cloud_unique_id: cuid, txn_id: 869414052004864 }, '', { 'x-mock-scenario': 'seeded' });
    if (documented) expect(aborted.text).toBe('status {\n  code: OK\n  msg: ""\n}\n');
    else expect(aborted.json).toEqual({ code: 'OK', msg: '' });
    const fe = await request(target(), 'GET', '/rest/v2/manager/cluster/cluster_info/cloud_cluster_status', undefined, {
      authorization: `Basic ${Buffer.from('root:').toString('base64')}`,
      'x-mock-scenario': 'seeded',
    });
    expect(fe.json).toMatchObject({ msg: 'success', code: 0, count: 0 });
    expect(Object.keys((fe.json as unknown as { data: object }).data)).toContain('regression_test_cluster_id0');
    // Per request: without the header the instance was never created.
    const without = await ms('GET', 'get_instance', undefined, '&instance_id=regression_instance0');
    expect(without.json?.code).toBe(documented ? 'NOT_FOUND' : 'INTERNAL_ERROR');
  });

  it('answers INTERNAL_ERROR everywhere in the internal-errors scenario', async () => {
    const answer = await ms('PUT', 'get_cluster_status', { instance_ids: ['any'] }, '', { 'x-mock-scenario': 'internal-errors' });
    expect(answer.status).toBe(status(200, 500));
    expect(answer.json?.code).toBe('INTERNAL_ERROR');
    conforms('get_cluster_status', answer);
    await fetch(`${target()}/__contract-kit/reset`, { method: 'POST' });
    expect((await ms('PUT', 'get_cluster_status', { instance_ids: ['any'] })).json?.code).toBe('OK');
  });

  it('injects faults: a status in the Meta Service envelope, latency, a dropped connection', async () => {
    const failed = await ms('PUT', 'get_cluster_status', { instance_ids: ['any'] }, '', { 'x-mock-fault': 'status=503' });
    expect(failed.status).toBe(503);
    expect(failed.json?.code).toBe('INTERNAL_ERROR');
    const started = Date.now();
    const slow = await ms('PUT', 'get_cluster_status', { instance_ids: ['any'] }, '', { 'x-mock-fault': 'latency=120' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(slow.json?.code).toBe('OK');
    await expect(fetch(`${target()}/MetaService/http/get_instance?token=${TOKEN}&instance_id=x`, { headers: { 'x-mock-fault': 'reset' } })).rejects.toThrow();
  });
}

for (const profile of ['documented', 'observed'] as const) {
  describe(`doris-meta-service over the network server, ${profile} profile`, () => {
    let server: Awaited<ReturnType<typeof startMockServer>>;
    beforeAll(async () => {
      const clock = new AdjustableClock();
      server = await startMockServer({ api: 'doris-meta-service', port: 0, clock, simulator: createMetaServiceSimulator({ profile, clock }) });
    });
    afterAll(() => server.close());
    journeys(profile, () => server.url);
  });
}

for (const profile of ['documented', 'observed'] as const) {
  describe(`doris-meta-service through MSW handlers in-process, ${profile} profile`, () => {
    const baseUrl = 'http://meta-service.doris.test:5000';
    const clock = new AdjustableClock();
    const { handlers } = createMswHandlers('doris-meta-service', { baseUrl, clock, simulator: createMetaServiceSimulator({ profile, clock }) });
    const server = setupServer(...handlers);
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());
    journeys(profile, () => baseUrl);
  });
}

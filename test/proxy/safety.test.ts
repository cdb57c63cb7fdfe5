import { afterEach, describe, expect, test } from 'vitest';
import { startMockServer } from '../../src/serve/http.js';
import { startProxyHarness } from './support/proxy-harness.js';
import { fakeDeployment } from './support/recording-server.js';
import { documentedRequest, MS_TOKEN, send } from './support/traffic.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((s) => s.close()));
});

async function guardedProxy(api: 'doris-meta-service' | 'klustron-cluster-manager', allowMutations = false) {
  const deployment = await fakeDeployment();
  open.push(deployment);
  const harness = await startProxyHarness({ api, target: deployment.url, allowMutations });
  open.unshift(harness);
  return { deployment, harness };
}

describe('safe by default: only x-safety: read operations reach a target that is not a local contract-kit mock', () => {
  test('Meta Service: get_instance (read) is forwarded; create_instance (write) is refused with 403 in the Meta Service error shape and never sent', async () => {
    const { deployment, harness } = await guardedProxy('doris-meta-service');
    expect(harness.proxy.guarded).toBe(true);
    const read = await send(harness.proxy.url, await documentedRequest('doris-meta-service', 'get_instance'));
    expect(read.status).toBe(200);
    const write = await send(harness.proxy.url, await documentedRequest('doris-meta-service', 'create_instance', 'hdfs'));
    expect(write.status).toBe(403);
    // ms-status-map: the Meta Service's errors are `{code: <category>, msg}` JSON.
    const body = JSON.parse(write.text) as { code: string; msg: string };
    expect(body.code).toBe('INVALID_ARGUMENT');
    expect(body.msg).toMatch(/create_instance \[hdfs\] is x-safety: write .*--allow-mutations/);
    expect(deployment.seen.map((r) => r.url.split('?')[0])).toEqual(['/MetaService/http/get_instance']);
    const reports = await harness.judged(2);
    expect(reports[1]).toMatchObject({ verdict: 'skip', status: 403 });
    expect(harness.lines.find((l) => l.startsWith('SKIP'))).toMatch(/^SKIP +PUT \/MetaService\/http\/create_instance\?token=\*\*\* → 403 .*refused: create_instance \[hdfs\] is x-safety: write/);
  });

  test('Klustron: the job_type in the body decides: get_status is forwarded, create_cluster is refused in the Klustron envelope', async () => {
    const { deployment, harness } = await guardedProxy('klustron-cluster-manager');
    expect((await send(harness.proxy.url, await documentedRequest('klustron-cluster-manager', 'emit', 'get_status'))).status).toBe(200);
    const refused = await send(harness.proxy.url, await documentedRequest('klustron-cluster-manager', 'emit', 'create_cluster'));
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ status: 'failed', attachment: null });
    expect(deployment.seen.map((r) => JSON.parse(r.body).job_type)).toEqual(['get_status']);
  });

  test('a request no documented operation explains (an undocumented handler) is refused too: it may change state', async () => {
    const { deployment, harness } = await guardedProxy('doris-meta-service');
    const answer = await send(harness.proxy.url, { method: 'GET', target: `/MetaService/http/update_config?token=${MS_TOKEN}&configs=recycle_interval_seconds=1`, headers: {} });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text).msg).toMatch(/is no documented operation of doris-meta-service/);
    expect(deployment.seen).toEqual([]);
  });

  test('--allow-mutations forwards writes; a local contract-kit mock gets them without it', async () => {
    const { deployment, harness } = await guardedProxy('doris-meta-service', true);
    expect(harness.proxy.guarded).toBe(false);
    await send(harness.proxy.url, await documentedRequest('doris-meta-service', 'create_instance', 'hdfs'));
    expect(deployment.seen).toHaveLength(1);

    const mock = await startMockServer({ api: 'doris-meta-service', port: 0 });
    open.push(mock);
    const local = await startProxyHarness({ api: 'doris-meta-service', target: mock.url });
    open.unshift(local);
    expect(local.proxy.guarded).toBe(false);
    expect((await send(local.proxy.url, await documentedRequest('doris-meta-service', 'create_instance', 'hdfs'))).status).toBe(200);
  });
});

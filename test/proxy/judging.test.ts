import { afterEach, describe, expect, test } from 'vitest';
import type { ApiId, Profile } from '../../mocks/shared/types.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { startProxyHarness, type ProxyHarness } from './support/proxy-harness.js';
import { documentedRequest, send, type ClientRequest } from './support/traffic.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((s) => s.close()));
});

async function proxiedSimulator(api: ApiId, profile: Profile): Promise<{ mock: MockServer; harness: ProxyHarness }> {
  const mock = await startMockServer({ api, profile, port: 0 });
  open.push(mock);
  const harness = await startProxyHarness({ api, target: mock.url });
  open.unshift(harness);
  return { mock, harness };
}

/** Sends the requests one after another through the proxy; returns the verdicts in order. */
async function through(harness: ProxyHarness, requests: ClientRequest[]) {
  for (const request of requests) await send(harness.proxy.url, request);
  const reports = await harness.judged(requests.length);
  return reports.map((r) => [r.verdict, r.operationId, r.variant, r.observed]);
}

describe('proxy in front of the simulators', () => {
  test('documented profile: the documents\' own example requests pass, each named by operation and variant', async () => {
    const fe = await proxiedSimulator('doris-fe', 'documented');
    expect(await through(fe.harness, [await documentedRequest('doris-fe', 'get_backends')])).toEqual([['pass', 'get_backends', 'default', undefined]]);

    const ms = await proxiedSimulator('doris-meta-service', 'documented');
    const create = await documentedRequest('doris-meta-service', 'create_instance', 'hdfs');
    const get = await documentedRequest('doris-meta-service', 'get_instance', 'default', { query: { instance_id: JSON.parse(create.body!).instance_id } });
    expect(await through(ms.harness, [create, get])).toEqual([
      ['pass', 'create_instance', 'hdfs', undefined],
      ['pass', 'get_instance', 'default', undefined],
    ]);

    const ax = await proxiedSimulator('alluxio-coordinator', 'documented');
    expect(await through(ax.harness, [await documentedRequest('alluxio-coordinator', 'submit_load_job')])).toEqual([['pass', 'submit_load_job', 'default', undefined]]);

    const kl = await proxiedSimulator('klustron-cluster-manager', 'documented');
    expect(
      await through(kl.harness, [await documentedRequest('klustron-cluster-manager', 'emit', 'create_machine'), await documentedRequest('klustron-cluster-manager', 'emit', 'get_meta_mode')]),
    ).toEqual([
      ['pass', 'emit', 'create_machine', undefined],
      ['pass', 'emit', 'get_meta_mode', undefined],
    ]);
    expect(kl.harness.lines[0]).toMatch(/^PASS +POST \/HttpService\/Emit → 200 +\d+ ms +klustron-cluster-manager emit \[create_machine\]$/);
  });

  test('observed profile: real-server deviations are known deviations named by the spec\'s x-observed ids', async () => {
    // ms-token-403: a wrong token answers HTTP 403 with plain text, not the documented JSON.
    const ms = await proxiedSimulator('doris-meta-service', 'observed');
    const wrongToken = await documentedRequest('doris-meta-service', 'create_instance', 'hdfs', { query: { token: 'not-the-token' } });
    expect(await through(ms.harness, [wrongToken])).toEqual([['known-deviation', 'create_instance', 'hdfs', 'ms-token-403']]);
    expect(ms.harness.lines[0]).toMatch(/^KNOWN-DEVIATION +PUT \/MetaService\/http\/create_instance\?token=\*\*\* → 403 .* known deviation ms-token-403$/);

    // fe-auth: no Authorization header answers HTTP 200 with the envelope's code 401.
    const fe = await proxiedSimulator('doris-fe', 'observed');
    const anonymous = await documentedRequest('doris-fe', 'get_backends');
    delete anonymous.headers.authorization;
    expect(await through(fe.harness, [anonymous])).toEqual([['known-deviation', 'get_backends', 'default', 'fe-auth']]);

    // kl-always-200: every answer is text/plain, where the documents say JSON.
    const kl = await proxiedSimulator('klustron-cluster-manager', 'observed');
    expect(await through(kl.harness, [await documentedRequest('klustron-cluster-manager', 'emit', 'create_machine')])).toEqual([
      ['known-deviation', 'emit', 'create_machine', 'kl-always-200'],
    ]);
    expect(kl.harness.session.summary).toMatchObject({ pass: 0, fail: 0, knownDeviation: 1 });
  });

  test('the client gets the target\'s answer unchanged: status, headers and body as a direct request gets them', async () => {
    const { mock, harness } = await proxiedSimulator('doris-fe', 'observed');
    const request = await documentedRequest('doris-fe', 'get_backends');
    const direct = await send(mock.url, request);
    const proxied = await send(harness.proxy.url, request);
    expect(proxied.status).toBe(direct.status);
    expect(proxied.text).toBe(direct.text);
    const headers = (h: Headers) => {
      const kept: Array<[string, string]> = [];
      h.forEach((value, name) => {
        if (name !== 'date' && name !== 'keep-alive' && name !== 'connection') kept.push([name, value]);
      });
      return kept;
    };
    expect(headers(proxied.headers)).toEqual(headers(direct.headers));
  });

  test('a contract-kit mock\'s control endpoints are reported as not API traffic, not as unmatched', async () => {
    const { harness } = await proxiedSimulator('klustron-cluster-manager', 'documented');
    const answer = await send(harness.proxy.url, { method: 'POST', target: '/__contract-kit/clock/advance?ms=1000', headers: {} });
    expect(answer.status).toBe(200);
    expect((await harness.judged(1)).map((r) => r.verdict)).toEqual(['not-api']);
    expect(harness.session.summary.unmatched).toBe(0);
  });
});

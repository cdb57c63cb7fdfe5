import { afterEach, describe, expect, test } from 'vitest';
import { startProxyHarness } from './support/proxy-harness.js';
import { fakeDeployment } from './support/recording-server.js';
import { documentedRequest, send } from './support/traffic.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((s) => s.close()));
});

async function proxy(faults?: { latencyMs?: number; status?: number; reset?: boolean; rate?: number }) {
  const deployment = await fakeDeployment();
  open.push(deployment);
  const harness = await startProxyHarness({ api: 'doris-meta-service', target: deployment.url, faults });
  open.unshift(harness);
  return { deployment, harness };
}

const getInstance = (fault?: string) =>
  documentedRequest('doris-meta-service', 'get_instance').then((r) => (fault === undefined ? r : { ...r, headers: { ...r.headers, 'x-mock-fault': fault } }));

describe('faults injected into real traffic, with the mocks\' x-mock-fault header and flags', () => {
  test('status=503 answers in the API\'s error shape without forwarding', async () => {
    const { deployment, harness } = await proxy();
    const answer = await send(harness.proxy.url, await getInstance('status=503'));
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toMatchObject({ code: 'INTERNAL_ERROR', msg: expect.stringMatching(/injected fault: x-mock-fault status=503/) });
    expect(deployment.seen).toEqual([]);
    expect((await harness.judged(1))[0]).toMatchObject({ verdict: 'skip', status: 503 });
  });

  test('latency=150 delays the forwarded request; the fault header never reaches the target', async () => {
    const { deployment, harness } = await proxy();
    const started = performance.now();
    const answer = await send(harness.proxy.url, await getInstance('latency=150'));
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(deployment.seen).toHaveLength(1);
    expect(deployment.seen[0]!.headers['x-mock-fault']).toBeUndefined();
  });

  test('reset drops the client\'s connection; nothing is forwarded', async () => {
    const { deployment, harness } = await proxy();
    await expect(send(harness.proxy.url, await getInstance('reset'))).rejects.toThrow();
    expect(deployment.seen).toEqual([]);
    expect((await harness.judged(1))[0]!.detail).toMatch(/x-mock-fault reset/);
  });

  test('a malformed fault header is a 400 that names the syntax', async () => {
    const { deployment, harness } = await proxy();
    const answer = await send(harness.proxy.url, await getInstance('status=abc'));
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/latency=<ms>/);
    expect(deployment.seen).toEqual([]);
  });

  test('faults for every exchange (--fault): the header on one request replaces them for that request', async () => {
    const { deployment, harness } = await proxy({ status: 500 });
    expect((await send(harness.proxy.url, await getInstance())).status).toBe(500);
    expect((await send(harness.proxy.url, await getInstance('latency=0'))).status).toBe(200);
    expect(deployment.seen).toHaveLength(1);
  });
});

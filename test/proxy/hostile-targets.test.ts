import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { hostileHttp, hostileTcp, refusingUrl } from '../reliability/support/hostile-servers.js';
import { startProxyHarness, type ProxyHarness } from './support/proxy-harness.js';
import { selfSignedServer } from './support/tls-server.js';
import { documentedRequest, send } from './support/traffic.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((s) => s.close()));
});

/** A read-only Doris FE request: any target may get it. */
const getBackends = () => documentedRequest('doris-fe', 'get_backends');

async function proxyTo(target: string, options: { timeoutMs?: number; insecure?: boolean } = {}): Promise<ProxyHarness> {
  // allowMutations skips the start-up probe for a contract-kit mock, which a hanging target would stall.
  const harness = await startProxyHarness({ api: 'doris-fe', target, allowMutations: true, ...options });
  open.unshift(harness);
  return harness;
}

/** The message of a proxy error, written in the Doris FE envelope `{msg, code, data, count}` (fe-envelope-200) with the message in `data` as the FE puts it (fe-auth). */
function feMessage(text: string): string {
  const body = JSON.parse(text) as { msg: string; code: number; data: unknown; count: number };
  expect(Object.keys(body).sort()).toEqual(['code', 'count', 'data', 'msg']);
  expect(typeof body.data).toBe('string');
  return body.data as string;
}

describe('proxy in front of hostile targets: the client gets a proxy error in the API\'s shape, the output names the cause, the proxy keeps serving', () => {
  test('nothing listening: 502, "refused the connection", twice', async () => {
    const harness = await proxyTo(await refusingUrl());
    for (let i = 0; i < 2; i++) {
      const answer = await send(harness.proxy.url, await getBackends());
      expect(answer.status).toBe(502);
      expect(feMessage(answer.text)).toMatch(/refused the connection/);
    }
    const reports = await harness.judged(2);
    expect(reports.map((r) => r.verdict)).toEqual(['fail', 'fail']);
    expect(harness.lines[0]).toMatch(/^FAIL .* → 502 .*no answer from the target: .*refused the connection.*ECONNREFUSED/);
  });

  test('a target that never answers: 504 after --timeout, naming the flag', async () => {
    const hang = await hostileHttp(() => undefined);
    open.push(hang);
    const harness = await proxyTo(hang.url, { timeoutMs: 300 });
    const started = performance.now();
    const answer = await send(harness.proxy.url, await getBackends());
    expect(answer.status).toBe(504);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(feMessage(answer.text)).toMatch(/no answer within 300 ms \(raise --timeout/);
    expect((await send(harness.proxy.url, await getBackends())).status).toBe(504);
    expect((await harness.judged(2))[0]!.detail).toMatch(/no answer within 300 ms/);
  });

  test('a target that resets the connection: 502 naming the reset', async () => {
    const reset = await hostileTcp((socket) => socket.once('data', () => socket.resetAndDestroy()));
    open.push(reset);
    const harness = await proxyTo(reset.url);
    const answer = await send(harness.proxy.url, await getBackends());
    expect(answer.status).toBe(502);
    expect(feMessage(answer.text)).toMatch(/closed the connection before answering .*ECONNRESET/);
  });

  test('a target that answers garbage (not HTTP): 502 naming it', async () => {
    const garbage = await hostileTcp((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n')));
    open.push(garbage);
    const harness = await proxyTo(garbage.url);
    const answer = await send(harness.proxy.url, await getBackends());
    expect(answer.status).toBe(502);
    expect(feMessage(answer.text)).toMatch(/not an HTTP answer/);
  });

  test('a target that dies mid-body: the client\'s stream is cut and the exchange fails with the cause', async () => {
    const dies = await hostileHttp((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"msg":"success","code":0,');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    open.push(dies);
    const harness = await proxyTo(dies.url);
    await expect(send(harness.proxy.url, await getBackends())).rejects.toThrow();
    const [report] = await harness.judged(1);
    expect(report).toMatchObject({ verdict: 'fail', status: 200 });
    expect(report!.detail).toMatch(/after 200 and part of the body/);
  });

  test('a target that stalls mid-body: after --timeout without a byte the client\'s stream is cut, the cause named', async () => {
    const stalls = await hostileHttp((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"msg":"success",');
    });
    open.push(stalls);
    const harness = await proxyTo(stalls.url, { timeoutMs: 300 });
    await expect(send(harness.proxy.url, await getBackends())).rejects.toThrow();
    const [report] = await harness.judged(1);
    expect(report).toMatchObject({ verdict: 'fail', status: 200 });
    expect(report!.detail).toMatch(/the answer stalled for 300 ms mid-body \(raise --timeout, now 300 ms\) \(after 200 and part of the body\)/);
  });

  test('a 50 MB answer reaches the client whole, byte for byte; it is forwarded but not judged', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const size = 50 * chunk.length;
    const big = await hostileHttp((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(size) });
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    open.push(big);
    const harness = await proxyTo(big.url);
    const response = await fetch(`${harness.proxy.url}/api/backends`, { headers: (await getBackends()).headers });
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBe(size);
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(Buffer.concat(Array(50).fill(chunk))).digest('hex'));
    const [report] = await harness.judged(1);
    expect(report).toMatchObject({ verdict: 'skip', status: 200 });
    expect(report!.detail).toBe(`response body over the judging cap (${size} bytes): forwarded, not judged`);
  });

  test('a 20 MB request body is streamed to the target whole (not judged); a guarded proxy refuses it unread with 413', async () => {
    let received = 0;
    const sink = await hostileHttp((req, res) => {
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":"OK","msg":""}'));
    });
    open.push(sink);
    const size = 20 * 1024 * 1024;
    const upload = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(size, 'a') };
    const unguarded = await startProxyHarness({ api: 'doris-meta-service', target: sink.url, allowMutations: true });
    open.unshift(unguarded);
    expect((await fetch(`${unguarded.proxy.url}/MetaService/http/create_instance?token=t`, upload)).status).toBe(200);
    expect(received).toBe(size);
    expect((await unguarded.judged(1))[0]).toMatchObject({ verdict: 'skip', detail: `request body over the judging cap (${size} bytes): forwarded, not judged` });

    received = 0;
    const guarded = await startProxyHarness({ api: 'doris-meta-service', target: sink.url });
    open.unshift(guarded);
    const refused = await fetch(`${guarded.proxy.url}/MetaService/http/create_instance?token=t`, upload);
    expect(refused.status).toBe(413);
    expect((await refused.json()) as { msg: string }).toMatchObject({ msg: expect.stringMatching(/cannot tell whether it is a read/) });
    expect(received).toBe(0);
  });

  test('a redirect is passed through unchanged (not followed) and judged: the FE documents only 200', async () => {
    const redirecting = await hostileHttp((_req, res) => res.writeHead(302, { location: 'http://fe-2.example:8030/api/backends?is_alive=true' }).end());
    open.push(redirecting);
    const harness = await proxyTo(redirecting.url);
    const response = await fetch(`${harness.proxy.url}/api/backends?is_alive=true`, { headers: (await getBackends()).headers, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://fe-2.example:8030/api/backends?is_alive=true');
    const [report] = await harness.judged(1);
    expect(report).toMatchObject({ verdict: 'fail', status: 302, operationId: 'get_backends' });
    expect(report!.checks.map((c) => c.name)).toContain('status_code_conformance');
  });

  test('https with a self-signed certificate: refused with a clear error naming --insecure; accepted with it', async () => {
    const documentedAnswer = '{"msg":"success","code":0,"data":{"backends":[{"ip":"192.168.1.1","http_port":8040,"is_alive":true}]},"count":0}';
    const tls = await selfSignedServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(documentedAnswer));
    open.push(tls);
    const strict = await proxyTo(tls.url);
    const refused = await send(strict.proxy.url, await getBackends());
    expect(refused.status).toBe(502);
    expect(feMessage(refused.text)).toMatch(/TLS with https:\/\/127\.0\.0\.1:\d+ failed .*self-signed.*pass --insecure/i);

    const insecure = await proxyTo(tls.url, { insecure: true });
    const accepted = await send(insecure.proxy.url, await getBackends());
    expect(accepted).toMatchObject({ status: 200, text: documentedAnswer });
    expect((await insecure.judged(1))[0]).toMatchObject({ verdict: 'pass', operationId: 'get_backends' });
  });
});

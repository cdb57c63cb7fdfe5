import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startMockServer, type MockServer, type MockServerOptions } from '../../src/serve/http.js';
import type { IndexedSpec } from '../../src/spec/types.js';
import { FakeSimulator, loadFakeSpec } from './fixtures/fake-simulator.js';

let spec: IndexedSpec;
const servers: MockServer[] = [];
beforeAll(async () => {
  spec = await loadFakeSpec();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Partial<MockServerOptions> = {}) {
  const simulator = new FakeSimulator();
  const server = await startMockServer({ api: 'doris-fe', spec, simulator, port: 0, ...options });
  servers.push(server);
  return { server, simulator };
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request with node:http, for what fetch hides: chunked uploads, partial bodies, resets. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string; chunks?: Buffer[]; endBody?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    if (options.body !== undefined) req.write(options.body);
    if (options.endBody !== false) req.end();
  });
}

describe('startMockServer', () => {
  test('serves routed requests through the simulator, binding 127.0.0.1 by default', async () => {
    const { server, simulator } = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/api/jobs`, { method: 'POST', body: '{"kind":"start","path":"/a"}', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ handled: 'submit_job', variant: 'start', body: { kind: 'start', path: '/a' } });
    expect(simulator.handled).toHaveLength(1);
  });

  test('invalid and unrouted requests get the simulator\'s own errors over the wire', async () => {
    const { server } = await start();
    const invalid = await fetch(`${server.url}/api/items/x`, { method: 'PUT', body: '{"name": 1}' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ fakeError: 'invalid' });
    const unrouted = await fetch(`${server.url}/api/elsewhere`);
    expect(unrouted.status).toBe(404);
    expect(await unrouted.json()).toMatchObject({ fakeError: 'unrouted', reason: { kind: 'no-path' } });
  });

  test('keeps connections alive between requests', async () => {
    const { server } = await start();
    const res = await send(`${server.url}/api/items`);
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('keep-alive');
  });

  test('a 60 KB query string reaches the simulator (node\'s 16 KB header limit is raised)', async () => {
    const { server, simulator } = await start();
    const res = await send(`${server.url}/api/items?pad=${'x'.repeat(60 * 1024)}`);
    expect(res.status).toBe(200);
    expect(simulator.handled[0]!.query.pad).toHaveLength(60 * 1024);
  });

  test('a port in use is an error naming the port and the flag to change it', async () => {
    const { server } = await start();
    await expect(startMockServer({ api: 'doris-fe', spec, simulator: new FakeSimulator(), port: server.port })).rejects.toThrow(
      new RegExp(`port ${server.port} .*already in use.*--port doris-fe=<port>`),
    );
  });

  test('close() returns even with idle keep-alive connections open', async () => {
    const { server } = await start();
    await send(`${server.url}/api/items`);
    const closed = servers.pop()!;
    await closed.close();
    await expect(fetch(`${server.url}/api/items`)).rejects.toThrow();
  });
});

describe('CORS', () => {
  test('answers a preflight from a page on this machine (the docs origin) with CORS headers for that origin, without reaching the simulator', async () => {
    const { server, simulator } = await start();
    const res = await send(`${server.url}/api/jobs`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:4000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-mock-fault' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://127.0.0.1:4000');
    expect(res.headers.vary).toBe('Origin');
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, PUT, DELETE, OPTIONS');
    const allowed = String(res.headers['access-control-allow-headers']).split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['*', 'content-type', 'authorization', 'x-mock-fault', 'x-mock-scenario']));
    expect(simulator.handled).toHaveLength(0);
    expect(simulator.unrouted).toHaveLength(0);
  });

  test('every response to a loopback origin allows that origin; other origins get no CORS headers', async () => {
    const { server } = await start();
    for (const url of ['/api/items', '/api/nowhere', '/__contract-kit/health']) {
      const res = await fetch(`${server.url}${url}`, { headers: { origin: 'http://localhost:4000' } });
      expect(res.headers.get('access-control-allow-origin'), url).toBe('http://localhost:4000');
    }
    const foreign = await fetch(`${server.url}/api/items`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(200);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('an OPTIONS that is not a preflight is an ordinary request for the API to judge', async () => {
    const { server, simulator } = await start();
    const res = await send(`${server.url}/api/items`, { method: 'OPTIONS' });
    expect(res.status).toBe(404);
    expect(simulator.unrouted[0]!.reason).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
  });

  test('cors: false sends no CORS headers and routes OPTIONS to the API', async () => {
    const { server } = await start({ cors: false });
    const res = await send(`${server.url}/api/items`, { method: 'OPTIONS', headers: { origin: 'x', 'access-control-request-method': 'GET' } });
    expect(res.status).toBe(404);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('body size limit', () => {
  test('a declared Content-Length over the limit is refused with 413 in the API\'s error shape before the body is sent', async () => {
    const { server, simulator } = await start();
    // Declares 20 MB but sends only 64 KB and never ends: the answer must come anyway.
    const res = await send(`${server.url}/api/items/a`, {
      method: 'PUT',
      headers: { 'content-length': 20 * 1024 * 1024 },
      chunks: [Buffer.alloc(64 * 1024, 0x20)],
      endBody: false,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).fakeError).toMatch(/larger than/);
    expect(res.headers.connection).toBe('close');
    expect(simulator.handled).toHaveLength(0);
  });

  test('a chunked body is counted while streaming and refused once over the limit', async () => {
    const { server, simulator } = await start({ maxBodyBytes: 1024 });
    const res = await send(`${server.url}/api/items/a`, {
      method: 'PUT',
      headers: { 'transfer-encoding': 'chunked' },
      chunks: [Buffer.alloc(800, 0x20), Buffer.alloc(800, 0x20)],
    });
    expect(res.status).toBe(413);
    expect(simulator.handled).toHaveLength(0);
    expect(simulator.rejected).toHaveLength(0);
  });

  test('a body at the limit is accepted', async () => {
    const { server } = await start({ maxBodyBytes: 1024 });
    const body = JSON.stringify({ name: 'x'.repeat(1024 - '{"name":""}'.length) });
    expect(Buffer.byteLength(body)).toBe(1024);
    expect((await send(`${server.url}/api/items/a`, { method: 'PUT', body })).status).toBe(200);
  });
});

describe('faults over the network', () => {
  test('x-mock-fault: reset drops the connection', async () => {
    const { server, simulator } = await start();
    await expect(send(`${server.url}/api/items`, { headers: { 'x-mock-fault': 'reset' } })).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|socket hang up/),
    });
    expect(simulator.handled).toHaveLength(0);
    // The server keeps serving.
    expect((await send(`${server.url}/api/items`)).status).toBe(200);
  });

  test('x-mock-fault: latency delays the answer', async () => {
    const { server } = await start();
    const started = performance.now();
    const res = await fetch(`${server.url}/api/items`, { headers: { 'x-mock-fault': 'latency=150' } });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('x-mock-fault: status answers in the API\'s error shape; bad syntax answers 400', async () => {
    const { server } = await start();
    const faulted = await fetch(`${server.url}/api/items`, { headers: { 'x-mock-fault': 'status=503' } });
    expect(faulted.status).toBe(503);
    expect(await faulted.json()).toMatchObject({ fakeError: expect.stringContaining('503') });
    const bad = await fetch(`${server.url}/api/items`, { headers: { 'x-mock-fault': 'slow' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('latency=<ms>');
  });

  test('server-wide faults from the configuration', async () => {
    const { server } = await start({ faults: { status: 500 } });
    expect((await fetch(`${server.url}/api/items`)).status).toBe(500);
    await expect(start({ faults: { status: 42 } })).rejects.toThrow(/faults.status/);
  });
});

describe('control endpoints over the network', () => {
  test('health names the api and profile; reset and scenario reach the simulator', async () => {
    const { server, simulator } = await start();
    const health = await (await fetch(`${server.url}/__contract-kit/health`)).json();
    expect(health).toMatchObject({ api: 'doris-fe', profile: 'documented' });
    expect((await fetch(`${server.url}/__contract-kit/scenario/all-dead`, { method: 'POST' })).status).toBe(200);
    expect(simulator.appliedScenarios).toEqual(['all-dead']);
    expect((await fetch(`${server.url}/__contract-kit/reset`, { method: 'POST' })).status).toBe(200);
    expect(simulator.resets).toBe(1);
  });

  test('the server\'s clock is controllable when it is given', async () => {
    const simulator = new FakeSimulator();
    const { server } = await start({ simulator, clock: simulator.clock });
    const before = simulator.clock.now();
    expect((await fetch(`${server.url}/__contract-kit/clock/advance?ms=5000`, { method: 'POST' })).status).toBe(200);
    expect(simulator.clock.now()).toBe(before + 5000);
  });
});

test('startMockServer refuses a host that is not local to this machine with a clear message', async () => {
  await expect(start({ host: '203.0.113.1' })).rejects.toThrow(/cannot bind 203\.0\.113\.1/);
});

test('a port held by another process is reported the same way', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as { port: number }).port;
  try {
    await expect(startMockServer({ api: 'doris-fe', spec, simulator: new FakeSimulator(), port })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is already in use (doris-fe mock); choose another port with --port doris-fe=<port>`,
    );
  } finally {
    holder.close();
  }
});

test('Expect: 100-continue with an oversized body is refused before the upload starts', async () => {
  const simulator = new FakeSimulator();
  const server = await startMockServer({ api: 'doris-fe', spec, simulator, port: 0 });
  servers.push(server);
  const answer = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
    let continued = false;
    const req = httpRequest(`${server.url}/api/items/a`, {
      method: 'PUT',
      headers: { 'content-length': 20 * 1024 * 1024, expect: '100-continue' },
    });
    req.on('continue', () => (continued = true));
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, continued });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  expect(answer).toEqual({ status: 413, continued: false });
});

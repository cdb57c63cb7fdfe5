/**
 * A web page in the developer's browser must not drive the mocks: control endpoints refuse pages
 * of other origins, a loopback-bound mock answers only loopback Host names (DNS rebinding), and
 * CORS is granted to pages served from this machine (the docs' try-it), not to every origin.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { sendRaw } from '../reliability/support/raw-http.js';

const TOKEN = 'greedisgood9999';
let server: MockServer;
let port: string;
beforeAll(async () => {
  server = await startMockServer({ api: 'doris-meta-service', port: 0 });
  port = new URL(server.url).port;
});
afterAll(() => server?.close());

const createInstance = (id: string) => ({
  method: 'PUT',
  path: `/MetaService/http/create_instance?token=${TOKEN}`,
  headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
  body: JSON.stringify({ instance_id: id, vault: { obj_info: { ak: 'AK1', sk: 'SK1', bucket: 'b', endpoint: 'e', region: 'r', provider: 'COS' } } }),
});
const getInstance = (id: string, headers: Record<string, string>) => ({ method: 'GET', path: `/MetaService/http/get_instance?token=${TOKEN}&instance_id=${id}`, headers });

describe('control endpoints', () => {
  test('a page of another origin cannot reset the mock (403, state kept)', async () => {
    expect((await sendRaw(server.url, createInstance('kept_instance'))).status).toBe(200);
    const reset = await sendRaw(server.url, { method: 'POST', path: '/__contract-kit/reset', headers: { host: `127.0.0.1:${port}`, origin: 'https://evil.example' } });
    expect(reset.status).toBe(403);
    expect(reset.headers['access-control-allow-origin']).toBeUndefined();
    const still = await sendRaw(server.url, getInstance('kept_instance', { host: `127.0.0.1:${port}` }));
    expect(JSON.parse(still.text)).toMatchObject({ code: 'OK' });
  });

  test('a page of another origin gets no CORS grant on a control preflight', async () => {
    const preflight = await sendRaw(server.url, {
      method: 'OPTIONS',
      path: '/__contract-kit/state',
      headers: { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('curl (no Origin) and the docs page (a loopback origin) still reach them', async () => {
    const plain = await sendRaw(server.url, { method: 'GET', path: '/__contract-kit/health', headers: { host: `127.0.0.1:${port}` } });
    expect(plain.status).toBe(200);
    const docs = await sendRaw(server.url, { method: 'GET', path: '/__contract-kit/health', headers: { host: `localhost:${port}`, origin: 'http://127.0.0.1:4000' } });
    expect(docs.status).toBe(200);
    expect(docs.headers['access-control-allow-origin']).toBe('http://127.0.0.1:4000');
  });
});

describe('Host names (DNS rebinding)', () => {
  test.each(['evil.example', 'rebind.attacker.test:5000', '127.example.com'])('Host %s is refused with 403 in the API\'s shape before any state is read', async (host) => {
    expect((await sendRaw(server.url, createInstance('secret_instance'))).status).toBe(200);
    const answer = await sendRaw(server.url, getInstance('secret_instance', { host }));
    expect(answer.status).toBe(403);
    expect(answer.text).not.toContain('SK1');
    expect(JSON.parse(answer.text)).toMatchObject({ code: expect.any(String), msg: expect.stringContaining('Host') });
  });

  test.each(['127.0.0.1', 'localhost', '[::1]', 'app.localhost', '127.1.2.3'])('Host %s (with the port) is served', async (host) => {
    const answer = await sendRaw(server.url, { method: 'GET', path: '/__contract-kit/health', headers: { host: `${host}:${port}` } });
    expect(answer.status).toBe(200);
  });

  test('a mock exposed with --host 0.0.0.0 answers any Host (the user chose to expose it)', async () => {
    const exposed = await startMockServer({ api: 'doris-fe', host: '0.0.0.0', port: 0 });
    try {
      const answer = await sendRaw(`http://127.0.0.1:${exposed.port}`, { method: 'GET', path: '/__contract-kit/health', headers: { host: `fe.lan:${exposed.port}` } });
      expect(answer.status).toBe(200);
    } finally {
      await exposed.close();
    }
  });
});

describe('CORS on API endpoints', () => {
  test('a page of another origin is not granted CORS (its script cannot read stored ak/sk)', async () => {
    expect((await sendRaw(server.url, createInstance('cors_instance'))).status).toBe(200);
    const answer = await sendRaw(server.url, getInstance('cors_instance', { host: `127.0.0.1:${port}`, origin: 'https://evil.example' }));
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('the docs origin is granted CORS for try-it', async () => {
    const answer = await sendRaw(server.url, getInstance('cors_instance', { host: `127.0.0.1:${port}`, origin: 'http://localhost:4000' }));
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:4000');
  });
});

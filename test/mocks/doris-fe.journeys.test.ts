import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../mocks/shared/types.js';
import { loadSpec, type IndexedOperation } from '../../src/spec/index.js';
import { setupServer } from 'msw/node';
import { startMockServer } from '../../src/serve/http.js';
import { createMswHandlers } from '../../src/serve/msw.js';
import { validateValue } from '../../src/validate/index.js';

/**
 * The documented journeys of GET /api/backends over real HTTP requests, against each adapter and
 * both profiles: what a connector sees, not what the simulator returns internally.
 */

const ROOT = `Basic ${Buffer.from('root:').toString('base64')}`;

interface Envelope {
  msg: string;
  code: number;
  data: unknown;
  count: number;
}

interface Answer {
  status: number;
  headers: Headers;
  body: Envelope;
}

async function call(baseUrl: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers: init.headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Envelope };
}

const ips = (answer: Answer) => (answer.body.data as { backends: { ip: string }[] }).backends.map((b) => b.ip);

let operation: IndexedOperation;
beforeAll(async () => {
  operation = (await loadSpec('doris-fe')).operationById.get('get_backends')!;
});

function expectDocumented(answer: Answer) {
  const response = operation.responses.find((r) => r.status === String(answer.status));
  expect(response, `HTTP ${answer.status} is documented`).toBeDefined();
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(validateValue(response!.content[0]!.schema!, answer.body)).toEqual([]);
}

/** Registers the journey tests for one adapter; `target()` gives the base URL once it is up. */
function journeys(profile: Profile, target: () => string) {
  const documented = profile === 'documented';
  const auth = { authorization: ROOT };

  it('refuses a request without credentials', async () => {
    const answer = await call(target(), '/api/backends');
    expect(answer.status).toBe(documented ? 401 : 200);
    expect(answer.body).toEqual({ msg: 'Unauthorized', code: 401, data: 'Need auth information.', count: 0 });
    if (documented) {
      expectDocumented(answer);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
    } else {
      expect(answer.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('lists all backends, then only live ones with is_alive=true', async () => {
    const all = await call(target(), '/api/backends', { headers: auth });
    expect(all.status).toBe(200);
    expect(ips(all)).toEqual(['192.168.1.1', '192.168.1.2', '192.168.1.3']);
    const live = await call(target(), '/api/backends?is_alive=true', { headers: auth });
    expect(ips(live)).toEqual(['192.168.1.1', '192.168.1.2']);
    if (documented) {
      expectDocumented(all);
      expectDocumented(live);
    } else {
      expect(Object.keys((all.body.data as { backends: object[] }).backends[0]!)).toContain('alive');
    }
  });

  it('handles a value of is_alive other than true/false as its profile says', async () => {
    const answer = await call(target(), '/api/backends?is_alive=yes', { headers: auth });
    if (documented) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ msg: 'Bad Request', code: 403 });
      expectDocumented(answer);
    } else {
      expect(answer.status).toBe(200);
      expect(ips(answer)).toHaveLength(3); // fe-is-alive-filter: silently all
      expect(ips(await call(target(), '/api/backends?is_alive=TRUE', { headers: auth }))).toHaveLength(2);
    }
  });

  it('answers another method in the FE envelope', async () => {
    const answer = await call(target(), '/api/backends', { method: 'POST', headers: auth });
    expect(answer.status).toBe(documented ? 405 : 200);
    expect(answer.body.code).toBe(documented ? 1 : 500);
    expect(answer.body.count).toBe(0);
  });

  it('plays a scenario named in x-mock-scenario for that request only; POST scenario/<name> makes it last until reset', async () => {
    const dead = await call(target(), '/api/backends?is_alive=true', { headers: { ...auth, 'x-mock-scenario': 'all-backends-dead' } });
    expect(ips(dead)).toEqual([]);
    expect(ips(await call(target(), '/api/backends?is_alive=true', { headers: auth }))).toHaveLength(2);
    expect((await fetch(`${target()}/__contract-kit/scenario/all-backends-dead`, { method: 'POST' })).status).toBe(200);
    expect(ips(await call(target(), '/api/backends?is_alive=true', { headers: auth }))).toEqual([]);
    const reset = await fetch(`${target()}/__contract-kit/reset`, { method: 'POST' });
    expect(reset.status).toBeLessThan(300);
    expect(ips(await call(target(), '/api/backends?is_alive=true', { headers: auth }))).toHaveLength(2);
  });

  it('injects faults: a status in the FE envelope, latency, a dropped connection', async () => {
    const failed = await call(target(), '/api/backends', { headers: { ...auth, 'x-mock-fault': 'status=500' } });
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ msg: 'Internal Error', code: 500, count: 0 });

    const started = Date.now();
    const slow = await call(target(), '/api/backends', { headers: { ...auth, 'x-mock-fault': 'latency=150' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(ips(slow)).toHaveLength(3);

    await expect(fetch(`${target()}/api/backends`, { headers: { ...auth, 'x-mock-fault': 'reset' } })).rejects.toThrow();
  });
}

for (const profile of ['documented', 'observed'] as const) {
  describe(`doris-fe over the network server, ${profile} profile`, () => {
    let server: Awaited<ReturnType<typeof startMockServer>>;
    beforeAll(async () => {
      server = await startMockServer({ api: 'doris-fe', profile, port: 0 });
    });
    afterAll(() => server.close());
    journeys(profile, () => server.url);
  });
}

for (const profile of ['documented', 'observed'] as const) {
  describe(`doris-fe through MSW handlers in-process, ${profile} profile`, () => {
    const baseUrl = 'http://fe.doris.test:8030';
    const { handlers } = createMswHandlers('doris-fe', { baseUrl, profile });
    const server = setupServer(...handlers);
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());
    journeys(profile, () => baseUrl);
  });
}

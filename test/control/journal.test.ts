import { afterEach, describe, expect, test } from 'vitest';
import { ADAPTERS, FE_AUTH, json, MS_TOKEN, startTarget, type ControlTarget } from './adapters.js';
import { createMswHandlers } from '../../src/serve/msw.js';
import { setupServer } from 'msw/node';

/**
 * The request journal: GET /__contract-kit/requests?operation=&since=&limit= (oldest first),
 * DELETE clears, secrets redacted, bounded; in-process journal() with count/last/expectRequested;
 * x-contract-kit-problem carries what the API's error body has no room for.
 */

let target: ControlTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const requests = async (t: ControlTarget, query = '') => {
  const res = await fetch(`${t.url}/__contract-kit/requests${query}`);
  return { status: res.status, body: await json(res) };
};

for (const adapter of ADAPTERS) {
  describe(`journal over ${adapter}`, () => {
    test('records method, path, operation, variant, problems, scenario, fault, status and duration; oldest first', async () => {
      target = await startTarget(adapter, 'alluxio-coordinator');
      await fetch(`${target.url}/api/v1/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await fetch(`${target.url}/api/v1/mount`, { headers: { 'x-mock-fault': 'status=503' } });
      await fetch(`${target.url}/api/v1/nowhere`);
      const { status, body } = await requests(target);
      expect(status).toBe(200);
      const entries = body.requests as Record<string, unknown>[];
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(entries[0]).toMatchObject({ method: 'POST', path: '/api/v1/load', operation: 'submit_load_job', status: 400, scenario: null, fault: null });
      expect(entries[0]!.problems).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body' })]));
      expect(entries[1]).toMatchObject({ method: 'GET', path: '/api/v1/mount', fault: 'status=503', status: 503 });
      expect(entries[2]).toMatchObject({ operation: null, variant: null, status: 404 });
      for (const entry of entries) {
        expect(Date.parse(String(entry.time))).toBeGreaterThan(Date.now() - 60_000);
        expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      }
    });

    test('Alluxio\'s {"status"} body cannot say why; x-contract-kit-problem does, and the body keeps its documented shape', async () => {
      target = await startTarget(adapter, 'alluxio-coordinator');
      const res = await fetch(`${target.url}/api/v1/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"paths": "not-a-list"}' });
      expect(res.status).toBe(400);
      // The document's answer to a request without its parameters.
      expect(await res.json()).toEqual({ status: 'Required parameters not provided' });
      expect(res.headers.get('x-contract-kit-problem')).toContain('body: /paths must be array');
      const unrouted = await fetch(`${target.url}/api/v1/nowhere`);
      expect(unrouted.headers.get('x-contract-kit-problem')).toContain('no documented path matches /api/v1/nowhere');
    });

    test('filters by operation, since and limit; DELETE clears; sequence numbers go on', async () => {
      target = await startTarget(adapter, 'doris-fe');
      await fetch(`${target.url}/api/backends`, { headers: FE_AUTH });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const since = new Date().toISOString();
      await fetch(`${target.url}/api/backends?is_alive=true`, { headers: FE_AUTH });
      await fetch(`${target.url}/api/nothing`);
      expect(((await requests(target, '?operation=get_backends')).body.requests as unknown[]).length).toBe(2);
      expect(((await requests(target, `?since=${encodeURIComponent(since)}`)).body.requests as { seq: number }[]).map((e) => e.seq)).toEqual([2, 3]);
      expect(((await requests(target, `?since=${Date.parse(since)}&operation=get_backends`)).body.requests as { seq: number }[]).map((e) => e.seq)).toEqual([2]);
      expect(((await requests(target, '?limit=1')).body.requests as { seq: number }[]).map((e) => e.seq)).toEqual([3]);
      expect((await fetch(`${target.url}/__contract-kit/requests`, { method: 'DELETE' })).status).toBe(200);
      expect((await requests(target)).body.requests).toEqual([]);
      await fetch(`${target.url}/api/backends`, { headers: FE_AUTH });
      expect((await requests(target)).body.requests).toEqual([expect.objectContaining({ seq: 4 })]);
    });

    test.each([
      ['?since=yesterday', 'since must be'],
      ['?since=2026-13-45T99:00:00Z', 'since must be'],
      ['?limit=0', 'limit must be'],
      ['?limit=-1', 'limit must be'],
      ['?limit=1e3', 'limit must be'],
      ['?operation=', 'operation must be'],
      ['?sort=desc', "unknown parameter 'sort'"],
    ])('a bad filter %s gets 400 naming what is wrong', async (query, message) => {
      target ??= await startTarget(adapter, 'doris-fe');
      const { status, body } = await requests(target, query);
      expect(status).toBe(400);
      expect(String(body.error)).toContain(message);
    });

    test('secrets are redacted: the Meta Service token in the query', async () => {
      target = await startTarget(adapter, 'doris-meta-service');
      await fetch(`${target.url}/MetaService/http/get_instance?token=${MS_TOKEN}&instance_id=x`);
      const { body } = await requests(target);
      expect(JSON.stringify(body)).not.toContain(MS_TOKEN);
      expect((body.requests as { query: Record<string, string> }[])[0]!.query).toEqual({ token: '***', instance_id: 'x' });
    });

    test('bounded: a journal of 3 keeps the last 3', async () => {
      target = await startTarget(adapter, 'doris-fe', { journalSize: 3 });
      for (let i = 0; i < 5; i++) await fetch(`${target.url}/api/backends`, { headers: FE_AUTH });
      expect(((await requests(target)).body.requests as { seq: number }[]).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect((await requests(target, '?limit=4')).status).toBe(400);
    });

    test('control requests are not journaled', async () => {
      target = await startTarget(adapter, 'doris-fe');
      await fetch(`${target.url}/__contract-kit/health`);
      expect((await requests(target)).body.requests).toEqual([]);
    });
  });
}

describe('the in-process journal of an MSW module', () => {
  test('count, last and expectRequested, with a message listing what was requested instead', async () => {
    const mock = createMswHandlers('doris-fe', { baseUrl: 'http://fe.journal.test:8030' });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      for (let i = 0; i < 3; i++) await fetch('http://fe.journal.test:8030/api/backends?is_alive=true', { headers: FE_AUTH });
      await fetch('http://fe.journal.test:8030/api/backend');
      expect(mock.journal().count({ operation: 'get_backends' })).toBe(3);
      expect(mock.journal().last()).toMatchObject({ path: '/api/backend', operation: null, status: 404 });
      mock.expectRequested('get_backends', { atLeast: 3 });
      expect(() => mock.expectRequested('get_backends', { exactly: 2 })).toThrow(
        'expected get_backends to be requested exactly 2 time(s), it was requested 3 time(s); the journal holds: get_backends x3, (unrouted GET /api/backend) x1',
      );
      expect(() => mock.expectRequested('cloud_cluster_status')).toThrow(/requested 0 time/);
    } finally {
      server.close();
    }
  });
});

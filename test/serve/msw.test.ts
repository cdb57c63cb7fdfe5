import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createMswHandlers } from '../../src/serve/msw.js';
import type { IndexedSpec } from '../../src/spec/types.js';
import { FakeSimulator, loadFakeSpec } from './fixtures/fake-simulator.js';

const BASE = 'http://fake.test:9999';
const simulator = new FakeSimulator();
const server = setupServer();
let spec: IndexedSpec;

beforeAll(async () => {
  spec = await loadFakeSpec();
  server.listen({ onUnhandledRequest: 'error' });
  server.use(...createMswHandlers('doris-fe', { baseUrl: `${BASE}/`, simulator, spec, clock: simulator.clock }).handlers);
});
afterEach(() => {
  simulator.handled.length = 0;
  simulator.rejected.length = 0;
  simulator.unrouted.length = 0;
});
afterAll(() => server.close());

describe('createMswHandlers (same dispatch as the network server)', () => {
  test('routes, parses the body and reaches handle with the canonical operation', async () => {
    const res = await fetch(`${BASE}/api/v1/jobs`, { method: 'POST', body: '{"kind":"stop","id":"7"}', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ handled: 'submit_job', variant: 'stop' });
  });

  test('query strings reach the simulator decoded', async () => {
    await fetch(`${BASE}/api/items?limit=3&verbose=false`);
    expect(simulator.handled[0]!.query).toEqual({ limit: '3', verbose: 'false' });
  });

  test('invalid requests go to rejectInvalid, unknown paths to rejectUnrouted', async () => {
    expect((await fetch(`${BASE}/api/items?limit=0`)).status).toBe(400);
    expect(simulator.rejected[0]!.problems[0]).toMatchObject({ in: 'query', pointer: 'limit' });
    expect((await fetch(`${BASE}/api/unknown`)).status).toBe(404);
    expect(simulator.unrouted[0]!.reason).toEqual({ kind: 'no-path' });
  });

  test('text answers are sent as text', async () => {
    const res = await fetch(`${BASE}/api/text`, { method: 'POST', body: 'key=v' });
    expect(await res.text()).toBe('got key=v');
  });

  test('x-mock-fault: reset is a network error for the caller', async () => {
    await expect(fetch(`${BASE}/api/items`, { headers: { 'x-mock-fault': 'reset' } })).rejects.toThrow(TypeError);
    expect(simulator.handled).toHaveLength(0);
  });

  test('x-mock-fault: status and latency', async () => {
    const started = performance.now();
    const res = await fetch(`${BASE}/api/items`, { headers: { 'x-mock-fault': 'status=502;latency=60' } });
    expect(res.status).toBe(502);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  test('control endpoints work in-process too', async () => {
    const before = simulator.clock.now();
    expect((await fetch(`${BASE}/__contract-kit/clock/advance?ms=1000`, { method: 'POST' })).status).toBe(200);
    expect(simulator.clock.now()).toBe(before + 1000);
    const health = await (await fetch(`${BASE}/__contract-kit/health`)).json();
    expect(health).toMatchObject({ api: 'doris-fe', profile: 'documented' });
  });

  test('reset() resets the simulator', () => {
    const { reset } = createMswHandlers('doris-fe', { baseUrl: BASE, simulator, spec });
    const before = simulator.resets;
    reset();
    expect(simulator.resets).toBe(before + 1);
  });

  test('other origins are not intercepted', async () => {
    await expect(fetch('http://other.test/api/items')).rejects.toThrow();
  });
});

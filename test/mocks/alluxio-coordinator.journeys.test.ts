import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlluxioSimulator } from '../../mocks/alluxio-coordinator/index.js';
import { ManualClock } from '../../mocks/shared/clock.js';
import type { Profile } from '../../mocks/shared/types.js';
import { startMockServer } from '../../src/serve/http.js';
import { createMswHandlers } from '../../src/serve/msw.js';
import { loadSpec, routeRequest } from '../../src/spec/index.js';
import { validateValue } from '../../src/validate/index.js';

/**
 * The documented journeys of the Alluxio coordinator over real requests, through the network
 * server and the MSW handlers, in both profiles: what a client sees. Job time moves only through
 * `POST /__contract-kit/clock/advance`, as a client's test would move it.
 */
const spec = await loadSpec('alluxio-coordinator');
const DURATION = 10_000;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

interface CallOptions {
  query?: Record<string, string>;
  body?: unknown;
  /** A body sent as is (e.g. malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const search = new URLSearchParams(options.query ?? {}).toString();
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers };
  const response = await fetch(`${baseUrl}${path}${search ? `?${search}` : ''}`, { method, headers, body });
  const answer = { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  expectDocumented(method, path, options, answer);
  return answer;
}

/** A routed answer must carry a status the spec documents for its variant, with a body of that schema. */
function expectDocumented(method: string, path: string, options: CallOptions, answer: Answer): void {
  if (path.startsWith('/__contract-kit/') || options.headers?.['x-mock-fault']) return;
  const routed = routeRequest(spec, { method, path, query: options.query ?? {}, headers: {}, body: options.body });
  if ('unrouted' in routed) return;
  const documented = routed.variant.responses[String(answer.status)];
  expect(documented, `${method} ${path} answered undocumented ${answer.status}`).toBeDefined();
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(validateValue(documented!.schema!, answer.body)).toEqual([]);
}

const PATHS = ['s3://my-bucket/a', 's3://my-bucket/b'];

function journeys(profile: Profile, target: () => string) {
  const send = (method: string, path: string, options?: CallOptions) => call(target(), method, path, options);
  const advance = (ms: number) => send('POST', '/__contract-kit/clock/advance', { query: { ms: String(ms) } });

  beforeEach(async () => {
    expect((await send('POST', '/__contract-kit/reset')).status).toBe(200);
  });

  it('runs a load job to completion on the controlled clock; stopping it then is 410', async () => {
    const id = (await send('POST', '/api/v1/load', { body: { paths: PATHS } })).body.id as string;
    expect((await send('GET', '/api/v1/load', { query: { id } })).body).toMatchObject({ id, state: 'RUNNING', loadedNonEmptyFiles: 0 });
    expect(await send('POST', '/api/v1/load', { body: { paths: PATHS } })).toMatchObject({ status: 409, body: { id } });

    expect((await advance(DURATION / 2)).status).toBe(200);
    expect((await send('GET', '/api/v1/load', { query: { id } })).body).toMatchObject({ state: 'RUNNING', loadedNonEmptyFiles: 1 });
    await advance(DURATION / 2);
    expect((await send('GET', '/api/v1/load', { query: { id } })).body).toMatchObject({ state: 'SUCCEEDED', loadedNonEmptyFiles: 2, timeElapsedMilliseconds: DURATION });
    expect(await send('DELETE', '/api/v1/load', { body: { id } })).toMatchObject({
      status: 410,
      body: { status: "The job doesn't exist or has already finished" },
    });
  });

  it('mounts a UFS, sets quota, TTL and priority under it, unmounts, and unmounting again is 410', async () => {
    expect((await send('POST', '/api/v1/quota', { body: { path: '/data/x', quotaBytes: 1 } })).body).toEqual({ status: 'No mounted UFS found' });
    expect((await send('POST', '/api/v1/mount', { body: { path: '/data', ufs: 's3://my-bucket' } })).status).toBe(200);
    expect((await send('POST', '/api/v1/mount', { body: { path: '/data', ufs: 's3://my-bucket' } })).status).toBe(409);
    expect((await send('POST', '/api/v1/quota', { body: { path: '/data/x', quotaBytes: 1 } })).status).toBe(200);
    expect((await send('POST', '/api/v1/ttl', { body: { path: '/data/x', ttlSeconds: 600 } })).status).toBe(200);
    expect((await send('POST', '/api/v1/priority', { body: { path: '/data/x', priority: 'high' } })).status).toBe(200);
    expect((await send('GET', '/api/v1/priority')).body).toEqual({ results: [{ path: '/data/x', priority: 'high' }] });
    expect((await send('GET', '/api/v1/mount', { query: { path: '/data/' } })).body).toEqual({ path: '/data/', ufs: 's3://my-bucket/' });
    expect((await send('DELETE', '/api/v1/mount', { body: { path: '/data' } })).status).toBe(200);
    expect((await send('DELETE', '/api/v1/mount', { body: { path: '/data' } })).status).toBe(410);
    expect((await send('GET', '/api/v1/mount', { query: { path: '/data' } })).status).toBe(404);
  });

  it('rejects what the document forbids in its {status} shape', async () => {
    expect(await send('POST', '/api/v1/load', { body: { paths: PATHS, index: 's3://my-bucket/list' } })).toMatchObject({
      status: 400,
      body: { status: 'At most one of paths and index may be given' },
    });
    expect(await send('DELETE', '/api/v1/free')).toMatchObject({ status: 400, body: { status: 'Required parameters not provided' } });
    expect((await send('POST', '/api/v1/rebalance', { rawBody: '{"target": "ALL",}' })).status).toBe(400);
    expect((await send('POST', '/api/v1/priority', { body: { path: '/data', priority: 'urgent' } })).status).toBe(400);
    expect((await send('GET', '/api/v1/rebalance', { query: { id: 'x', target: 'ALL' } })).status).toBe(400);
    expect((await send('GET', '/api/v1/nodes', { query: { id: 'worker-unknown' } })).body).toEqual({ status: 'worker not found: worker-unknown' });
  });

  it('plays x-mock-scenario: features-disabled answers the documented 501/404 for that request only', async () => {
    const disabled = { 'x-mock-scenario': 'features-disabled' };
    const quota = await send('GET', '/api/v1/quota', { headers: disabled });
    expect(quota).toMatchObject({ status: 501, body: { status: 'Quota not enabled' } });
    expect((await send('POST', '/api/v1/file_index', { body: { files: ['s3://foo/bar/f1'] }, headers: disabled })).status).toBe(404);
    expect((await send('POST', '/api/v1/cache', { body: { op: 'clear-stale' }, headers: disabled })).status).toBe(501);
    expect((await send('GET', '/api/v1/quota')).status).toBe(200);
    expect((await send('POST', '/api/v1/file_index', { body: { files: ['s3://foo/bar/f1'] } })).body).toEqual({ entries: 1 });
  });

  it('plays scenarios set through the control endpoint: jobs-fail, cache-errors', async () => {
    expect((await send('POST', '/__contract-kit/scenario/jobs-fail')).status).toBe(200);
    const id = (await send('POST', '/api/v1/free', { body: { paths: PATHS } })).body.id as string;
    await advance(DURATION);
    expect((await send('GET', '/api/v1/free', { query: { id } })).body).toMatchObject({ state: 'FAILED', failedFiles: 1 });
    await send('POST', '/__contract-kit/scenario/cache-errors');
    const errors = (await send('POST', '/api/v1/cache', { body: { op: 'clear-stale' } })).body.errors as Record<string, string>;
    expect(Object.keys(errors)).toEqual(['192.168.1.19:29989']);
  });

  it('injects faults with x-mock-fault: a status in the {status} shape, latency, a dropped connection', async () => {
    const failed = await send('GET', '/api/v1/nodes', { headers: { 'x-mock-fault': 'status=500' } });
    expect(failed.status).toBe(500);
    expect(typeof failed.body.status).toBe('string');
    const started = Date.now();
    expect((await send('GET', '/api/v1/nodes', { headers: { 'x-mock-fault': 'latency=120' } })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    await expect(fetch(`${target()}/api/v1/nodes`, { headers: { 'x-mock-fault': 'reset' } })).rejects.toThrow();
  });

  it(`shows VERIFYING for a verified load ${profile === 'observed' ? 'in' : 'never in'} the ${profile} profile`, async () => {
    const id = (await send('POST', '/api/v1/load', { body: { paths: PATHS, options: { verify: true } } })).body.id as string;
    await advance(DURATION);
    const state = (await send('GET', '/api/v1/load', { query: { id } })).body.state;
    expect(state).toBe(profile === 'observed' ? 'VERIFYING' : 'SUCCEEDED');
  });
}

/** A simulator on a ManualClock that the control endpoint advances: job time moves only when told. */
function simulatorOnClock(profile: Profile) {
  const clock = new ManualClock();
  return { clock, simulator: createAlluxioSimulator({ profile, clock, jobDurationMs: DURATION }) };
}

for (const profile of ['documented', 'observed'] as const) {
  describe(`alluxio-coordinator over the network server, ${profile} profile`, () => {
    let server: Awaited<ReturnType<typeof startMockServer>>;
    beforeAll(async () => {
      server = await startMockServer({ api: 'alluxio-coordinator', ...simulatorOnClock(profile), port: 0 });
    });
    afterAll(() => server.close());
    journeys(profile, () => server.url);
  });
}

for (const profile of ['documented', 'observed'] as const) {
  describe(`alluxio-coordinator through MSW handlers in-process, ${profile} profile`, () => {
    const baseUrl = `http://coordinator-${profile}.alluxio.test:19999`;
    const { handlers } = createMswHandlers('alluxio-coordinator', { baseUrl, ...simulatorOnClock(profile) });
    const server = setupServer(...handlers);
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => server.close());
    journeys(profile, () => baseUrl);
  });
}

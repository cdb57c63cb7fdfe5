import { beforeEach, describe, expect, test } from 'vitest';
import { createAlluxioSimulator, type AlluxioSimulatorOptions } from '../../mocks/alluxio-coordinator/index.js';
import { ManualClock } from '../../mocks/shared/clock.js';
import type { Profile, SimResponse, Simulator } from '../../mocks/shared/types.js';
import { loadSpec, routeRequest } from '../../src/spec/index.js';
import { validateRequest, validateValue } from '../../src/validate/index.js';

/**
 * Documented journeys driven straight into the simulator (no HTTP): each request is routed and
 * validated with the spec as the adapters do, and every answer is checked against the schema the
 * spec documents for that operation, variant and status.
 */
const spec = await loadSpec('alluxio-coordinator');

const DOC_MESSAGES = {
  required: 'Required parameters not provided',
  gone: "The job doesn't exist or has already finished",
  noMountedUfs: 'No mounted UFS found',
  opNotImplemented: 'OP not implemented',
};
const MiB = 1024 * 1024;
const DURATION = 10_000;

interface Sent {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

function sender(sim: Simulator) {
  return function send(method: string, path: string, request: { query?: Record<string, string>; body?: unknown } = {}): Sent {
    const query = request.query ?? {};
    const rawBody = request.body === undefined ? '' : JSON.stringify(request.body);
    const headers: Record<string, string> = rawBody ? { 'content-type': 'application/json' } : {};
    const routed = routeRequest(spec, { method, path, query, headers, body: request.body });
    if ('unrouted' in routed) {
      const answer = sim.rejectUnrouted({ method, path, query, headers, body: request.body, rawBody, reason: routed.unrouted });
      return toSent(answer);
    }
    const { operation, variant } = routed;
    const simRequest = { operationId: operation.canonicalId, variant: variant.name, method, path, query, headers, body: request.body, rawBody };
    const problems = validateRequest(operation, variant, { query, headers, body: request.body, rawBody });
    const answer = (problems.length > 0 ? sim.rejectInvalid(simRequest, problems) : undefined) ?? sim.handle(simRequest);
    const documented = variant.responses[String(answer.status)];
    // The one undocumented status: a file-index body without `files` (see rejections.ts).
    const undocumentedAllowed = operation.path === '/api/v1/file_index' && answer.status === 400;
    if (!undocumentedAllowed) {
      expect(documented, `${method} ${path} (${variant.name}) answered undocumented ${answer.status}: ${JSON.stringify(answer.body)}`).toBeDefined();
    }
    if (documented?.schema) {
      expect(validateValue(documented.schema, answer.body), `${method} ${path} ${answer.status} body ${JSON.stringify(answer.body)}`).toEqual([]);
    }
    return toSent(answer);
  };
}

function toSent(answer: SimResponse): Sent {
  return { status: answer.status, body: answer.body as Record<string, unknown>, headers: answer.headers ?? {} };
}

function setup(profile: Profile, options: Omit<AlluxioSimulatorOptions, 'profile' | 'clock'> = {}) {
  const clock = new ManualClock();
  const sim = createAlluxioSimulator({ profile, clock, jobDurationMs: DURATION, ...options });
  return { clock, sim, send: sender(sim) };
}

const PATHS = ['s3://my-bucket/a', 's3://my-bucket/b', 's3://my-bucket/c', 's3://my-bucket/d'];

describe.each<Profile>(['documented', 'observed'])('alluxio-coordinator simulator, %s profile', (profile) => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => {
    env = setup(profile);
  });

  describe('load jobs', () => {
    test('submit → RUNNING with progress from elapsed clock time → SUCCEEDED → stop is 410', () => {
      const { send, clock } = env;
      const submitted = send('POST', '/api/v1/load', { body: { paths: PATHS, options: { sync: false } } });
      expect(submitted.status).toBe(200);
      const id = submitted.body.id as string;

      const atStart = send('GET', '/api/v1/load', { query: { id } });
      expect(atStart.status).toBe(200);
      expect(atStart.body).toMatchObject({ id, state: 'RUNNING', loadedBytes: 0, totalBytes: 4 * 10 * MiB, paths: PATHS });

      clock.advance(DURATION / 2);
      const halfWay = send('GET', '/api/v1/load', { query: { id } });
      expect(halfWay.body).toMatchObject({ state: 'RUNNING', loadedBytes: 2 * 10 * MiB, loadedNonEmptyFiles: 2, timeElapsedMilliseconds: DURATION / 2 });

      clock.advance(DURATION / 2);
      const done = send('GET', '/api/v1/load', { query: { id } });
      expect(done.body).toMatchObject({ state: 'SUCCEEDED', loadedBytes: 4 * 10 * MiB, failedFiles: 0, timeElapsedMilliseconds: DURATION });
      clock.advance(60_000);
      expect(send('GET', '/api/v1/load', { query: { id } }).body.timeElapsedMilliseconds).toBe(DURATION);

      const stop = send('DELETE', '/api/v1/load', { body: { id } });
      expect(stop).toMatchObject({ status: 410, body: { status: DOC_MESSAGES.gone } });

      const list = send('GET', '/api/v1/load');
      expect(list.status).toBe(200);
      expect((list.body.results as Array<{ id: string }>).map((job) => job.id)).toEqual([id]);
    });

    test('resubmitting the same paths answers 409 with the previous id, and resumes a stopped job', () => {
      const { send, clock } = env;
      const id = send('POST', '/api/v1/load', { body: { paths: PATHS } }).body.id as string;
      // Same paths in another order are the same work.
      expect(send('POST', '/api/v1/load', { body: { paths: [...PATHS].reverse() } })).toMatchObject({ status: 409, body: { id } });

      clock.advance(DURATION / 4);
      expect(send('DELETE', '/api/v1/load', { body: { id } })).toMatchObject({ status: 200, body: { status: 'ok' } });
      clock.advance(DURATION);
      expect(send('GET', '/api/v1/load', { query: { id } }).body).toMatchObject({ state: 'STOPPED', loadedNonEmptyFiles: 1 });
      expect(send('DELETE', '/api/v1/load', { body: { id } }).status).toBe(410);

      expect(send('POST', '/api/v1/load', { body: { paths: PATHS } })).toMatchObject({ status: 409, body: { id } });
      expect(send('GET', '/api/v1/load', { query: { id } }).body.state).toBe('RUNNING');
      clock.advance((DURATION * 3) / 4);
      expect(send('GET', '/api/v1/load', { query: { id } }).body).toMatchObject({ state: 'SUCCEEDED', timeElapsedMilliseconds: DURATION });

      // A succeeded job's paths submitted again are a new job.
      const again = send('POST', '/api/v1/load', { body: { paths: PATHS } });
      expect(again.status).toBe(200);
      expect(again.body.id).not.toBe(id);
    });

    test('paths and index: at most one, and one of them; an index file must be on a mounted UFS', () => {
      const { send } = env;
      expect(send('POST', '/api/v1/load', { body: { paths: PATHS, index: 's3://my-bucket/list.txt' } })).toMatchObject({
        status: 400,
        body: { status: 'At most one of paths and index may be given' },
      });
      expect(send('POST', '/api/v1/load', { body: { options: { sync: true } } })).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.required } });
      expect(send('POST', '/api/v1/load')).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.required } });

      const unmounted = send('POST', '/api/v1/load', { body: { index: 's3://my-bucket/list.txt' } });
      expect(unmounted.status).toBe(400);
      expect(unmounted.body.status).toMatch(/^No mounted UFS found/);
      expect(send('POST', '/api/v1/mount', { body: { path: '/data', ufs: 's3://my-bucket' } }).status).toBe(200);
      expect(send('POST', '/api/v1/load', { body: { index: 's3://my-bucket/list.txt' } }).status).toBe(200);
    });

    test('the documented request (sync: true) answers once the job has finished', () => {
      const { send } = env;
      const documented = spec.operationById.get('submit_load_job')?.requestBody?.content[0]?.examples.find((e) => e.key === 'documented');
      const id = send('POST', '/api/v1/load', { body: documented?.value }).body.id as string;
      expect(send('GET', '/api/v1/load', { query: { id } }).body).toMatchObject({ state: 'SUCCEEDED', loadedNonEmptyFiles: 1 });
    });

    test('unknown ids: progress 404, stop 410; stop without an id is 400', () => {
      const { send } = env;
      expect(send('GET', '/api/v1/load', { query: { id: 'no-such-job' } }).status).toBe(404);
      expect(send('DELETE', '/api/v1/load', { body: { id: 'no-such-job' } })).toMatchObject({ status: 410, body: { status: DOC_MESSAGES.gone } });
      expect(send('DELETE', '/api/v1/load', { body: {} })).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.required } });
    });
  });

  describe('free and rebalance jobs', () => {
    test('free: submit the documented request shape, stop while running, stop again is 410', () => {
      const { send, clock } = env;
      const id = send('POST', '/api/v1/free', { body: { paths: PATHS, index: '', options: { recursive: true } } }).body.id as string;
      clock.advance(DURATION / 2);
      expect(send('GET', '/api/v1/free', { query: { id } }).body).toMatchObject({ state: 'RUNNING', freedFiles: 2, totalFiles: 4, freedBytes: 20 * MiB });
      expect(send('DELETE', '/api/v1/free', { body: { id } }).status).toBe(200);
      expect(send('GET', '/api/v1/free', { query: { id } }).body.state).toBe('STOPPED');
      expect(send('DELETE', '/api/v1/free', { body: { id } }).status).toBe(410);
      expect(send('GET', '/api/v1/free').body.results).toHaveLength(1);
    });

    test('rebalance: by target ALL over the online workers, lookup and stop by target, 409 on the same target', () => {
      const { send, clock } = env;
      const id = send('POST', '/api/v1/rebalance', { body: { target: 'ALL', options: { skipPrune: false } } }).body.id as string;
      expect(send('POST', '/api/v1/rebalance', { body: { target: 'ALL' } })).toMatchObject({ status: 409, body: { id } });
      // The document's fixture has one ONLINE and one OFFLINE worker.
      expect(send('GET', '/api/v1/rebalance', { query: { target: 'ALL' } }).body).toMatchObject({ id, state: 'RUNNING', totalWorkers: 1, runningWorkers: 1 });
      expect(send('DELETE', '/api/v1/rebalance', { body: { target: 'ALL' } }).status).toBe(200);
      expect(send('DELETE', '/api/v1/rebalance', { body: { id } }).status).toBe(410);

      const worker = 'worker-587899dd-5da5-45d4-af40-ce481acc4087';
      const one = send('POST', '/api/v1/rebalance', { body: { target: worker } }).body.id as string;
      clock.advance(DURATION);
      expect(send('GET', '/api/v1/rebalance', { query: { id: one } }).body).toMatchObject({ state: 'SUCCEEDED', succeededWorkers: 1, runningWorkers: 0 });
      expect(send('GET', '/api/v1/rebalance').body.results).toHaveLength(2);
    });

    test('rebalance: at most one of id and target; a target must be ALL or a registered worker', () => {
      const { send } = env;
      expect(send('GET', '/api/v1/rebalance', { query: { id: 'x', target: 'ALL' } }).status).toBe(400);
      expect(send('DELETE', '/api/v1/rebalance', { body: { id: 'x', target: 'ALL' } })).toMatchObject({
        status: 400,
        body: { status: 'At most one of id and target may be given' },
      });
      expect(send('POST', '/api/v1/rebalance', { body: {} })).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.required } });
      expect(send('POST', '/api/v1/rebalance', { body: { target: 'worker-00000000-dead' } }).status).toBe(400);
      expect(send('GET', '/api/v1/rebalance', { query: { target: 'ALL' } }).status).toBe(404);
    });
  });

  describe('mount table and path rules', () => {
    test('mount → quota/TTL/priority under it → unmount → unmount again is 410', () => {
      const { send } = env;
      expect(send('POST', '/api/v1/mount', { body: { path: '/data', ufs: 's3://my-bucket', options: { 's3a.accessKeyId': 'AK' } } })).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(send('GET', '/api/v1/mount', { query: { path: '/data' } }).body).toEqual({ path: '/data/', ufs: 's3://my-bucket/', options: { 's3a.accessKeyId': 'AK' } });
      expect(send('GET', '/api/v1/mount').body.results).toHaveLength(1);
      expect(send('POST', '/api/v1/mount', { body: { path: '/data/', ufs: 's3://other' } }).status).toBe(409);
      expect(send('POST', '/api/v1/mount', { body: { path: '/elsewhere', ufs: 's3://my-bucket/' } }).status).toBe(409);

      const path = '/data/dir/to/path';
      expect(send('POST', '/api/v1/quota', { body: { path, quotaBytes: 10737418240 } }).status).toBe(200);
      expect(send('GET', '/api/v1/quota', { query: { path } }).body).toMatchObject({ path, quotaBytes: 10737418240, state: 'Available' });
      expect(send('POST', '/api/v1/ttl', { body: { path, ttlSeconds: 600 } }).status).toBe(200);
      expect(send('GET', '/api/v1/ttl').body).toEqual({ results: [{ path, ttlSeconds: 600 }] });
      expect(send('POST', '/api/v1/priority', { body: { path, priority: 'high' } }).status).toBe(200);
      expect(send('GET', '/api/v1/priority', { query: { path } }).body).toEqual({ path, priority: 'high' });

      expect(send('DELETE', '/api/v1/quota', { body: { path } }).status).toBe(200);
      expect(send('GET', '/api/v1/quota', { query: { path } })).toMatchObject({ status: 404, body: { status: `No quota item found for path: ${path}` } });
      expect(send('DELETE', '/api/v1/ttl', { body: { path } }).status).toBe(200);
      expect(send('DELETE', '/api/v1/ttl', { body: { path } })).toMatchObject({ status: 400, body: { status: `No TTL policy found for path: ${path}` } });
      expect(send('DELETE', '/api/v1/priority', { body: { path } }).status).toBe(200);
      expect(send('GET', '/api/v1/priority', { query: { path } })).toMatchObject({ status: 404, body: { status: `No priority rule found for path: ${path}` } });

      expect(send('DELETE', '/api/v1/mount', { body: { path: '/data' } }).status).toBe(200);
      expect(send('DELETE', '/api/v1/mount', { body: { path: '/data' } }).status).toBe(410);
      expect(send('GET', '/api/v1/mount', { query: { path: '/data' } })).toMatchObject({ status: 404, body: { status: 'No mount point found for path: /data/' } });
    });

    test('quota, TTL and priority need a mounted UFS; a malformed priority is 400', () => {
      const { send } = env;
      const body = { path: '/unmounted/dir' };
      expect(send('POST', '/api/v1/quota', { body: { ...body, quotaBytes: 1 } })).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.noMountedUfs } });
      expect(send('POST', '/api/v1/ttl', { body: { ...body, ttlSeconds: 1 } })).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.noMountedUfs } });
      expect(send('POST', '/api/v1/priority', { body: { ...body, priority: 'low' } })).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.noMountedUfs } });
      expect(send('POST', '/api/v1/priority', { body: { ...body, priority: 'urgent' } }).status).toBe(400);
      expect(send('POST', '/api/v1/quota', { body })).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.required } });
    });

    test('features switched off answer their documented 501 / 404', () => {
      const { send } = setup(profile, { features: { quota: false, ttl: false, priority: false, 'file-index': false, 'mount-api': false, 'clear-stale-cache': false } });
      expect(send('GET', '/api/v1/quota')).toMatchObject({ status: 501, body: { status: 'Quota not enabled' } });
      expect(send('POST', '/api/v1/quota', { body: { path: '/d', quotaBytes: 1 } }).status).toBe(501);
      expect(send('GET', '/api/v1/ttl', { query: { path: '/d' } })).toMatchObject({ status: 501, body: { status: 'TTL not enabled' } });
      expect(send('DELETE', '/api/v1/priority', { body: { path: '/d' } })).toMatchObject({ status: 501, body: { status: 'Priority eviction not enabled' } });
      expect(send('POST', '/api/v1/file_index', { body: { files: ['s3://foo/bar/f1'] } })).toMatchObject({ status: 404, body: { status: 'Global file index is not enabled' } });
      expect(send('DELETE', '/api/v1/file_index', { body: { files: ['s3://foo/bar/f1'] } }).status).toBe(404);
      expect(send('GET', '/api/v1/file_index').body).toEqual({ results: [] });
      expect(send('POST', '/api/v1/mount', { body: { path: '/data', ufs: 's3://b' } }).status).toBe(501);
      expect(send('DELETE', '/api/v1/mount', { body: { path: '/data' } }).status).toBe(501);
      expect(send('POST', '/api/v1/cache', { body: { op: 'clear-stale' } })).toMatchObject({ status: 501, body: { status: DOC_MESSAGES.opNotImplemented } });
    });
  });

  describe('cluster: nodes, clear-stale cache, global file index', () => {
    test('nodes: list under `result`, get, unregister, then 404', () => {
      const { send } = env;
      const id = 'worker-844db66c-d7fd-46cc-8de0-2f3989360828';
      expect(send('GET', '/api/v1/nodes').body.result).toHaveLength(2);
      expect(send('GET', '/api/v1/nodes', { query: { id } }).body).toEqual({ identity: id, address: '192.168.1.19:29999', status: 'OFFLINE' });
      expect(send('DELETE', '/api/v1/nodes', { query: { id } }).status).toBe(200);
      expect(send('GET', '/api/v1/nodes', { query: { id } }).status).toBe(404);
      expect(send('DELETE', '/api/v1/nodes', { query: { id } }).status).toBe(404);
      expect(send('DELETE', '/api/v1/nodes').status).toBe(404);
    });

    test('clear-stale: empty errors, per-worker errors in the cache-errors scenario, 501 for another op', () => {
      const { send, sim } = env;
      expect(send('POST', '/api/v1/cache', { body: { op: 'clear-stale' } }).body).toEqual({ errors: {} });
      expect(send('POST', '/api/v1/cache', { body: { op: 'clear-all' } })).toMatchObject({ status: 501, body: { status: DOC_MESSAGES.opNotImplemented } });
      expect(send('DELETE', '/api/v1/cache', { body: {} })).toMatchObject({ status: 400, body: { status: DOC_MESSAGES.required } });
      sim.applyScenario('cache-errors');
      const start = send('POST', '/api/v1/cache', { body: { op: 'clear-stale' } });
      expect(Object.keys(start.body.errors as object)).toEqual(['192.168.1.19:29989']);
      expect(Object.keys(send('DELETE', '/api/v1/cache', { body: { op: 'clear-stale' } }).body.errors as object)).toHaveLength(1);
    });

    test('file index: entries counts what was actually added or removed', () => {
      const { send } = env;
      const files = ['s3://foo/bar/f1', 's3://foo/bar/f2'];
      expect(send('POST', '/api/v1/file_index', { body: { files } }).body).toEqual({ entries: 2 });
      expect(send('POST', '/api/v1/file_index', { body: { files } }).body).toEqual({ entries: 0 });
      expect(send('GET', '/api/v1/file_index').body).toEqual({ results: files });
      expect(send('DELETE', '/api/v1/file_index', { body: { files: ['s3://foo/bar/f1', 's3://foo/bar/f9'] } }).body).toEqual({ entries: 1 });
      expect(send('POST', '/api/v1/file_index', { body: {} }).status).toBe(400);
    });
  });

  describe('scenarios, bounds and resets', () => {
    test('jobs-fail: jobs fail half way with failed files; resubmitting answers 409 with the same id', () => {
      const { send, sim, clock } = env;
      sim.applyScenario('jobs-fail');
      const id = send('POST', '/api/v1/load', { body: { paths: PATHS } }).body.id as string;
      clock.advance(DURATION);
      const failed = send('GET', '/api/v1/load', { query: { id } }).body;
      expect(failed).toMatchObject({ state: 'FAILED', loadedNonEmptyFiles: 2, failedFiles: 2, timeElapsedMilliseconds: DURATION / 2 });
      expect(Object.keys(failed.errorMessage as object)).toHaveLength(1);
      expect(send('DELETE', '/api/v1/load', { body: { id } }).status).toBe(410);
      expect(send('POST', '/api/v1/load', { body: { paths: PATHS } })).toMatchObject({ status: 409, body: { id } });
    });

    test('job-stuck-running: a job never leaves RUNNING until stopped', () => {
      const { send, sim, clock } = env;
      sim.applyScenario('job-stuck-running');
      const id = send('POST', '/api/v1/free', { body: { paths: PATHS } }).body.id as string;
      clock.advance(DURATION * 100);
      expect(send('GET', '/api/v1/free', { query: { id } }).body).toMatchObject({ state: 'RUNNING', freedFiles: 2 });
      expect(send('DELETE', '/api/v1/free', { body: { id } }).status).toBe(200);
      expect(send('GET', '/api/v1/free', { query: { id } }).body.state).toBe('STOPPED');
    });

    test('static-mount-table and coordinator-internal-errors; unknown scenarios are refused by name', () => {
      const { send, sim } = env;
      sim.applyScenario('static-mount-table');
      expect(send('GET', '/api/v1/mount').body).toEqual({ results: [{ path: '/data/', ufs: 's3://my-bucket/' }] });
      expect(send('DELETE', '/api/v1/mount', { body: { path: '/data' } }).status).toBe(501);
      expect(send('POST', '/api/v1/quota', { body: { path: '/data/x', quotaBytes: 5 } }).status).toBe(200);
      sim.applyScenario('coordinator-internal-errors');
      expect(send('GET', '/api/v1/nodes').status).toBe(500);
      expect(() => sim.applyScenario('no-such-scenario')).toThrow(/known: job-stuck-running/);
      sim.reset();
      expect(send('GET', '/api/v1/mount').body).toEqual({ results: [] });
      expect(send('GET', '/api/v1/nodes').status).toBe(200);
    });

    test('jobs are bounded: the oldest finished job is evicted; a store full of running jobs refuses with 500', () => {
      const { send, clock } = setup(profile, { maxJobs: 2 });
      const first = send('POST', '/api/v1/load', { body: { paths: ['s3://b/1'] } }).body.id as string;
      send('POST', '/api/v1/load', { body: { paths: ['s3://b/2'] } });
      expect(send('POST', '/api/v1/load', { body: { paths: ['s3://b/3'] } }).status).toBe(500);
      clock.advance(DURATION);
      expect(send('POST', '/api/v1/load', { body: { paths: ['s3://b/3'] } }).status).toBe(200);
      expect(send('GET', '/api/v1/load', { query: { id: first } }).status).toBe(404);
      expect(send('GET', '/api/v1/load').body.results).toHaveLength(2);
    });

    test('unrouted requests answer in the {status} shape', () => {
      const { send } = env;
      expect(send('GET', '/api/v1/nothing')).toMatchObject({ status: 404 });
      const wrongMethod = send('PUT', '/api/v1/load');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.allow).toBe('GET, POST, DELETE');
      expect(typeof wrongMethod.body.status).toBe('string');
    });
  });
});

describe('profiles differ where the spec\'s x-observed entries say so', () => {
  test('ax-job-states: with options.verify, the observed profile passes through VERIFYING; the documented one never does', () => {
    const observed = setup('observed');
    const documented = setup('documented');
    const ids = [observed, documented].map((env) => env.send('POST', '/api/v1/load', { body: { paths: PATHS, options: { verify: true } } }).body.id as string);
    for (const env of [observed, documented]) env.clock.advance(DURATION);
    expect(observed.send('GET', '/api/v1/load', { query: { id: ids[0]! } }).body).toMatchObject({ state: 'VERIFYING', verify: true });
    expect(documented.send('GET', '/api/v1/load', { query: { id: ids[1]! } }).body).toMatchObject({ state: 'SUCCEEDED', verify: true });
    observed.clock.advance(DURATION);
    expect(observed.send('GET', '/api/v1/load', { query: { id: ids[0]! } }).body.state).toBe('SUCCEEDED');
  });
});

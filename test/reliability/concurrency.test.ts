/**
 * Many writers of one resource at once leave consistent state (exactly one wins, the rest get the
 * documented duplicate error), and sustained creation keeps the simulators' state under their caps.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createSimulator } from '../../mocks/index.js';
import type { KlustronSimulator } from '../../mocks/klustron-cluster-manager/index.js';
import { DEFAULT_MAX_JOBS } from '../../mocks/klustron-cluster-manager/index.js';
import { MAX_MOUNT_POINTS } from '../../mocks/alluxio-coordinator/mounts.js';
import type { MetaServiceSimulator } from '../../mocks/doris-meta-service/index.js';
import { DEFAULT_MAX_INSTANCES } from '../../mocks/doris-meta-service/state.js';
import type { ApiId, Profile, Simulator } from '../../mocks/shared/types.js';
import { createDispatcher, type Dispatcher } from '../../src/serve/dispatch.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { loadSpec } from '../../src/spec/index.js';
import type { CaseRequest } from '../../src/verify/types.js';
import { baseRequest, pathWithQuery } from './support/bad-inputs.js';
import { sendRaw, type RawResponse } from './support/raw-http.js';

const WRITERS = 200;
const SUSTAINED_CREATES = 50_000;

async function documentedRequest(api: ApiId, operationId: string): Promise<CaseRequest> {
  const spec = await loadSpec(api);
  return baseRequest(spec, spec.operationById.get(operationId)!);
}

function withBody(request: CaseRequest, change: (body: Record<string, unknown>) => Record<string, unknown>): CaseRequest {
  return { ...request, body: JSON.stringify(change(JSON.parse(request.body!) as Record<string, unknown>)) };
}

function send(server: MockServer, request: CaseRequest): Promise<RawResponse> {
  return sendRaw(server.url, { method: request.method, path: pathWithQuery(request.path, request.query), headers: request.headers, body: request.body }, 15_000);
}

function tally(responses: RawResponse[], outcome: (r: RawResponse) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of responses) counts[outcome(r)] = (counts[outcome(r)] ?? 0) + 1;
  return counts;
}

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(api: ApiId, profile: Profile): Promise<MockServer> {
  const server = await startMockServer({ api, profile, port: 0 });
  servers.push(server);
  return server;
}

describe('200 concurrent writers of one resource over node:http', () => {
  // The duplicate answer: documented, an ALREADY_EXISTED envelope in HTTP 200; observed, HTTP 409 (ms-status-map).
  test.each([
    ['documented', 200],
    ['observed', 409],
  ] as const)('Meta Service create_instance with one instance_id (%s profile): one OK, the rest ALREADY_EXISTED with HTTP %i', async (profile, duplicateStatus) => {
    const server = await serve('doris-meta-service', profile);
    const create = withBody(await documentedRequest('doris-meta-service', 'create_instance'), (body) => ({ ...body, instance_id: 'contract-kit-race' }));
    const responses = await Promise.all(Array.from({ length: WRITERS }, () => send(server, create)));
    const counts = tally(responses, (r) => `${r.status} ${(JSON.parse(r.text) as { code: string }).code}`);
    expect(counts).toEqual({ '200 OK': 1, [`${duplicateStatus} ALREADY_EXISTED`]: WRITERS - 1 });
    const duplicate = responses.find((r) => r.text.includes('ALREADY_EXISTED'))!;
    expect(JSON.parse(duplicate.text).msg).toContain('contract-kit-race');
    const simulator = server.simulator as MetaServiceSimulator;
    expect(simulator.instance('contract-kit-race')).toBeDefined();
    expect(simulator.instanceCount).toBe(1);
  });

  test.each(['documented', 'observed'] as const)('Alluxio mount of one path (%s profile): one 200, 409 for the rest, one entry in the mount table', async (profile) => {
    const server = await serve('alluxio-coordinator', profile);
    const documented = await documentedRequest('alluxio-coordinator', 'create_mount_point');
    // Each writer mounts its own UFS at the same Alluxio path: only the path conflicts.
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => send(server, withBody(documented, (body) => ({ ...body, path: '/contract-kit-race', ufs: `s3://race-bucket-${i}/` })))),
    );
    expect(tally(responses, (r) => String(r.status))).toEqual({ '200': 1, '409': WRITERS - 1 });
    const list = JSON.parse((await sendRaw(server.url, { method: 'GET', path: '/api/v1/mount' })).text) as unknown;
    const paths = JSON.stringify(list).match(/\/contract-kit-race\/?"/g) ?? [];
    expect(paths).toHaveLength(1);
  });
});

describe('200 concurrent writers of one Klustron machine', () => {
  test('create_machine with one hostaddr: every job accepted, exactly one done, the rest failed; one machine registered', async () => {
    const server = await serve('klustron-cluster-manager', 'documented');
    const spec = await loadSpec('klustron-cluster-manager');
    const emit = spec.operationById.get('emit')!;
    const exampleOf = (variant: string) => emit.variants.find((v) => v.name === variant)!.requestExamples[0]!.body!.value as Record<string, unknown>;
    const documented = await documentedRequest('klustron-cluster-manager', 'emit');
    const simulator = server.simulator as KlustronSimulator;
    const machinesBefore = simulator.stats().machines;
    const create = { ...exampleOf('create_machine'), paras: { ...(exampleOf('create_machine').paras as object), hostaddr: '10.9.9.9' } };
    const accepted = await Promise.all(Array.from({ length: WRITERS }, () => send(server, { ...documented, body: JSON.stringify(create) })));
    const jobIds = accepted.map((r) => (JSON.parse(r.text) as { status: string; job_id: string }));
    expect(jobIds.every((j) => j.status === 'accept'), JSON.stringify(jobIds[0])).toBe(true);
    expect(new Set(jobIds.map((j) => j.job_id)).size).toBe(WRITERS);
    // Let every job finish on the mock's clock, then ask for each outcome.
    await sendRaw(server.url, { method: 'POST', path: '/__contract-kit/clock/advance?ms=600000' });
    const outcomes = await Promise.all(jobIds.map((j) => send(server, { ...documented, body: JSON.stringify({ ...exampleOf('get_status'), job_id: j.job_id }) })));
    expect(tally(outcomes, (r) => (JSON.parse(r.text) as { status: string }).status)).toEqual({ done: 1, failed: WRITERS - 1 });
    expect(simulator.stats().machines).toBe(machinesBefore + 1);
  });
});

/** Requests through the servers' own dispatch, without sockets: fast enough for tens of thousands. */
async function dispatcherFor(api: ApiId, simulator: Simulator): Promise<Dispatcher> {
  return createDispatcher({ spec: await loadSpec(api), simulator });
}

function dispatchJson(dispatcher: Dispatcher, request: CaseRequest): { status: number; body: Record<string, unknown> } {
  const outcome = dispatcher.dispatch({ method: request.method, url: pathWithQuery(request.path, request.query), headers: request.headers, rawBody: request.body ?? '' });
  if (outcome.kind !== 'respond') throw new Error('the mock dropped the connection');
  return { status: outcome.response.status, body: JSON.parse(outcome.response.body ?? 'null') as Record<string, unknown> };
}

describe(`state stays bounded under ${SUSTAINED_CREATES} creations`, () => {
  test('Meta Service: instances stay at or under the documented cap (oldest evicted, newest kept)', async () => {
    const simulator = createSimulator('doris-meta-service') as MetaServiceSimulator;
    const dispatcher = await dispatcherFor('doris-meta-service', simulator);
    const documented = await documentedRequest('doris-meta-service', 'create_instance');
    const template = JSON.parse(documented.body!) as Record<string, unknown>;
    let ok = 0;
    for (let i = 0; i < SUSTAINED_CREATES; i++) {
      const answer = dispatchJson(dispatcher, { ...documented, body: JSON.stringify({ ...template, instance_id: `load-${i}` }) });
      if (answer.body.code === 'OK') ok++;
      if (i % 10_000 === 0) expect(simulator.instanceCount).toBeLessThanOrEqual(DEFAULT_MAX_INSTANCES);
    }
    expect(ok).toBe(SUSTAINED_CREATES);
    expect(simulator.instanceCount).toBe(DEFAULT_MAX_INSTANCES);
    expect(simulator.instance(`load-${SUSTAINED_CREATES - 1}`)).toBeDefined();
    expect(simulator.instance('load-0')).toBeUndefined();
  });

  test('Alluxio: the mount table stops at its cap and says so in the documented error shape', async () => {
    const simulator = createSimulator('alluxio-coordinator');
    const dispatcher = await dispatcherFor('alluxio-coordinator', simulator);
    const documented = await documentedRequest('alluxio-coordinator', 'create_mount_point');
    const statuses: Record<number, number> = {};
    for (let i = 0; i < MAX_MOUNT_POINTS + 500; i++) {
      const answer = dispatchJson(dispatcher, withBody(documented, (body) => ({ ...body, path: `/load/${i}`, ufs: `s3://load-${i}/` })));
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    }
    // create_mount_point documents 500 for a mount the coordinator cannot make.
    expect(statuses).toEqual({ 200: MAX_MOUNT_POINTS, 500: 500 });
    const list = dispatchJson(dispatcher, { method: 'GET', path: '/api/v1/mount', query: {}, headers: {} });
    expect(JSON.stringify(list.body).match(/"\/load\/\d+\/?"/g)?.length).toBe(MAX_MOUNT_POINTS);
  });

  test('Klustron: job records stay at or under maxJobs however many jobs are submitted', async () => {
    const simulator = createSimulator('klustron-cluster-manager') as KlustronSimulator;
    const dispatcher = await dispatcherFor('klustron-cluster-manager', simulator);
    const documented = await documentedRequest('klustron-cluster-manager', 'emit');
    const spec = await loadSpec('klustron-cluster-manager');
    const createMachine = spec.operationById.get('emit')!.variants.find((v) => v.name === 'create_machine')!;
    const body = createMachine.requestExamples[0]!.body!.value as Record<string, unknown>;
    for (let i = 0; i < SUSTAINED_CREATES / 10; i++) {
      dispatchJson(dispatcher, { ...documented, body: JSON.stringify(body) });
      expect(simulator.stats().jobs).toBeLessThanOrEqual(DEFAULT_MAX_JOBS);
    }
    expect(simulator.stats().jobs).toBe(DEFAULT_MAX_JOBS);
  });
});

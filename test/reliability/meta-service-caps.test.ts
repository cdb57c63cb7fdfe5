/**
 * Collections the document lets grow without bound are capped (a real server keeps an instance in
 * one FoundationDB value of at most 100 KB), and the handlers that touch them are linear: 114k
 * clusters used to cut throughput tenfold, 100k mysql user names blocked the event loop for 11 s.
 * Past a cap the answer is the API's own INVALID_ARGUMENT, naming the cap.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { COLLECTION_CAPS } from '../../mocks/doris-meta-service/state.js';
import { createDispatcher, type Dispatcher } from '../../src/serve/dispatch.js';
import { createSimulator } from '../../mocks/index.js';
import { loadSpec } from '../../src/spec/load.js';

const TOKEN = 'greedisgood9999';
let dispatcher: Dispatcher;
beforeAll(async () => {
  dispatcher = createDispatcher({ spec: await loadSpec('doris-meta-service'), simulator: createSimulator('doris-meta-service') });
});
beforeEach(() => dispatcher.simulator.reset());
afterAll(() => dispatcher.simulator.reset());

function call(name: string, body: unknown): { code: string; msg: string } {
  const outcome = dispatcher.dispatch({ method: 'PUT', url: `/MetaService/http/${name}?token=${TOKEN}`, headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify(body)) });
  if (outcome.kind !== 'respond') throw new Error('no answer');
  return JSON.parse(outcome.response.body ?? '{}') as { code: string; msg: string };
}

const OBJ = { ak: 'a', sk: 's', bucket: 'b', endpoint: 'e', region: 'r', provider: 'COS' };
const compute = (i: number, nodes: unknown[] = []) => ({ instance_id: 'capped', cluster: { type: 'COMPUTE', cluster_id: `c${i}`, cluster_name: `c${i}`, nodes } });
const node = (i: number) => ({ cloud_unique_id: `1:capped:n${i}`, ip: `10.0.${Math.floor(i / 250)}.${i % 250}`, heartbeat_port: 9050 });

describe('Meta Service collection caps', () => {
  test(`clusters per instance: ${COLLECTION_CAPS.clustersPerInstance} are kept, the next is INVALID_ARGUMENT naming the cap`, () => {
    expect(call('create_instance', { instance_id: 'capped', vault: { obj_info: OBJ } }).code).toBe('OK');
    for (let i = 0; i < COLLECTION_CAPS.clustersPerInstance; i++) expect(call('add_cluster', compute(i)).code).toBe('OK');
    const refused = call('add_cluster', compute(COLLECTION_CAPS.clustersPerInstance));
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', msg: expect.stringContaining(String(COLLECTION_CAPS.clustersPerInstance)) });
  });

  test(`mysql user names: 100,000 in one request are refused naming the cap of ${COLLECTION_CAPS.mysqlUserNamesPerCluster}; the cap itself fits`, () => {
    expect(call('create_instance', { instance_id: 'capped', vault: { obj_info: OBJ } }).code).toBe('OK');
    expect(call('add_cluster', compute(0)).code).toBe('OK');
    const many = Array.from({ length: 100_000 }, (_, i) => `user_${i}`);
    const refused = call('update_cluster_mysql_user_name', { instance_id: 'capped', cluster: { cluster_id: 'c0', mysql_user_name: many } });
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', msg: expect.stringContaining(String(COLLECTION_CAPS.mysqlUserNamesPerCluster)) });
    const fits = many.slice(0, COLLECTION_CAPS.mysqlUserNamesPerCluster);
    expect(call('update_cluster_mysql_user_name', { instance_id: 'capped', cluster: { cluster_id: 'c0', mysql_user_name: fits } }).code).toBe('OK');
  });

  test(`nodes per instance: ${COLLECTION_CAPS.nodesPerInstance} are kept and can all be dropped in one request; one more is refused`, () => {
    expect(call('create_instance', { instance_id: 'capped', vault: { obj_info: OBJ } }).code).toBe('OK');
    const nodes = Array.from({ length: COLLECTION_CAPS.nodesPerInstance }, (_, i) => node(i));
    expect(call('add_cluster', compute(0, nodes)).code).toBe('OK');
    expect(call('add_node', { instance_id: 'capped', cluster: { type: 'COMPUTE', cluster_id: 'c0', cluster_name: 'c0', nodes: [node(COLLECTION_CAPS.nodesPerInstance)] } })).toMatchObject({
      code: 'INVALID_ARGUMENT',
      msg: expect.stringContaining(String(COLLECTION_CAPS.nodesPerInstance)),
    });
    expect(call('drop_node', { instance_id: 'capped', cluster: { type: 'COMPUTE', cluster_id: 'c0', cluster_name: 'c0', nodes } }).code).toBe('OK');
  });
});

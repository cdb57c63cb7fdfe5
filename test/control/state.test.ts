import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { examplesState } from '../../mocks/index.js';
import { API_IDS } from '../../mocks/shared/types.js';
import { ADAPTERS, FE_AUTH, json, MS_TOKEN, startTarget, type ControlTarget } from './adapters.js';

/**
 * State as data: GET /__contract-kit/state returns the API's state document, PUT replaces it
 * (validated against specs/state/<api>.schema.json; a bad one gets 400 naming the JSON pointer and
 * changes nothing), reset returns to the seed.
 */

const put = (target: ControlTarget, body: string) =>
  fetch(`${target.url}/__contract-kit/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
const getState = async (target: ControlTarget) => json(await fetch(`${target.url}/__contract-kit/state`));

for (const adapter of ADAPTERS) {
  describe(`state documents over ${adapter}`, () => {
    test.each(API_IDS.map((api) => [api] as const))('%s: the examples seed reads back, PUT of what GET shows changes nothing', async (api) => {
      const target = await startTarget(adapter, api, { seed: 'examples' });
      try {
        const seeded = await getState(target);
        expect(seeded).toEqual(JSON.parse(JSON.stringify(examplesState(api))));
        expect((await put(target, JSON.stringify(seeded))).status).toBe(200);
        expect(await getState(target)).toEqual(seeded);
      } finally {
        await target.close();
      }
    });

    describe('doris-fe: backends anywhere', () => {
      let target: ControlTarget;
      beforeAll(async () => {
        target = await startTarget(adapter, 'doris-fe');
      });
      afterAll(() => target.close());

      const backends = async (query = '') => {
        const res = await fetch(`${target.url}/api/backends${query}`, { headers: FE_AUTH });
        return ((await json(res)).data as { backends: unknown[] }).backends;
      };

      test('PUT points the FE at 127.0.0.1 BEs (a stream-load stub); reset returns to the start', async () => {
        const state = { backends: [{ ip: '127.0.0.1', http_port: 41299, alive: true }, { ip: '127.0.0.1', http_port: 41298, alive: false }] };
        expect((await put(target, JSON.stringify(state))).status).toBe(200);
        expect(await backends('?is_alive=true')).toEqual([{ ip: '127.0.0.1', http_port: 41299, is_alive: true }]);
        expect((await fetch(`${target.url}/__contract-kit/reset`, { method: 'POST' })).status).toBe(200);
        expect((await backends()).length).toBe(3);
      });

      test.each([
        ['a wrong type', '{"backends":[{"ip":"127.0.0.1","http_port":"8040","alive":true}]}', '/backends/0/http_port'],
        ['an unknown property', '{"backends":[],"backend":[]}', '/backend'],
        ['a missing property', '{"backends":[{"ip":"127.0.0.1","alive":true}]}', '/backends/0/http_port'],
        ['a port out of range', '{"backends":[{"ip":"h","http_port":70000,"alive":true}]}', '/backends/0/http_port'],
        ['a backend listed twice', '{"backends":[{"ip":"h","http_port":1,"alive":true},{"ip":"h","http_port":1,"alive":false}]}', '/backends/1'],
        ['not an object', '[1,2]', '/'],
      ])('%s gets 400 naming the JSON pointer, and the state stays', async (_what, body, pointer) => {
        const before = await getState(target);
        const res = await put(target, body);
        expect(res.status).toBe(400);
        const answer = await json(res);
        expect(answer.problems).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
        expect(String(answer.error)).toContain(pointer);
        expect(await getState(target)).toEqual(before);
      });

      test.each([
        ['no body', undefined],
        ['malformed JSON', '{"backends": ['],
      ])('%s gets 400 saying a JSON state document is needed', async (_what, body) => {
        const res = await fetch(`${target.url}/__contract-kit/state`, { method: 'PUT', body });
        expect(res.status).toBe(400);
        expect(String((await json(res)).error)).toContain('needs a JSON body');
      });

      test('a prototype-named user is just a user, and Object.prototype stays clean', async () => {
        const res = await put(target, '{"backends":[],"users":{"__proto__":"x","root":""}}');
        expect(res.status).toBe(200);
        expect(({} as Record<string, unknown>).x).toBeUndefined();
        const denied = await fetch(`${target.url}/api/backends`, { headers: { authorization: `Basic ${Buffer.from('__proto__:x').toString('base64')}` } });
        expect(((await json(denied)).code)).toBe(0);
      });
    });

    test('hostile documents: 100 000 levels deep in an opaque field, prototype keys; 400 and the mock keeps serving', async () => {
      const target = await startTarget(adapter, 'doris-meta-service', { seed: 'examples' });
      try {
        const before = await getState(target);
        const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
        for (const body of [`{"instances":[{"instance_id":"a","hdfs_info":${deep}}]}`, deep, '{"instances":[],"__proto__":{"polluted":1}}']) {
          const res = await put(target, body);
          expect(res.status).toBe(400);
          expect((await json(res)).problems).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringMatching(/^\//) })]));
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(await getState(target)).toEqual(before);
      } finally {
        await target.close();
      }
    });

    test('doris-meta-service: a seeded instance answers get_instance; reset returns to the seed, not to empty', async () => {
      const seed = {
        instances: [
          { instance_id: 'my_instance', name: 'mine', clusters: [{ cluster_id: 'c1', cluster_name: 'compute', type: 'COMPUTE', nodes: [{ cloud_unique_id: '1:my_instance:be1', ip: '127.0.0.1', heartbeat_port: 9050 }] }] },
          { instance_id: 'droppable' },
        ],
      };
      const target = await startTarget(adapter, 'doris-meta-service', { seed });
      try {
        const get = async (id: string) => json(await fetch(`${target.url}/MetaService/http/get_instance?token=${MS_TOKEN}&instance_id=${id}`));
        expect(await get('my_instance')).toMatchObject({ code: 'OK', result: { instance_id: 'my_instance', clusters: [{ cluster_id: 'c1' }] } });
        const dropped = await fetch(`${target.url}/MetaService/http/drop_instance?token=${MS_TOKEN}`, { method: 'PUT', body: JSON.stringify({ instance_id: 'droppable' }) });
        expect((await json(dropped)).code).toBe('OK');
        // drop_instance marks the instance DELETED; the state document shows it.
        const status = async () => ((await getState(target)).instances as { instance_id: string; status: string }[]).find((i) => i.instance_id === 'droppable')?.status;
        expect(await status()).toBe('DELETED');
        await fetch(`${target.url}/__contract-kit/reset`, { method: 'POST' });
        expect(await status()).toBe('NORMAL');
        const duplicate = await put(target, JSON.stringify({ instances: [{ instance_id: 'a' }, { instance_id: 'a' }] }));
        expect(duplicate.status).toBe(400);
        expect((await json(duplicate)).problems).toEqual([expect.objectContaining({ pointer: '/instances/1/instance_id' })]);
        expect((await get('my_instance')).code).toBe('OK');
      } finally {
        await target.close();
      }
    });

    test('klustron-cluster-manager: registered machines take new instances; a port used twice is refused', async () => {
      const target = await startTarget(adapter, 'klustron-cluster-manager');
      try {
        const seed = { machines: [{ hostaddr: '10.0.0.5', machineType: 'storage', firstPort: 50000, lastPort: 50010 }], clusters: [] };
        expect((await put(target, JSON.stringify(seed))).status).toBe(200);
        const emit = await fetch(`${target.url}/HttpService/Emit`, { method: 'POST', body: JSON.stringify({ version: '1.0', job_id: '', job_type: 'get_machine_summary', timestamp: '1', user_name: 'kunlun_test', paras: {} }) });
        expect(JSON.stringify(await json(emit))).toContain('10.0.0.5');
        const clash = {
          machines: seed.machines,
          clusters: [1, 2].map((id) => ({ id, name: `c${id}`, haMode: 'mgr', shards: [{ id, name: 'shard_1', nodes: [{ id, hostaddr: '10.0.0.5', port: 50000, master: true }] }], comps: [] })),
        };
        const res = await put(target, JSON.stringify(clash));
        expect(res.status).toBe(400);
        expect(String((await json(res)).error)).toContain('/clusters/1/shards/0/nodes/0');
      } finally {
        await target.close();
      }
    });

    test('alluxio-coordinator: a seeded mount lists as documented; two mounts of one UFS are refused', async () => {
      const target = await startTarget(adapter, 'alluxio-coordinator', { seed: { mounts: [{ path: '/warehouse', ufs: 'hdfs://nn:8020/warehouse' }] } });
      try {
        const list = await json(await fetch(`${target.url}/api/v1/mount`));
        // Listed with the trailing '/' the document's answers show (x-doc-quirks ax-mount-trailing-slash).
        expect(list).toEqual({ results: [{ path: '/warehouse/', ufs: 'hdfs://nn:8020/warehouse/' }] });
        const res = await put(target, JSON.stringify({ mounts: [{ path: '/a', ufs: 's3://b' }, { path: '/c', ufs: 's3://b/' }] }));
        expect(res.status).toBe(400);
        expect((await json(res)).problems).toEqual([expect.objectContaining({ pointer: '/mounts/1' })]);
        expect(await json(await fetch(`${target.url}/api/v1/mount`))).toEqual(list);
      } finally {
        await target.close();
      }
    });
  });
}

import { describe, expect, test } from 'vitest';
import { SEEDED_INSTANCE_ID } from '../../mocks/doris-meta-service/index.js';
import { bodyOf, msHarness, spec, type MsHarness } from './doris-meta-service.harness.js';

const objectVault = (instanceId: string) => ({
  instance_id: instanceId,
  name: 'sample_instance_name',
  user_id: 'sample_user_id',
  vault: {
    obj_info: {
      ak: 'ak_1',
      sk: 'sk_1',
      bucket: 'sample_bucket_name',
      prefix: 'sample_prefix',
      endpoint: 'cos.ap-beijing.myqcloud.com',
      region: 'ap-beijing',
      provider: 'COS',
    },
  },
});

const feCluster = (instanceId: string, nodes = [{ cloud_unique_id: `1:${instanceId}:fe-1`, ip: '10.0.0.1', edit_log_port: 9010, node_type: 'FE_MASTER' }]) => ({
  instance_id: instanceId,
  cluster: { cluster_name: 'RESERVED_CLUSTER_NAME_FOR_SQL_SERVER', cluster_id: 'RESERVED_CLUSTER_ID_FOR_SQL_SERVER', type: 'SQL', nodes },
});

const computeCluster = (instanceId: string, id = 'cluster_id1', name = 'cluster_name1', cuid = `1:${instanceId}:be-1`) => ({
  instance_id: instanceId,
  cluster: { cluster_name: name, cluster_id: id, type: 'COMPUTE', nodes: [{ cloud_unique_id: cuid, ip: '10.0.0.2', heartbeat_port: 9050 }] },
});

const setStatus = (ms: MsHarness, instanceId: string, clusterId: string, status: unknown) =>
  ms.call('PUT', 'set_cluster_status', { cloud_unique_id: `1:${instanceId}:fe-1`, cluster: { cluster_id: clusterId, cluster_status: status } });

const clusterStatuses = (ms: MsHarness, instanceId: string, filter?: string) =>
  bodyOf(ms.call('PUT', 'get_cluster_status', { instance_ids: [instanceId], ...(filter ? { status: filter } : {}) })).result.details;

describe('doris-meta-service simulator, documented profile', () => {
  test('instance and cluster journey: create, read, add clusters, change status, drop, read not found', () => {
    const ms = msHarness('documented');
    const id = 'journey_instance';
    expect(bodyOf(ms.call('PUT', 'create_instance', objectVault(id)))).toEqual({ code: 'OK', msg: '' });

    const created = bodyOf(ms.call('GET', 'get_instance', undefined, { instance_id: id }));
    expect(created.code).toBe('OK');
    expect(created.result).toMatchObject({ instance_id: id, name: 'sample_instance_name', user_id: 'sample_user_id', status: 'NORMAL', clusters: [] });
    expect(created.result.obj_info).toEqual([expect.objectContaining({ id: '1', ak: 'ak_1', bucket: 'sample_bucket_name', provider: 'COS' })]);

    expect(bodyOf(ms.call('PUT', 'add_cluster', feCluster(id))).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'add_cluster', computeCluster(id))).code).toBe('OK');
    const withClusters = bodyOf(ms.call('GET', 'get_instance', undefined, { instance_id: id })).result;
    expect(withClusters.clusters.map((c: { type: string }) => c.type)).toEqual(['SQL', 'COMPUTE']);
    expect(withClusters.clusters[1].nodes[0]).toMatchObject({ cloud_unique_id: `1:${id}:be-1`, ip: '10.0.0.2', heartbeat_port: 9050 });

    // ms-add-cluster-normal: the document's notes put a new compute cluster in NORMAL in add_cluster;
    // from there only the documented transitions are allowed.
    expect(clusterStatuses(ms, id)).toEqual([{ instance_id: id, clusters: [{ cluster_id: 'cluster_id1', cluster_name: 'cluster_name1', cluster_status: 'NORMAL' }] }]);
    expect(bodyOf(setStatus(ms, id, 'cluster_id1', 'NORMAL'))).toEqual({
      code: 'INVALID_ARGUMENT',
      msg: 'failed to set cluster status, original cluster is NORMAL and want set NORMAL',
    });
    expect(bodyOf(setStatus(ms, id, 'cluster_id1', 'TO_RESUME'))).toEqual({
      code: 'INVALID_ARGUMENT',
      msg: 'failed to set cluster status, original cluster is NORMAL and want set TO_RESUME',
    });
    expect(bodyOf(setStatus(ms, id, 'cluster_id1', 'STOPPED')).msg).toBe('failed to set cluster status, original cluster is NORMAL and want set STOPPED');
    for (const next of ['SUSPENDED', 'TO_RESUME', 'NORMAL']) expect(bodyOf(setStatus(ms, id, 'cluster_id1', next)).code, next).toBe('OK');
    expect(clusterStatuses(ms, id, 'NORMAL')[0].clusters).toHaveLength(1);
    expect(clusterStatuses(ms, id, 'SUSPENDED')).toEqual([]);
    expect(bodyOf(setStatus(ms, id, 'no_such_cluster', 'NORMAL')).code).toBe('NOT_FOUND');

    // An instance with clusters cannot be dropped.
    expect(bodyOf(ms.call('PUT', 'drop_instance', { instance_id: id }))).toEqual({ code: 'INVALID_ARGUMENT', msg: 'failed to drop instance, instance has clusters' });
    for (const cluster of ['cluster_id1', 'RESERVED_CLUSTER_ID_FOR_SQL_SERVER']) {
      expect(bodyOf(ms.call('PUT', 'drop_cluster', { instance_id: id, cluster: { cluster_id: cluster } })).code).toBe('OK');
    }
    const gone = bodyOf(ms.call('PUT', 'get_cluster', { cloud_unique_id: `1:${id}:be-1`, cluster_id: 'cluster_id1' }));
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.msg).toBe(`fail to get cluster with cloud_unique_id: "1:${id}:be-1" cluster_id: "cluster_id1" `);
    expect(bodyOf(ms.call('PUT', 'drop_cluster', { instance_id: id, cluster: { cluster_id: 'cluster_id1' } })).msg).toBe(
      `failed to find cluster to drop, instance_id=${id} cluster_id=cluster_id1 cluster_name=`,
    );

    expect(bodyOf(ms.call('PUT', 'drop_instance', { instance_id: id })).code).toBe('OK');
    expect(bodyOf(ms.call('GET', 'get_instance', undefined, { instance_id: id })).result.status).toBe('DELETED');
    expect(bodyOf(ms.call('PUT', 'create_instance', objectVault(id)))).toEqual({ code: 'ALREADY_EXISTED', msg: `instance already existed, instance_id=${id}` });
    expect(bodyOf(ms.call('GET', 'get_instance', undefined, { instance_id: 'never_created' })).code).toBe('NOT_FOUND');
  });

  test('the three create_instance forms are stored as documented; the v1/ alias reaches the same handler', () => {
    const ms = msHarness('documented');
    const [hdfs, object, legacy] = ['hdfs', 'object', 'legacy'].map((form) => spec.operationById.get('create_instance')!.variants.find((v) => v.name === form)!.requestExamples[0]!.body!.value);
    for (const [example, id] of [[hdfs, 'h1'], [object, 'o1']] as const) {
      expect(bodyOf(ms.send({ method: 'PUT', path: '/MetaService/http/v1/create_instance', query: { token: 'greedisgood9999' }, body: { ...(example as object), instance_id: id } })).code).toBe('OK');
    }
    expect(bodyOf(ms.call('PUT', 'create_instance', legacy)).code).toBe('OK');
    expect(ms.sim.instance('h1')).toMatchObject({ vault: { hdfs_info: { build_conf: { fs_name: 'hdfs://172.21.0.44:4007' } } }, obj_info: [] });
    expect(ms.sim.instance('o1')).toMatchObject({ obj_info: [{ id: '1', endpoint: 'cos.ap-beijing.myqcloud.com', provider: 'COS' }] });
    expect(ms.sim.instance('123456')).toMatchObject({ obj_info: [{ id: '1', provider: 'OBS', user_id: 'xxx' }], ram_user: { user_id: 'ram_user_id' } });
    expect(bodyOf(ms.call('PUT', 'create_instance', { instance_id: 'neither' })).code).toBe('INVALID_ARGUMENT');
  });

  test('AK/SK rotation by user_id, by legacy id, and the 10 object-store infos limit', () => {
    const ms = msHarness('documented');
    const legacy = spec.operationById.get('create_instance')!.variants.find((v) => v.name === 'legacy')!.requestExamples[0]!.body!.value;
    expect(bodyOf(ms.call('PUT', 'create_instance', legacy)).code).toBe('OK');
    const cuid = '1:123456:node-1';
    const rotate = { instance_id: '123456', internal_bucket_user: [{ user_id: 'xxx', ak: 'ak2', sk: 'sk2' }], ram_user: { user_id: 'ram_user_id', ak: 'rak2', sk: 'rsk2' } };
    expect(bodyOf(ms.call('PUT', 'update_ak_sk', rotate)).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'get_obj_store_info', { cloud_unique_id: cuid })).result.obj_info[0]).toMatchObject({ id: '1', ak: 'ak2', sk: 'sk2' });
    expect(ms.sim.instance('123456')?.ram_user).toEqual({ user_id: 'ram_user_id', ak: 'rak2', sk: 'rsk2' });
    expect(bodyOf(ms.call('PUT', 'update_ak_sk', rotate))).toEqual({ code: 'INVALID_ARGUMENT', msg: 'ak sk eq original, please check it' });
    expect(bodyOf(ms.call('PUT', 'update_ak_sk', { instance_id: '123456', internal_bucket_user: [{ user_id: 'nobody', ak: 'a', sk: 's' }] })).code).toBe('INVALID_ARGUMENT');

    const legacyRotate = { cloud_unique_id: cuid, obj: { id: '1', ak: 'ak3', sk: 'sk3' } };
    expect(bodyOf(ms.call('PUT', 'legacy_update_ak_sk', legacyRotate)).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'legacy_update_ak_sk', legacyRotate)).msg).toBe('ak sk eq original, please check it');
    expect(bodyOf(ms.call('PUT', 'legacy_update_ak_sk', { cloud_unique_id: cuid, obj: { id: '2', ak: 'a', sk: 's' } })).code).toBe('INVALID_ARGUMENT');

    const obj = { ak: 'ak', sk: 'sk', bucket: 'b', prefix: 'p', endpoint: 'e', region: 'r' };
    for (let n = 2; n <= 10; n++) expect(bodyOf(ms.call('PUT', 'add_obj_info', { cloud_unique_id: cuid, obj: { ...obj, prefix: `p${n}` } })).code, `info ${n}`).toBe('OK');
    const ids = bodyOf(ms.call('PUT', 'get_obj_store_info', { cloud_unique_id: cuid })).result.obj_info.map((i: { id: string }) => i.id);
    expect(ids).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(bodyOf(ms.call('PUT', 'add_obj_info', { cloud_unique_id: cuid, obj })).code).toBe('INVALID_ARGUMENT');
    expect(bodyOf(ms.call('PUT', 'add_obj_info', { cloud_unique_id: cuid, obj: { ...obj, ak: 'x'.repeat(1000) } })).msg).toBe('s3 conf info err, please check it');
  });

  test('duplicates: cluster ids and names, occupied cloud_unique_ids, renames, MySQL user names', () => {
    const ms = msHarness('documented');
    ms.call('PUT', 'create_instance', objectVault('dup'));
    expect(bodyOf(ms.call('PUT', 'add_cluster', computeCluster('dup'))).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'add_cluster', computeCluster('dup', 'cluster_id1', 'other', '1:dup:be-9'))).code).toBe('ALREADY_EXISTED');
    expect(bodyOf(ms.call('PUT', 'add_cluster', computeCluster('dup', 'cluster_id2', 'cluster_name1', '1:dup:be-9'))).code).toBe('ALREADY_EXISTED');
    const occupied = bodyOf(ms.call('PUT', 'add_cluster', computeCluster('dup', 'cluster_id2', 'cluster_name2', '1:dup:be-1')));
    expect(occupied.code).toBe('INTERNAL_ERROR');
    expect(occupied.msg).toMatch(/^cloud_unique_id is already occupied by an instance, instance_id=dup .*cloud_unique_id=1:dup:be-1$/);

    const addNode = { instance_id: 'dup', cluster: { cluster_id: 'cluster_id1', cluster_name: 'cluster_name1', type: 'COMPUTE', nodes: [{ cloud_unique_id: '1:dup:be-2', ip: '10.0.0.3', heartbeat_port: 9051 }] } };
    expect(bodyOf(ms.call('PUT', 'add_node', addNode)).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'add_node', addNode)).msg).toMatch(/^cloud_unique_id is already occupied/);
    expect(bodyOf(ms.call('PUT', 'drop_node', addNode)).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'drop_node', addNode)).msg).toBe(
      'cloud_unique_id can not find to drop node, instance_id=dup cluster_name=cluster_name1 cluster_id=cluster_id1 cloud_unique_id=1:dup:be-2',
    );

    const rename = { instance_id: 'dup', cluster: { cluster_id: 'cluster_id1', cluster_name: 'cluster_name2' } };
    expect(bodyOf(ms.call('PUT', 'rename_cluster', rename)).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'rename_cluster', rename))).toEqual({
      code: 'INTERNAL_ERROR',
      msg: 'failed to rename cluster, name eq original name, original cluster is {"cluster_id":"cluster_id1","cluster_name":"cluster_name2","type":"COMPUTE"}',
    });

    const users = (names: string[]) => ({ instance_id: 'dup', cluster: { cluster_id: 'cluster_id1', mysql_user_name: names } });
    expect(bodyOf(ms.call('PUT', 'update_cluster_mysql_user_name', users(['jack', 'root']))).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'update_cluster_mysql_user_name', users([])))).toEqual({ code: 'INTERNAL_ERROR', msg: 'no mysql user name to change' });
    const byUser = bodyOf(ms.call('PUT', 'get_cluster', { cloud_unique_id: '1:dup:be-1', mysql_user_name: 'jack' }));
    expect(byUser.result).toMatchObject({ cluster_id: 'cluster_id1', cluster_name: 'cluster_name2', mysql_user_name: ['jack', 'root'] });
    expect(bodyOf(ms.call('PUT', 'get_cluster', { cloud_unique_id: '1:dup:be-1', cluster_name: 'cluster_name2' })).result.cluster_id).toBe('cluster_id1');
    expect(bodyOf(ms.call('PUT', 'get_cluster', { cloud_unique_id: '1:dup:be-1' })).result.cluster).toHaveLength(1);
  });

  test('the SQL cluster needs exactly one FE_MASTER', () => {
    const ms = msHarness('documented');
    ms.call('PUT', 'create_instance', objectVault('fe'));
    const observer = { cloud_unique_id: '1:fe:fe-2', ip: '10.0.0.5', edit_log_port: 9010, node_type: 'FE_OBSERVER' };
    expect(bodyOf(ms.call('PUT', 'add_cluster', feCluster('fe', [observer])))).toEqual({
      code: 'INTERNAL_ERROR',
      msg: 'cluster is SQL type, must have only one master node, now master count: 0',
    });
    expect(bodyOf(ms.call('PUT', 'add_cluster', feCluster('fe'))).code).toBe('OK');
    const secondMaster = { instance_id: 'fe', cluster: { ...feCluster('fe').cluster, nodes: [{ ...observer, node_type: 'FE_MASTER' }] } };
    expect(bodyOf(ms.call('PUT', 'add_node', secondMaster)).msg).toBe('cluster is SQL type, must have only one master node, now master count: 2');
    expect(bodyOf(ms.call('PUT', 'add_node', { instance_id: 'fe', cluster: { ...feCluster('fe').cluster, nodes: [observer] } })).code).toBe('OK');
  });

  test('requests that break the documented patterns are INVALID_ARGUMENT (HTTP 200, the envelope carries the outcome)', () => {
    const ms = msHarness('documented');
    const badId = ms.call('PUT', 'create_instance', { ...objectVault('x'), instance_id: 'bad id' });
    expect(badId.status).toBe(200);
    expect(bodyOf(badId).code).toBe('INVALID_ARGUMENT');
    expect(bodyOf(badId).msg).toMatch(/instance_id/);
    expect(bodyOf(ms.call('PUT', 'get_obj_store_info', { cloud_unique_id: 'no-prefix' })).code).toBe('INVALID_ARGUMENT');
    ms.call('PUT', 'create_instance', objectVault('p'));
    expect(bodyOf(ms.call('PUT', 'add_cluster', computeCluster('p', 'c', '9starts_with_digit'))).code).toBe('INVALID_ARGUMENT');
    expect(bodyOf(ms.call('PUT', 'set_instance_status', { instance_id: 'p', op: 'SET_DELETED' })).code).toBe('INVALID_ARGUMENT');
    expect(ms.sim.instance('p')?.clusters).toEqual([]);
    expect(bodyOf(ms.call('PUT', 'create_instance', '{"instance_id": "p2",')).code).toBe('INVALID_ARGUMENT');
  });

  test('the token is checked before anything else', () => {
    const ms = msHarness('documented');
    const wrong = ms.call('PUT', 'drop_instance', { instance_id: 'x' }, { token: 'nope' });
    expect(wrong).toEqual({ status: 403, body: { code: 'INVALID_ARGUMENT', msg: 'incorrect token, token=nope' } });
    const missing = ms.send({ method: 'GET', path: '/MetaService/http/get_instance', query: { instance_id: 'x' } });
    expect(missing).toEqual({ status: 403, body: { code: 'INVALID_ARGUMENT', msg: 'incorrect token, token=(not given)' } });
    // Even a request that is also invalid hears about the token first.
    expect(ms.call('PUT', 'drop_instance', { instance_id: 'bad id' }, { token: 'nope' }).status).toBe(403);
  });

  test('instance status and SSE', () => {
    const ms = msHarness('documented');
    ms.call('PUT', 'create_instance', objectVault('st'));
    expect(bodyOf(ms.call('PUT', 'set_instance_status', { instance_id: 'st', op: 'SET_OVERDUE' })).code).toBe('OK');
    expect(ms.sim.instance('st')?.status).toBe('OVERDUE');
    expect(bodyOf(ms.call('PUT', 'set_instance_status', { instance_id: 'st', op: 'SET_OVERDUE' })).code).toBe('INVALID_ARGUMENT');
    expect(bodyOf(ms.call('PUT', 'set_instance_status', { instance_id: 'st', op: 'SET_NORMAL' })).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'set_instance_status', { instance_id: 'nobody', op: 'SET_NORMAL' }))).toEqual({ code: 'NOT_FOUND', msg: 'instance not existed, instance_id=nobody' });
    expect(bodyOf(ms.call('PUT', 'enable_instance_sse', { instance_id: 'st' })).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'enable_instance_sse', { instance_id: 'st' }))).toEqual({ code: 'INVALID_ARGUMENT', msg: 'failed to enable sse, instance has enabled sse' });
    expect(ms.sim.instance('st')).toMatchObject({ sse_enabled: true, obj_info: [{ sse_enabled: true }] });
  });

  test('seeded: the debugging views answer the document samples', () => {
    const ms = msHarness('documented');
    ms.sim.applyScenario('seeded');
    const examples = (op: string) => Object.fromEntries(spec.operationById.get(op)!.responses.flatMap((r) => r.content.flatMap((m) => m.examples)).map((e) => [e.key, e.value]));

    const key = '0110696e7374616e636500011072656772657373696f6e5f696e7374616e6365300001';
    const diagram = ms.call('GET', 'decode_key', undefined, { key });
    expect(diagram.body).toBe(examples('decode_key').decode_key);
    expect(ms.call('GET', 'decode_key', undefined, { key, unicode: 'false' }).body).toMatch(/^\+-+ 0\. key space: 1\n\| \+-+ 1\. instance\n/);
    expect(ms.call('GET', 'decode_key', undefined, { key: '01ff' }).body).toBe(examples('decode_key')['decode_key.invalid_argument']);
    expect(ms.call('GET', 'decode_key', undefined, { key: 'zz' }).body).toMatch(/^failed to decode key, key=zz: /);
    expect(ms.call('POST', 'abort_txn', { cloud_unique_id: 'bad', txn_id: 1 }).body).toMatch(/^status \{\n  code: INVALID_ARGUMENT\n/);

    const statsRequest = { cloud_unique_id: '1:regression_instance0:regression-cloud-unique-id0', tablet_idx: [{ table_id: 113973, index_id: 113974, partition_id: 113966, tablet_id: 114739 }] };
    expect(ms.call('POST', 'get_tablet_stats', statsRequest).body).toBe(examples('get_tablet_stats').get_tablet_stats);
    expect(ms.call('POST', 'get_tablet_stats', { ...statsRequest, tablet_idx: [{ ...statsRequest.tablet_idx[0], tablet_id: 1 }] }).body).toMatch(/code: NOT_FOUND/);

    const txn = { cloud_unique_id: '1:regression_instance0:regression-cloud-unique-id0', txn_id: 869414052004864 };
    expect(ms.call('POST', 'abort_txn', txn).body).toBe(examples('abort_txn').abort_txn);
    expect(ms.call('POST', 'abort_txn', txn).body).toMatch(/code: INVALID_ARGUMENT\n  msg: "transaction is already aborted/);
    expect(ms.call('POST', 'abort_txn', { cloud_unique_id: txn.cloud_unique_id, db_id: 10002, label: 'insert_visible' }).body).toMatch(/already visible/);
    expect(ms.call('POST', 'abort_txn', { ...txn, txn_id: 1 }).body).toMatch(/code: NOT_FOUND/);

    const job = { cloud_unique_id: txn.cloud_unique_id, job: { idx: { tablet_id: 113973 }, compaction: [{ id: '113974' }] } };
    expect(ms.call('POST', 'abort_tablet_job', job).body).toBe(examples('abort_tablet_job').abort_tablet_job);
    expect(ms.call('POST', 'abort_tablet_job', job).body).toMatch(/code: NOT_FOUND/);

    const fe = (authorization?: string) =>
      ms.send({ method: 'GET', path: '/rest/v2/manager/cluster/cluster_info/cloud_cluster_status', headers: authorization ? { authorization } : {} });
    const view = fe(`Basic ${Buffer.from('root:').toString('base64')}`);
    expect(view.status).toBe(200);
    const data = (view.body as { data: Record<string, unknown[]> }).data;
    expect(Object.keys(data)).toEqual(['regression_test_cluster_id0', 'regression_test_cluster_id1', 'regression_test_cluster_id2']);
    expect(data.regression_test_cluster_id1).toEqual([{ host: '127.0.0.1', heartbeatPort: 14102, bePort: -1, httpPort: -1, brpcPort: -1, currentFragmentNum: 0, lastFragmentUpdateTime: 0 }]);
    expect(fe()).toEqual({ status: 401, body: { msg: 'Unauthorized', code: 401, data: 'Need auth information.', count: 0 } });
    expect(fe(`Basic ${Buffer.from('root:wrong').toString('base64')}`).status).toBe(401);
  });

  test('scenarios: internal errors, rotated token, suspended clusters, full object-store infos, overdue instance', () => {
    const ms = msHarness('documented');
    expect(Object.keys(ms.sim.scenarios)).toEqual(['seeded', 'internal-errors', 'token-rotated', 'clusters-suspended', 'obj-info-full', 'instance-overdue']);
    ms.sim.applyScenario('internal-errors');
    expect(bodyOf(ms.call('GET', 'get_instance', undefined, { instance_id: SEEDED_INSTANCE_ID })).code).toBe('INTERNAL_ERROR');
    expect(ms.call('GET', 'get_instance', undefined, { instance_id: SEEDED_INSTANCE_ID }, {}).status).toBe(200);
    ms.sim.reset();
    ms.sim.applyScenario('token-rotated');
    expect(ms.call('GET', 'get_instance', undefined, { instance_id: SEEDED_INSTANCE_ID }).status).toBe(403);
    ms.sim.reset();
    ms.sim.applyScenario('clusters-suspended');
    expect(clusterStatuses(ms, SEEDED_INSTANCE_ID, 'NORMAL')).toEqual([]);
    expect(bodyOf(setStatus(ms, SEEDED_INSTANCE_ID, 'regression_test_cluster_id0', 'TO_RESUME')).code).toBe('OK');
    ms.sim.applyScenario('obj-info-full');
    const obj = { ak: 'ak', sk: 'sk', bucket: 'b', endpoint: 'e', region: 'r' };
    expect(bodyOf(ms.call('PUT', 'add_obj_info', { cloud_unique_id: '1:regression_instance0:x', obj })).msg).toBe('obj info num exceeds the limit 10');
    ms.sim.applyScenario('instance-overdue');
    expect(ms.sim.instance(SEEDED_INSTANCE_ID)?.status).toBe('OVERDUE');
    expect(() => ms.sim.applyScenario('nope')).toThrow(/known: seeded, internal-errors/);
    ms.sim.reset();
    expect(ms.sim.instance(SEEDED_INSTANCE_ID)).toBeUndefined();
  });

  test('state is bounded: the oldest instances are evicted beyond maxInstances', () => {
    const ms = msHarness('documented', { maxInstances: 3 });
    for (let i = 0; i < 5; i++) {
      ms.call('PUT', 'create_instance', objectVault(`i${i}`));
      ms.call('PUT', 'add_cluster', computeCluster(`i${i}`));
    }
    expect(ms.sim.instanceCount).toBe(3);
    expect(ms.sim.instance('i0')).toBeUndefined();
    expect(ms.sim.instance('i4')).toBeDefined();
    // An evicted instance's nodes are free again.
    expect(bodyOf(ms.call('PUT', 'create_instance', objectVault('i0'))).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'add_cluster', computeCluster('i0'))).code).toBe('OK');
  });

  test('unknown paths, wrong methods, fault responses', () => {
    const ms = msHarness('documented');
    expect(ms.send({ method: 'GET', path: '/MetaService/http/no_such_handler', query: { token: 'greedisgood9999' } }).status).toBe(404);
    const wrongMethod = ms.send({ method: 'GET', path: '/MetaService/http/create_instance', query: { token: 'greedisgood9999' } });
    expect(wrongMethod.status).toBe(405);
    // The document uses PUT (its syntax) and POST (its curl example) for body-reading handlers.
    expect(wrongMethod.headers?.allow).toBe('PUT, POST');
    expect(ms.sim.errorResponse(409, 'injected')).toEqual({ status: 409, body: { code: 'ALREADY_EXISTED', msg: 'injected' } });
    expect(ms.sim.errorResponse(503, 'injected').body).toEqual({ code: 'INTERNAL_ERROR', msg: 'injected' });
  });
});

describe('doris-meta-service simulator, observed profile', () => {
  test('codes map to HTTP statuses (ms-status-map) and the transition edges are the real ones', () => {
    const ms = msHarness('observed');
    ms.call('PUT', 'create_instance', objectVault('o'));
    expect(ms.call('PUT', 'create_instance', objectVault('o')).status).toBe(409);
    ms.call('PUT', 'add_cluster', computeCluster('o'));
    ms.call('PUT', 'add_cluster', feCluster('o'));
    expect(ms.call('PUT', 'get_cluster', { cloud_unique_id: '1:o:x', cluster_id: 'nope' }).status).toBe(404);
    expect(ms.call('PUT', 'drop_instance', { instance_id: 'o' }).status).toBe(400);
    // ms-add-cluster-normal: the compute cluster is NORMAL from add_cluster on.
    // ms-cluster-status-enum: STOPPED is dropped and read as UNKNOWN.
    expect(setStatus(ms, 'o', 'cluster_id1', 'STOPPED')).toMatchObject({
      status: 400,
      body: { code: 'INVALID_ARGUMENT', msg: 'failed to set cluster status, original cluster is NORMAL and want set UNKNOWN' },
    });
    expect(bodyOf(setStatus(ms, 'o', 'cluster_id1', 'NORMAL')).msg).toBe('failed to set cluster status, status eq original status, original cluster is NORMAL');
    // ms-cluster-status-edges: NORMAL->MANUAL_SHUTDOWN->NORMAL and SUSPENDED->NORMAL, enum values as numbers (ms-lenient-json).
    for (const next of ['MANUAL_SHUTDOWN', 'NORMAL', 'SUSPENDED', 1]) expect(setStatus(ms, 'o', 'cluster_id1', next).status, String(next)).toBe(200);
    expect(setStatus(ms, 'o', 'no_such_cluster', 'NORMAL').status).toBe(400);
  });

  test('token rejection is plain text (ms-token-403); unknown paths are plain text 404; methods are ignored', () => {
    const ms = msHarness('observed');
    // ms-content-type-echo: no request Content-Type, none on the answer ('' sends no header).
    expect(ms.call('PUT', 'drop_instance', { instance_id: 'x' }, { token: 'nope' })).toEqual({
      status: 403,
      headers: { 'content-type': '' },
      body: 'incorrect token, token=nope',
    });
    expect(ms.send({ method: 'PUT', path: '/MetaService/http/drop_instance', body: {} }).body).toBe('incorrect token, token=(not given)');
    expect(ms.send({ method: 'GET', path: '/MetaService/http/nope', query: { token: 'greedisgood9999' } }).body).toBe('http path not found or not allowed');
    expect(ms.call('POST', 'create_instance', objectVault('m')).status).toBe(200);
    expect(ms.call('GET', 'set_instance_status', { instance_id: 'm', op: 'SET_OVERDUE' }).status).toBe(200);
    expect(ms.sim.instance('m')?.status).toBe('OVERDUE');
  });

  test('lenient JSON (ms-lenient-json), empty bodies (ms-empty-body-400), content type echo', () => {
    const ms = msHarness('observed');
    const lenient = { ...objectVault('l'), surplus: true, vault: { obj_info: { ...objectVault('l').vault.obj_info, provider: 1 } } };
    expect(ms.call('PUT', 'create_instance', lenient).status).toBe(200);
    expect(ms.sim.instance('l')?.obj_info).toEqual([expect.objectContaining({ provider: 'S3' })]);
    const quoted = { instance_id: 'l', cluster: { cluster_name: 'c1', cluster_id: 'c1', type: 'COMPUTE', nodes: [{ cloud_unique_id: '1:l:be', ip: '10.0.0.9', heartbeat_port: '9050' }] } };
    expect(ms.call('PUT', 'add_cluster', quoted).status).toBe(200);
    expect(ms.sim.instance('l')?.clusters).toEqual([expect.objectContaining({ nodes: [expect.objectContaining({ heartbeat_port: 9050 })] })]);
    expect(ms.call('PUT', 'get_cluster', undefined)).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT' } });
    expect(ms.call('PUT', 'get_cluster', 'not json')).toMatchObject({ status: 400 });
    const all = ms.call('PUT', 'get_cluster', {}, {}, { 'content-type': 'text/plain' });
    expect(all.headers?.['content-type']).toBe('text/plain');
  });

  test('get_instance: unknown is 500 with an empty result; defaults omitted; obj store status; get_cluster shape', () => {
    const ms = msHarness('observed');
    expect(ms.call('GET', 'get_instance', undefined, { instance_id: 'nobody' })).toMatchObject({
      status: 500,
      body: { code: 'INTERNAL_ERROR', msg: 'failed to get instance, info=instance_id=nobody', result: {} },
    });
    ms.call('PUT', 'create_instance', objectVault('g'));
    ms.call('PUT', 'add_cluster', computeCluster('g'));
    const instance = bodyOf(ms.call('GET', 'get_instance', undefined, { instance_id: 'g' })).result;
    // ms-instance-shape: status is shown (NORMAL); ms-add-cluster-normal: so is the compute cluster's.
    expect(instance.status).toBe('NORMAL');
    expect(instance.clusters[0].cluster_status).toBe('NORMAL');
    expect(bodyOf(ms.call('PUT', 'get_obj_store_info', { cloud_unique_id: '1:g:be-1' })).result.status).toEqual({ code: 'OK', msg: '' });
    expect(bodyOf(ms.call('PUT', 'get_cluster', { cloud_unique_id: '1:g:be-1' })).result).toMatchObject({ status: { code: 'OK' }, cluster: [{ cluster_id: 'cluster_id1' }] });
  });

  test('abort_txn answers JSON (ms-abort-txn-json), unknown txn 500; tablet stats errors have an empty body', () => {
    const ms = msHarness('observed');
    ms.sim.applyScenario('seeded');
    const cuid = '1:regression_instance0:regression-cloud-unique-id0';
    expect(ms.call('POST', 'abort_txn', { cloud_unique_id: cuid, txn_id: '869414052004864' })).toMatchObject({ status: 200, body: { code: 'OK', msg: '' } });
    expect(ms.call('POST', 'abort_txn', { cloud_unique_id: cuid, txn_id: 1 })).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
    const stats = ms.call('POST', 'get_tablet_stats', { cloud_unique_id: cuid, tablet_idx: [{ table_id: 1, index_id: 1, partition_id: 1, tablet_id: 1 }] });
    expect(stats).toMatchObject({ status: 404, body: '' });
    expect(ms.call('GET', 'decode_key', undefined, { key: 'zz' })).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT' } });
    ms.sim.applyScenario('internal-errors');
    expect(ms.call('GET', 'get_instance', undefined, { instance_id: SEEDED_INSTANCE_ID }).status).toBe(500);
  });
});

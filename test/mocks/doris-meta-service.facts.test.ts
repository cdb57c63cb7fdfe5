import { describe, expect, test } from 'vitest';
import { createMetaServiceSimulator, META_SERVICE_SETTINGS, UNDOCUMENTED_HANDLERS } from '../../mocks/doris-meta-service/index.js';
import { bodyOf, msHarness, spec, type MsHarness } from './doris-meta-service.harness.js';

/**
 * One test per Meta Service fact of the spec's x-observed entries (and the documented profile where
 * the fact says the document agrees). Every expected answer is the fact's own wording: status,
 * code and message as the fact gives them, never read back from the simulator.
 */

const TOKEN = 'greedisgood9999';
const OBJ = { ak: 'ak', sk: 'sk', bucket: 'b', prefix: 'p', endpoint: 'cos.ap-beijing.myqcloud.com', region: 'ap-beijing', provider: 'COS' };

function withInstance(ms: MsHarness, id = 'facts'): string {
  expect(bodyOf(ms.call('PUT', 'create_instance', { instance_id: id, name: 'facts', user_id: 'facts_user', vault: { obj_info: OBJ } })).code).toBe('OK');
  return id;
}

const be = (cuid: string, ip: string, port = 9050) => ({ cloud_unique_id: cuid, ip, heartbeat_port: port });
const fe = (cuid: string, ip: string, nodeType: 'FE_MASTER' | 'FE_OBSERVER') => ({ cloud_unique_id: cuid, ip, edit_log_port: 9010, node_type: nodeType });
const SQL = { cluster_name: 'RESERVED_CLUSTER_NAME_FOR_SQL_SERVER', cluster_id: 'RESERVED_CLUSTER_ID_FOR_SQL_SERVER', type: 'SQL' };

function addCompute(ms: MsHarness, id: string, nodes: unknown[], cluster = { cluster_name: 'compute0', cluster_id: 'c0' }) {
  return ms.call('POST', 'add_cluster', { instance_id: id, cluster: { ...cluster, type: 'COMPUTE', nodes } });
}

describe('ms-add-cluster-normal: add_cluster stores a COMPUTE cluster NORMAL (both profiles)', () => {
  test.each(['documented', 'observed'] as const)('%s: NORMAL at once, and NORMAL -> SUSPENDED works right after add_cluster', (profile) => {
    const ms = msHarness(profile);
    const id = withInstance(ms);
    expect(bodyOf(addCompute(ms, id, [be(`1:${id}:be0`, '10.0.0.1')])).code).toBe('OK');
    expect(bodyOf(ms.call('PUT', 'get_cluster', { cloud_unique_id: `1:${id}:be0`, cluster_id: 'c0' })).result.cluster_status).toBe('NORMAL');
    const suspended = ms.call('PUT', 'set_cluster_status', { instance_id: id, cluster: { cluster_id: 'c0', cluster_status: 'SUSPENDED' } });
    expect(bodyOf(suspended)).toEqual({ code: 'OK', msg: '' });
  });
});

describe('ms-doc-post / ms-method-ignored: methods', () => {
  test("documented: the document's own curl example for set_instance_status (POST) is served", () => {
    const ms = msHarness('documented');
    const id = withInstance(ms, 'test_instance');
    // curl '127.0.0.1:5000/MetaService/http/set_instance_status?token=greedisgood9999' -d '{"instance_id":"test_instance","op":"SET_OVERDUE"}'
    const answer = ms.call('POST', 'set_instance_status', { instance_id: id, op: 'SET_OVERDUE' }, {}, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(answer).toMatchObject({ status: 200, body: { code: 'OK', msg: '' } });
    expect(ms.sim.instance(id)?.status).toBe('OVERDUE');
  });

  test('documented: every body-reading handler takes PUT and POST; the POST debugging handlers take PUT too', () => {
    for (const op of spec.operations.filter((o) => o.path.startsWith('/MetaService/http/') && o.requestBody)) {
      expect([op.method, ...op.acceptedMethods].sort(), op.operationId).toEqual(['post', 'put']);
    }
    const ms = msHarness('documented');
    ms.sim.applyScenario('seeded');
    const stats = ms.call('PUT', 'get_tablet_stats', { cloud_unique_id: '1:regression_instance0:regression-cloud-unique-id0', tablet_idx: [{ table_id: 113973, index_id: 113974, partition_id: 113966, tablet_id: 114739 }] });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatch(/^status \{\n  code: OK\n/);
  });

  test('documented: a method the document never uses for the handler is refused, naming the ones it does', () => {
    const ms = msHarness('documented');
    const answer = ms.call('DELETE', 'drop_instance', { instance_id: 'x' });
    expect(answer.status).toBe(405);
    expect(answer.headers?.allow).toBe('PUT, POST');
  });

  test('observed: any method is served, DELETE and GET with a body included', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    expect(bodyOf(addCompute(ms, id, [be(`1:${id}:be0`, '10.0.0.1')])).code).toBe('OK');
    const byGet = ms.call('GET', 'get_cluster', { cloud_unique_id: `1:${id}:be0`, cluster_id: 'c0' });
    expect(byGet).toMatchObject({ status: 200, body: { code: 'OK', result: { cluster_id: 'c0' } } });
    expect(ms.call('DELETE', 'drop_cluster', { instance_id: id, cluster: { cluster_id: 'c0' } })).toMatchObject({ status: 200, body: { code: 'OK' } });
    expect(ms.call('DELETE', 'drop_instance', { instance_id: id })).toMatchObject({ status: 200, body: { code: 'OK' } });
    expect(ms.call('PATCH', 'v1/get_instance', undefined, { instance_id: id })).toMatchObject({ status: 200, body: { result: { status: 'DELETED' } } });
  });

  test('the spec states ms-method-ignored as a request that any method reaches', () => {
    expect(spec.observed.find((entry) => entry.id === 'ms-method-ignored')?.request).toEqual({ anyMethod: true });
  });
});

describe('ms-node-endpoint (observed): nodes are told apart by endpoint, not by cloud_unique_id', () => {
  test('nodes of one instance may share a cloud_unique_id (the regression suite does)', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    const shared = `1:${id}:xxxxx`;
    expect(addCompute(ms, id, [be(shared, '182.0.0.1'), be(shared, '182.0.0.2')]).status).toBe(200);
    const sql = { ...SQL, nodes: [fe(shared, '162.0.0.1', 'FE_MASTER'), fe(shared, '162.0.0.2', 'FE_OBSERVER')] };
    expect(ms.call('POST', 'add_cluster', { instance_id: id, cluster: sql }).status).toBe(200);
    expect(ms.sim.instance(id)?.clusters).toHaveLength(2);
  });

  test('an endpoint already in a cluster of the instance answers 409 ALREADY_EXISTED `compute node endpoint has been added`', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    expect(addCompute(ms, id, [be(`1:${id}:a`, '10.0.0.1', 9050)]).status).toBe(200);
    const again = addCompute(ms, id, [be(`1:${id}:b`, '10.0.0.1', 9050)], { cluster_name: 'compute1', cluster_id: 'c1' });
    expect(again.status).toBe(409);
    expect(bodyOf(again).code).toBe('ALREADY_EXISTED');
    expect(bodyOf(again).msg).toContain('compute node endpoint has been added');
    const node = ms.call('POST', 'add_node', { instance_id: id, cluster: { cluster_name: 'compute0', cluster_id: 'c0', type: 'COMPUTE', nodes: [be(`1:${id}:c`, '10.0.0.1', 9050)] } });
    expect(bodyOf(node).msg).toContain('compute node endpoint has been added');
    // Another port on the same host is another endpoint.
    expect(ms.call('POST', 'add_node', { instance_id: id, cluster: { cluster_name: 'compute0', cluster_id: 'c0', type: 'COMPUTE', nodes: [be(`1:${id}:a`, '10.0.0.1', 9051)] } }).status).toBe(200);
  });

  test('drop_node finds the node by its endpoint', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    const shared = `1:${id}:xxxxx`;
    addCompute(ms, id, [be(shared, '182.0.0.1'), be(shared, '182.0.0.2'), be(shared, '182.0.0.3')]);
    const drop = ms.call('POST', 'drop_node', { instance_id: id, cluster: { cluster_name: 'compute0', cluster_id: 'c0', type: 'COMPUTE', nodes: [be(shared, '182.0.0.2')] } });
    expect(bodyOf(drop)).toEqual({ code: 'OK', msg: '' });
    const ips = bodyOf(ms.call('POST', 'get_cluster', { cloud_unique_id: shared, cluster_id: 'c0' })).result.nodes.map((n: { ip: string }) => n.ip);
    expect(ips).toEqual(['182.0.0.1', '182.0.0.3']);
  });
});

describe('ms-sql-cluster (observed): the SQL cluster has exactly one FE_MASTER', () => {
  test('no master, or two, answers 400 INVALID_ARGUMENT `cluster is SQL type, must have only one master node ...`', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    for (const nodes of [[fe(`1:${id}:o`, '10.0.0.5', 'FE_OBSERVER')], [fe(`1:${id}:m1`, '10.0.0.5', 'FE_MASTER'), fe(`1:${id}:m2`, '10.0.0.6', 'FE_MASTER')]]) {
      const answer = ms.call('POST', 'add_cluster', { instance_id: id, cluster: { ...SQL, nodes } });
      expect(answer.status).toBe(400);
      expect(bodyOf(answer).code).toBe('INVALID_ARGUMENT');
      expect(bodyOf(answer).msg).toMatch(/^cluster is SQL type, must have only one master node/);
    }
  });
});

describe('ms-fe-safe-time (observed): FE nodes are protected for a while after they are added', () => {
  const withFeCluster = (settings?: Record<string, boolean>) => {
    const ms = msHarness('observed', { settings });
    const id = withInstance(ms);
    const nodes = [fe(`1:${id}:fe0`, '10.0.0.1', 'FE_MASTER'), fe(`1:${id}:fe1`, '10.0.0.2', 'FE_OBSERVER')];
    expect(ms.call('POST', 'add_cluster', { instance_id: id, cluster: { ...SQL, nodes } }).status).toBe(200);
    const dropObserver = () => ms.call('POST', 'drop_node', { instance_id: id, cluster: { ...SQL, nodes: [nodes[1]] } });
    const dropCluster = () => ms.call('POST', 'drop_cluster', { instance_id: id, cluster: { cluster_id: SQL.cluster_id } });
    return { ms, dropObserver, dropCluster };
  };

  test('drop_node of a new FE node: 400 `drop fe node not in safe time, try later`; drop_cluster of the SQL cluster: 404 NOT_FOUND `drop fe cluster not in safe time, try later`', () => {
    const { dropObserver, dropCluster } = withFeCluster();
    const node = dropObserver();
    expect(node.status).toBe(400);
    expect(bodyOf(node).code).toBe('INVALID_ARGUMENT');
    expect(bodyOf(node).msg).toMatch(/^drop fe node not in safe time, try later/);
    const cluster = dropCluster();
    expect(cluster.status).toBe(404);
    expect(bodyOf(cluster).code).toBe('NOT_FOUND');
    expect(bodyOf(cluster).msg).toMatch(/^drop fe cluster not in safe time, try later/);
  });

  test('once the protection is over (5 minutes) both drops succeed', () => {
    const { ms, dropObserver, dropCluster } = withFeCluster();
    ms.clock.advance(5 * 60 * 1000 + 1000);
    expect(bodyOf(dropObserver())).toEqual({ code: 'OK', msg: '' });
    expect(bodyOf(dropCluster())).toEqual({ code: 'OK', msg: '' });
  });

  test('with enable_check_fe_drop_in_safe_time=false there is no protection', () => {
    expect(META_SERVICE_SETTINGS.enable_check_fe_drop_in_safe_time.default).toBe(true);
    const { dropObserver, dropCluster } = withFeCluster({ enable_check_fe_drop_in_safe_time: false });
    expect(bodyOf(dropObserver()).code).toBe('OK');
    expect(bodyOf(dropCluster()).code).toBe('OK');
  });

  test('the documented profile has no protection (the document describes none)', () => {
    const ms = msHarness('documented');
    const id = withInstance(ms);
    ms.call('PUT', 'add_cluster', { instance_id: id, cluster: { ...SQL, nodes: [fe(`1:${id}:fe0`, '10.0.0.1', 'FE_MASTER')] } });
    expect(bodyOf(ms.call('PUT', 'drop_cluster', { instance_id: id, cluster: { cluster_id: SQL.cluster_id } })).code).toBe('OK');
  });
});

describe('ms-drop-not-found (observed)', () => {
  test('drop_cluster of an unknown cluster and drop_node of a node not in the cluster answer 404 NOT_FOUND', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    addCompute(ms, id, [be(`1:${id}:be0`, '10.0.0.1')]);
    const cluster = ms.call('POST', 'drop_cluster', { instance_id: id, cluster: { cluster_id: 'nope' } });
    expect(cluster).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const node = ms.call('POST', 'drop_node', { instance_id: id, cluster: { cluster_name: 'compute0', cluster_id: 'c0', type: 'COMPUTE', nodes: [be(`1:${id}:be9`, '10.0.0.9')] } });
    expect(node).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  test('set_cluster_status, rename_cluster and update_cluster_mysql_user_name on an unknown cluster_id answer 400 `failed to find cluster to update, ...`', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    const expected = { code: 'INVALID_ARGUMENT', msg: `failed to find cluster to update, instance_id=${id} cluster_id=nope cluster_name=ghost` };
    const answers = [
      ms.call('POST', 'set_cluster_status', { instance_id: id, cluster: { cluster_id: 'nope', cluster_name: 'ghost', cluster_status: 'SUSPENDED' } }),
      ms.call('POST', 'rename_cluster', { instance_id: id, cluster: { cluster_id: 'nope', cluster_name: 'ghost' } }),
      ms.call('POST', 'update_cluster_mysql_user_name', { instance_id: id, cluster: { cluster_id: 'nope', cluster_name: 'ghost', mysql_user_name: ['jack'] } }),
    ];
    for (const answer of answers) expect(answer).toMatchObject({ status: 400, body: expected });
  });
});

describe('ms-rename-taken (observed; documented too, the document being silent: x-doc-quirks ms-rename-cluster-taken)', () => {
  test.each(['documented', 'observed'] as const)('%s: renaming to a name another cluster has answers INVALID_ARGUMENT `failed to rename cluster, a cluster with the same name already exists in this instance ...`', (profile) => {
    const ms = msHarness(profile);
    const id = withInstance(ms);
    addCompute(ms, id, [be(`1:${id}:a`, '10.0.0.1')]);
    addCompute(ms, id, [be(`1:${id}:b`, '10.0.0.2')], { cluster_name: 'compute1', cluster_id: 'c1' });
    const answer = ms.call('POST', 'rename_cluster', { instance_id: id, cluster: { cluster_id: 'c1', cluster_name: 'compute0' } });
    expect(answer.status).toBe(profile === 'observed' ? 400 : 200);
    expect(bodyOf(answer).code).toBe('INVALID_ARGUMENT');
    expect(bodyOf(answer).msg).toMatch(/^failed to rename cluster, a cluster with the same name already exists in this instance/);
  });
});

describe('ms-cluster-name-check (observed): the name pattern only with enable_cluster_name_check', () => {
  const badName = { cluster_name: '9-not-a-name', cluster_id: 'c9' };

  test('off by default: a name the pattern refuses is stored', () => {
    expect(META_SERVICE_SETTINGS.enable_cluster_name_check.default).toBe(false);
    const ms = msHarness('observed');
    const id = withInstance(ms);
    expect(bodyOf(addCompute(ms, id, [be(`1:${id}:a`, '10.0.0.1')], badName))).toEqual({ code: 'OK', msg: '' });
  });

  test('on: 400 `cluster name not regex with ^[a-zA-Z][a-zA-Z0-9_]*$, please check it`', () => {
    const ms = msHarness('observed', { settings: { enable_cluster_name_check: true } });
    const id = withInstance(ms);
    expect(addCompute(ms, id, [be(`1:${id}:a`, '10.0.0.1')], badName)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_ARGUMENT', msg: 'cluster name not regex with ^[a-zA-Z][a-zA-Z0-9_]*$, please check it' },
    });
  });

  test('a missing name is always 400 `not have cluster name`', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    const answer = ms.call('POST', 'add_cluster', { instance_id: id, cluster: { cluster_id: 'c0', type: 'COMPUTE', nodes: [be(`1:${id}:a`, '10.0.0.1')] } });
    expect(answer).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT', msg: 'not have cluster name' } });
  });

  test('settings are checked: an unknown name throws naming the known ones, a wrong type throws too', () => {
    expect(() => createMetaServiceSimulator({ settings: { enable_name_check: true } })).toThrow(/unknown doris-meta-service setting 'enable_name_check'; known: enable_cluster_name_check, enable_check_fe_drop_in_safe_time/);
    expect(() => createMetaServiceSimulator({ settings: { enable_cluster_name_check: 1 } })).toThrow(/must be true or false/);
    expect(createMetaServiceSimulator().settingSpecs).toBe(META_SERVICE_SETTINGS);
  });
});

describe('ms-token-first (observed)', () => {
  test('an unknown path with a wrong token is 403, not the unknown-path answer', () => {
    const ms = msHarness('observed');
    const answer = ms.send({ method: 'GET', path: '/MetaService/http/no_such_handler', query: { token: 'wrong' } });
    expect(answer).toMatchObject({ status: 403, body: 'incorrect token, token=wrong' });
    expect(ms.send({ method: 'GET', path: '/MetaService/http/no_such_handler', query: { token: TOKEN } })).toMatchObject({ status: 404, body: 'http path not found or not allowed' });
  });
});

describe('ms-parse-error (observed)', () => {
  test("an empty body: 400 `parse http request '<handler>': INVALID_ARGUMENT:Unexpected end of string. Expected a value.`, a blank line and `^`", () => {
    const ms = msHarness('observed');
    const answer = ms.call('POST', 'get_cluster', undefined);
    expect(answer.status).toBe(400);
    expect(bodyOf(answer)).toEqual({ code: 'INVALID_ARGUMENT', msg: "parse http request 'get_cluster': INVALID_ARGUMENT:Unexpected end of string. Expected a value.\n\n^" });
  });

  test("malformed JSON: 400 `parse http request '<handler>': INVALID_ARGUMENT:<parser message>`", () => {
    const ms = msHarness('observed');
    const answer = ms.call('POST', 'v1/create_instance', '{"instance_id": "p2",');
    expect(answer.status).toBe(400);
    expect(bodyOf(answer).code).toBe('INVALID_ARGUMENT');
    expect(bodyOf(answer).msg.startsWith("parse http request 'create_instance': INVALID_ARGUMENT:")).toBe(true);
  });
});

describe('ms-messages (observed)', () => {
  test('get_instance with neither id: 400 `empty instance_id and cloud_unique_id` with `result: {}`', () => {
    const ms = msHarness('observed');
    expect(ms.call('GET', 'get_instance', undefined)).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT', msg: 'empty instance_id and cloud_unique_id', result: {} } });
  });

  test('decode_key without key: 400 `no key to decode`', () => {
    const ms = msHarness('observed');
    expect(ms.call('GET', 'decode_key', undefined)).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT', msg: 'no key to decode' } });
  });

  test('create_instance again: 409 `instance already existed, instance_id=<id>, err=<storage error>`', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    const again = ms.call('PUT', 'create_instance', { instance_id: id, vault: { obj_info: OBJ } });
    expect(again.status).toBe(409);
    expect(bodyOf(again).msg).toMatch(new RegExp(`^instance already existed, instance_id=${id}, err=\\S+`));
  });
});

describe('ms-instance-shape (observed)', () => {
  test('get_instance carries status, iam_user, sse_enabled, enable_storage_vault; each obj_info id, ctime, mtime, user_id, encryption_info, sse_enabled; AK/SK in clear', () => {
    const ms = msHarness('observed');
    const id = withInstance(ms);
    const result = bodyOf(ms.call('GET', 'get_instance', undefined, { instance_id: id })).result;
    expect(result.status).toBe('NORMAL');
    expect(Object.keys(result.iam_user).sort()).toEqual(['ak', 'external_id', 'sk', 'user_id']);
    expect(typeof result.sse_enabled).toBe('boolean');
    expect(typeof result.enable_storage_vault).toBe('boolean');
    const [info] = result.obj_info;
    expect(info).toEqual(expect.objectContaining({ id: '1', ak: OBJ.ak, sk: OBJ.sk }));
    for (const key of ['ctime', 'mtime', 'user_id', 'sse_enabled']) expect(info, key).toHaveProperty(key);
    expect(Object.keys(info.encryption_info).sort()).toEqual(['encryption_method', 'key_id']);
  });
});

describe('ms-tablet-stats-empty (observed)', () => {
  test('get_tablet_stats without tablet_idx answers 200 with an OK status and no stats', () => {
    const ms = msHarness('observed');
    ms.sim.applyScenario('seeded');
    const answer = ms.call('POST', 'get_tablet_stats', { cloud_unique_id: '1:regression_instance0:regression-cloud-unique-id0' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^status \{\s*code: OK\s/);
    expect(answer.body).not.toMatch(/tablet_stats/);
  });
});

describe('ms-content-type-echo (observed; on the wire in doris-meta-service.client-journeys)', () => {
  test('no request Content-Type: none on JSON or text answers; application/json sent: application/json back, text answers included', () => {
    const ms = msHarness('observed');
    ms.sim.applyScenario('seeded');
    const stats = { cloud_unique_id: '1:regression_instance0:regression-cloud-unique-id0', tablet_idx: [{ table_id: 113973, index_id: 113974, partition_id: 113966, tablet_id: 114739 }] };
    // '' is the simulator's "send no Content-Type".
    expect(ms.call('GET', 'get_instance', undefined, { instance_id: 'regression_instance0' }).headers?.['content-type']).toBe('');
    expect(ms.call('POST', 'get_tablet_stats', stats).headers?.['content-type']).toBe('');
    const json = { 'content-type': 'application/json' };
    const text = ms.call('POST', 'get_tablet_stats', stats, {}, json);
    expect(typeof text.body).toBe('string');
    expect(text.headers?.['content-type']).toBe('application/json');
    expect(ms.call('POST', 'get_cluster', {}, { token: 'wrong' }, json)).toMatchObject({ status: 403, headers: json, body: 'incorrect token, token=wrong' });
    expect(ms.call('GET', 'decode_key', undefined, { key: '0110696e7374616e636500011072656772657373696f6e5f696e7374616e6365300001' }, json).headers?.['content-type']).toBe('application/json');
  });
});

describe('ms-undocumented-handlers', () => {
  test('observed: txn_lazy_commit without txn_id: 400 `instance_id or txn_id is empty`; update_config with an unknown key: 400 `config field=<key> not exists`', () => {
    const ms = msHarness('observed');
    const lazy = ms.send({ method: 'GET', path: '/MetaService/http/txn_lazy_commit', query: { token: TOKEN, instance_id: 'i' } });
    expect(lazy).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT', msg: 'instance_id or txn_id is empty' } });
    const config = ms.send({ method: 'GET', path: '/MetaService/http/v1/update_config', query: { token: TOKEN, configs: 'no_such_key=1' } });
    expect(config).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT', msg: 'config field=no_such_key not exists' } });
  });

  test('they stay out of the documented operations; the spec names every one the simulator answers', () => {
    const named = spec.undocumentedHandlers.handlers.map((h) => h.name);
    expect(named).toEqual(expect.arrayContaining(['get_value', 'encode_key', 'txn_lazy_commit', 'show_config', 'update_config']));
    expect(named).toEqual(expect.arrayContaining(Object.keys(UNDOCUMENTED_HANDLERS)));
    expect(spec.undocumentedHandlers.paths).toEqual(['/MetaService/http/{name}', '/MetaService/http/v1/{name}']);
    for (const name of named) expect(spec.operations.some((op) => op.path.endsWith(`/${name}`)), name).toBe(false);
  });

  test('documented: an unknown path is the JSON NOT_FOUND', () => {
    const ms = msHarness('documented');
    expect(ms.send({ method: 'GET', path: '/MetaService/http/txn_lazy_commit', query: { token: TOKEN } })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});

import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../src/spec/index.js';
import { validateValue } from '../../src/validate/index.js';

/**
 * The handlers that "8.7 Meta Service API 参考" (api-docs/doris-meta-service-api.zh.txt) describes,
 * read from the document's sections, with the method of each section's request syntax.
 * Written from the document, not from the spec, so that a handler missing from the spec fails.
 */
const DOCUMENTED_HANDLERS: ReadonlyArray<{ section: string; name: string; method: string }> = [
  { section: '3, 4', name: 'create_instance', method: 'put' },
  { section: '5', name: 'drop_instance', method: 'put' },
  { section: '6', name: 'get_instance', method: 'get' },
  { section: '7', name: 'set_instance_status', method: 'put' },
  { section: '8', name: 'get_obj_store_info', method: 'put' },
  { section: '9', name: 'update_ak_sk', method: 'put' },
  { section: '10', name: 'legacy_update_ak_sk', method: 'put' },
  { section: '11', name: 'add_obj_info', method: 'put' },
  { section: '12', name: 'add_cluster', method: 'put' },
  { section: '13', name: 'get_cluster', method: 'put' },
  { section: '14', name: 'drop_cluster', method: 'put' },
  { section: '15', name: 'rename_cluster', method: 'put' },
  { section: '16', name: 'add_node', method: 'put' },
  { section: '17', name: 'drop_node', method: 'put' },
  { section: '18', name: 'update_cluster_mysql_user_name', method: 'put' },
  { section: '20', name: 'enable_instance_sse', method: 'put' },
  { section: '21', name: 'get_cluster_status', method: 'put' },
  { section: '22', name: 'set_cluster_status', method: 'put' },
  { section: '23', name: 'decode_key', method: 'get' },
  { section: '24', name: 'get_tablet_stats', method: 'post' },
  { section: '25', name: 'abort_txn', method: 'post' },
  { section: '26', name: 'abort_tablet_job', method: 'post' },
];

/** Section 19 describes an FE endpoint, not a Meta Service handler. */
const FE_ENDPOINT = { path: '/rest/v2/manager/cluster/cluster_info/cloud_cluster_status', method: 'get' };

/** Handlers whose document shows several request forms (sections 3-4, 13, 25). */
const DOCUMENTED_FORMS: Record<string, string[]> = {
  create_instance: ['hdfs', 'object', 'legacy'],
  get_cluster: ['by_id', 'by_name', 'by_mysql_user_name', 'all'],
  abort_txn: ['by_txn_id', 'by_label'],
};

/** Answers the document shows as text rather than JSON (sections 23-26). */
const TEXT_ANSWERS = ['decode_key', 'get_tablet_stats', 'abort_txn', 'abort_tablet_job'];

const spec = await loadSpec('doris-meta-service');

function operationAt(path: string, method: string) {
  return spec.operations.find((op) => op.path === path && op.method === method);
}

describe('doris-meta-service inventory (from the document)', () => {
  test.each(DOCUMENTED_HANDLERS.map((h) => [h.name, h] as const))('%s is in the spec under its documented method', (_name, h) => {
    const canonical = operationAt(`/MetaService/http/${h.name}`, h.method);
    expect(canonical, `section ${h.section}: ${h.method.toUpperCase()} /MetaService/http/${h.name}`).toBeDefined();
    expect(canonical?.operationId).toBe(h.name);
    expect(canonical?.canonicalId).toBe(h.name);
  });

  test.each(DOCUMENTED_HANDLERS.map((h) => [h.name, h] as const))('%s also answers under v1/ as an alias', (_name, h) => {
    const alias = operationAt(`/MetaService/http/v1/${h.name}`, h.method);
    expect(alias, `section 1: every handler is reachable under /MetaService/http/v1/`).toBeDefined();
    expect(alias?.operationId).toBe(`${h.name}_v1`);
    expect(alias?.canonicalId).toBe(h.name);
  });

  test('the FE cloud_cluster_status endpoint of section 19 is in the spec, served from the FE port', () => {
    const op = operationAt(FE_ENDPOINT.path, FE_ENDPOINT.method);
    expect(op).toBeDefined();
    expect(op?.servers.map((s) => s.url)).toContain('http://127.0.0.1:8030');
  });

  test('the spec has no operation the document lacks', () => {
    const documented = new Set<string>([
      ...DOCUMENTED_HANDLERS.flatMap((h) => [`${h.method} /MetaService/http/${h.name}`, `${h.method} /MetaService/http/v1/${h.name}`]),
      `${FE_ENDPOINT.method} ${FE_ENDPOINT.path}`,
    ]);
    const extra = spec.operations.map((op) => `${op.method} ${op.path}`).filter((key) => !documented.has(key));
    expect(extra).toEqual([]);
    expect(spec.operations).toHaveLength(documented.size);
  });

  test.each(Object.entries(DOCUMENTED_FORMS))('%s has one variant per documented request form', (name, forms) => {
    for (const id of [name, `${name}_v1`]) {
      expect(spec.operationById.get(id)?.variants.map((v) => v.name)).toEqual(forms);
    }
  });

  test.each(TEXT_ANSWERS)('%s answers text/plain on success', (name) => {
    const ok = spec.operationById.get(name)?.responses.find((r) => r.status === '200');
    expect(ok?.content[0]?.mediaType).toBe('text/plain');
  });

  test('the token query parameter is the security scheme of every Meta Service handler', () => {
    expect(spec.securitySchemes.msToken).toMatchObject({ type: 'apiKey', in: 'query', name: 'token' });
    for (const op of spec.operations.filter((o) => o.path.startsWith('/MetaService/'))) {
      expect(op.security, op.operationId).toEqual([{ msToken: [] }]);
      expect(op.parameters.find((p) => p.in === 'query' && p.name === 'token')?.required, op.operationId).toBe(true);
    }
  });

  test('every x-observed response schema compiles, so verify can match a deviation against it', () => {
    for (const op of spec.operations) {
      for (const entry of op.observed) {
        if (entry.response?.schema) expect(() => validateValue(entry.response!.schema!, {}), `${op.operationId} ${entry.id}`).not.toThrow();
      }
    }
  });

  test('aliases carry the x-observed entries of their canonical operation', () => {
    for (const alias of spec.operations.filter((o) => o.canonicalId !== o.operationId)) {
      expect(alias.observed.map((e) => e.id), alias.operationId).toEqual(spec.operationById.get(alias.canonicalId)!.observed.map((e) => e.id));
    }
  });

  test('the first server is the local mock on the Meta Service port 5000', () => {
    expect(spec.servers[0]?.url).toBe('http://127.0.0.1:5000');
  });
});

/** Section 2's field rules and the tables' enums, applied to the request schemas. */
describe('doris-meta-service documented request constraints', () => {
  function requestProblems(operationId: string, body: unknown, variant?: string) {
    const op = spec.operationById.get(operationId);
    const v = variant ? op?.variants.find((x) => x.name === variant) : op?.variants[0];
    if (!v?.requestSchema) throw new Error(`${operationId}: no request schema`);
    return validateValue(v.requestSchema, body);
  }
  const objInfo = { ak: 'a', sk: 's', bucket: 'b', endpoint: 'cos.ap-beijing.myqcloud.com', region: 'r', provider: 'COS' };

  test('instance_id must match [0-9a-zA-Z_-]+', () => {
    expect(requestProblems('drop_instance', { instance_id: '6ADDF03D-4C71-4F43-9D84-5FC89B3514F8' })).toEqual([]);
    expect(requestProblems('drop_instance', { instance_id: 'bad id!' })).not.toEqual([]);
  });

  test('name, user_id and cluster_name must match [a-zA-Z][0-9a-zA-Z_]+', () => {
    const base = { instance_id: 'i1', vault: { obj_info: objInfo } };
    expect(requestProblems('create_instance', { ...base, name: 'write_cluster', user_id: 'u_1' }, 'object')).toEqual([]);
    expect(requestProblems('create_instance', { ...base, name: '0starts_with_digit' }, 'object')).not.toEqual([]);
    expect(requestProblems('create_instance', { ...base, user_id: 'has-dash' }, 'object')).not.toEqual([]);
    const cluster = { cluster_name: 'read-cluster', cluster_id: 'c1', type: 'COMPUTE', nodes: [] };
    expect(requestProblems('add_cluster', { instance_id: 'i1', cluster })).not.toEqual([]);
  });

  test('cloud_unique_id has the form 1:<instance_id>:<string>', () => {
    expect(requestProblems('get_obj_store_info', { cloud_unique_id: '1:regression_instance0:regression-cloud-unique-id-1' })).toEqual([]);
    for (const bad of ['regression-cloud-unique-id-1', '2:i:x', '1:i:', '1:i:x y']) {
      expect(requestProblems('get_obj_store_info', { cloud_unique_id: bad }), bad).not.toEqual([]);
    }
  });

  test('the storage provider, cluster type, node_type, op and cluster_status are enums', () => {
    expect(requestProblems('create_instance', { instance_id: 'i', vault: { obj_info: { ...objInfo, provider: 'MINIO' } } }, 'object')).not.toEqual([]);
    expect(requestProblems('set_instance_status', { instance_id: 'i', op: 'SET_DELETED' })).not.toEqual([]);
    expect(requestProblems('set_cluster_status', { cloud_unique_id: '1:i:x', cluster: { cluster_id: 'c', cluster_status: 'RUNNING' } })).not.toEqual([]);
    const fe = { cloud_unique_id: '1:i:fe', ip: '10.0.0.1', edit_log_port: 9010, node_type: 'FE_LEADER' };
    expect(requestProblems('add_cluster', { instance_id: 'i', cluster: { cluster_name: 'fe', cluster_id: 'fe', type: 'SQL', nodes: [fe] } })).not.toEqual([]);
    expect(requestProblems('add_cluster', { instance_id: 'i', cluster: { cluster_name: 'fe', cluster_id: 'fe', type: 'OLAP', nodes: [] } })).not.toEqual([]);
  });

  test('BE nodes need heartbeat_port and FE nodes edit_log_port and node_type', () => {
    const be = { cloud_unique_id: '1:i:be', ip: '10.0.0.2' };
    const compute = { cluster_name: 'c1', cluster_id: 'c1', type: 'COMPUTE' };
    expect(requestProblems('add_cluster', { instance_id: 'i', cluster: { ...compute, nodes: [be] } })).not.toEqual([]);
    expect(requestProblems('add_cluster', { instance_id: 'i', cluster: { ...compute, nodes: [{ ...be, heartbeat_port: 9050 }] } })).toEqual([]);
    const sql = { cluster_name: 'RESERVED_CLUSTER_NAME_FOR_SQL_SERVER', cluster_id: 'RESERVED_CLUSTER_ID_FOR_SQL_SERVER', type: 'SQL' };
    expect(requestProblems('add_cluster', { instance_id: 'i', cluster: { ...sql, nodes: [{ ...be, edit_log_port: 9010 }] } })).not.toEqual([]);
    expect(requestProblems('add_cluster', { instance_id: 'i', cluster: { ...sql, nodes: [{ ...be, edit_log_port: 9010, node_type: 'FE_MASTER' }] } })).toEqual([]);
  });

  test('update_ak_sk needs internal_bucket_user or ram_user; legacy ids run from 1 to 10', () => {
    expect(requestProblems('update_ak_sk', { instance_id: 'i' })).not.toEqual([]);
    expect(requestProblems('update_ak_sk', { instance_id: 'i', ram_user: { user_id: 'u', ak: 'a', sk: 's' } })).toEqual([]);
    const legacy = (id: string) => ({ cloud_unique_id: '1:i:x', obj: { id, ak: 'a', sk: 's' } });
    expect(requestProblems('legacy_update_ak_sk', legacy('10'))).toEqual([]);
    expect(requestProblems('legacy_update_ak_sk', legacy('11'))).not.toEqual([]);
    expect(requestProblems('legacy_update_ak_sk', legacy('0'))).not.toEqual([]);
  });

  test('abort_txn takes txn_id, or db_id with label', () => {
    expect(requestProblems('abort_txn', { cloud_unique_id: '1:i:x', txn_id: 1 }, 'by_txn_id')).toEqual([]);
    expect(requestProblems('abort_txn', { cloud_unique_id: '1:i:x', db_id: 1, label: 'l' }, 'by_label')).toEqual([]);
    expect(requestProblems('abort_txn', { cloud_unique_id: '1:i:x', label: 'l' }, 'by_label')).not.toEqual([]);
  });
});

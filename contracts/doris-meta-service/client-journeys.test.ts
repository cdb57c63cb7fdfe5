import { expect, it } from 'vitest';
import { describeClientJourneys, type JourneyTarget } from '../client-journeys/harness.js';

/**
 * What real Meta Service clients send and what they need to see, run against both profiles over
 * node:http and through MSW. Each client below is written from its published source:
 *
 * - the Doris operator, `pkg/common/utils/disaggregated_ms/ms_http/http.go` (Go net/http: no
 *   Content-Type; create_instance, get_cluster and drop_node with PUT, drop_instance with DELETE,
 *   get_instance with GET; it reads `code` and, from get_cluster, `result.nodes`);
 * - the FE disaggregated entrypoint, `docker/disaggregate/resource/fe_disaggregated_entrypoint.sh`
 *   of the operator (curl -d: POST, form Content-Type; get_cluster, NOT_FOUND → add_cluster, else
 *   add_node, repeated until get_cluster's output names the pod's own host);
 * - the Doris regression suite, `regression-test/suites/.../test_ms_api.groovy` through
 *   `HttpCliAction` (POST with application/json unless `op "get"`; it asserts on `code` only).
 *
 * The clients read `code`, never the HTTP status, so the documented profile's HTTP 200 for every
 * envelope (x-doc-quirks ms-http-status) and the observed 4xx/5xx (ms-status-map) both serve them.
 */

const TOKEN = 'greedisgood9999';
const FE_CLUSTER = { cluster_name: 'RESERVED_CLUSTER_NAME_FOR_SQL_SERVER', cluster_id: 'RESERVED_CLUSTER_ID_FOR_SQL_SERVER' };

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json?: { code?: string; msg?: string; result?: Record<string, unknown> };
}

async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, json };
}

const url = (target: JourneyTarget, handler: string, query = '') => `${target.baseUrl}/MetaService/http/${handler}?token=${TOKEN}${query}`;

/** Go's `http.NewRequest(method, addr, bytes.NewReader(body))`: the body as bytes, so no Content-Type goes out. */
const goRequest = async (target: JourneyTarget, method: string, handler: string, body?: unknown) =>
  read(await fetch(url(target, handler), { method, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)) }));

/** `curl -s <url> -d '<json>'`: POST with curl's form Content-Type. */
const curlPost = async (target: JourneyTarget, handler: string, body: unknown) =>
  read(await fetch(url(target, handler), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: JSON.stringify(body) }));

/** The regression suite's `httpTest { endpoint; uri; body }`: HttpPost with a JSON StringEntity. */
const suitePost = async (target: JourneyTarget, handler: string, body: unknown) =>
  read(await fetch(url(target, handler), { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(body) }));

/** The regression suite's `httpTest { op "get"; uri ... }`. */
const suiteGet = async (target: JourneyTarget, handler: string, query: string) => read(await fetch(url(target, handler, query)));

const OBJ_INFO = { ak: 'test-ak1', sk: 'test-sk1', bucket: 'test-bucket', prefix: 'test-prefix', endpoint: 'test-endpoint', region: 'test-region', provider: 'BOS', external_endpoint: 'test-external-endpoint' };

/** The operator creates the instance the FE and BE pods then register in. */
async function operatorCreatesInstance(target: JourneyTarget, instanceId: string): Promise<void> {
  const created = await goRequest(target, 'PUT', 'create_instance', { instance_id: instanceId, name: 'operator_instance', user_id: 'operator_user', vault: { obj_info: OBJ_INFO } });
  expect(created.json?.code, created.text).toBe('OK');
}

/**
 * fe_disaggregated_entrypoint.sh `check_or_register_in_ms` for one FE pod: at most `attempts`
 * rounds of get_cluster; the pod is registered once the answer contains its own host. Returns the
 * rounds it took and the handlers it called.
 */
async function feEntrypointRegisters(target: JourneyTarget, instanceId: string, pod: string, nodeType: 'FE_MASTER' | 'FE_OBSERVER', attempts = 3) {
  const cloudUniqueId = `1:${instanceId}:${pod}`;
  const mySelf = `${pod}.fe-headless.doris.svc.cluster.local`;
  const node = { cloud_unique_id: cloudUniqueId, ip: mySelf, host: mySelf, edit_log_port: 9010, node_type: nodeType };
  const calls: string[] = [];
  for (let round = 1; round <= attempts; round++) {
    const found = await curlPost(target, 'get_cluster', { cloud_unique_id: cloudUniqueId, cluster_id: FE_CLUSTER.cluster_id });
    // `grep -q -w $MY_SELF <<< $output`
    if (new RegExp(`(^|[^\\w.-])${mySelf.replace(/\./g, '\\.')}($|[^\\w.-])`).test(found.text)) return { rounds: round, calls };
    const handler = found.json?.code === 'NOT_FOUND' ? 'add_cluster' : 'add_node';
    calls.push(handler);
    const added = await curlPost(target, handler, { instance_id: instanceId, cluster: { type: 'SQL', ...FE_CLUSTER, nodes: [node] } });
    // The script logs a failure and tries again; a failure here would loop until its timeout.
    expect(added.json?.code, `${pod} ${handler}: ${added.text}`).toBe('OK');
  }
  throw new Error(`${pod} never saw itself in get_cluster after ${attempts} rounds (${calls.join(', ')})`);
}

/** The operator's GetFECluster: PUT get_cluster by the FE cluster's name and id; it needs `result.nodes`. */
async function operatorReadsFeNodes(target: JourneyTarget, instanceId: string, cloudUniqueId: string) {
  const answer = await goRequest(target, 'PUT', 'get_cluster', { instance_id: instanceId, cloud_unique_id: cloudUniqueId, ...FE_CLUSTER });
  expect(answer.json?.code, answer.text).toBe('OK');
  const nodes = answer.json?.result?.nodes;
  expect(Array.isArray(nodes), 'get_cluster result.nodes (MSResponseResultNodesToNodeInfos)').toBe(true);
  return nodes as Array<{ cloud_unique_id: string; ip: string; edit_log_port: number; node_type: string }>;
}

describeClientJourneys('doris-meta-service', 'FE disaggregated entrypoint', (target) => {
  it('registers the master (NOT_FOUND → add_cluster) and an observer (found → add_node), each once, and a restart adds nothing', async () => {
    const instanceId = 'entrypoint_instance';
    await operatorCreatesInstance(target(), instanceId);
    // fe-0 (SEQUENCE_NUMBER 0 < ELECT_NUMBER 1): FE_MASTER; the cluster does not exist yet.
    expect(await feEntrypointRegisters(target(), instanceId, 'fe-0', 'FE_MASTER')).toEqual({ rounds: 2, calls: ['add_cluster'] });
    // fe-1: FE_OBSERVER; the cluster exists but does not name fe-1 yet.
    expect(await feEntrypointRegisters(target(), instanceId, 'fe-1', 'FE_OBSERVER')).toEqual({ rounds: 2, calls: ['add_node'] });
    // A restarted pod finds itself at once.
    expect(await feEntrypointRegisters(target(), instanceId, 'fe-0', 'FE_MASTER')).toEqual({ rounds: 1, calls: [] });
    // jq reads the body whatever its label: real servers echo curl's form Content-Type (ms-content-type-echo).
    const answer = await curlPost(target(), 'get_cluster', { cloud_unique_id: `1:${instanceId}:fe-1`, cluster_id: FE_CLUSTER.cluster_id });
    expect(answer.contentType).toBe(target().profile === 'observed' ? 'application/x-www-form-urlencoded' : 'application/json');
    const nodes = await operatorReadsFeNodes(target(), instanceId, `1:${instanceId}:fe-0`);
    expect(nodes.map((n) => [n.cloud_unique_id, n.node_type])).toEqual([
      [`1:${instanceId}:fe-0`, 'FE_MASTER'],
      [`1:${instanceId}:fe-1`, 'FE_OBSERVER'],
    ]);
  });
});

describeClientJourneys('doris-meta-service', 'Doris operator', (target) => {
  it('create_instance, get_instance, the FE cluster registered and read, an observer scaled down, drop_instance', async () => {
    const instanceId = 'operator_instance_0';
    await operatorCreatesInstance(target(), instanceId);
    // GetInstance: http.Get(...get_instance?token=&instance_id=).
    const instance = await read(await fetch(url(target(), 'get_instance', `&instance_id=${instanceId}`)));
    expect(instance.json?.code, instance.text).toBe('OK');
    expect(instance.json?.result).toMatchObject({ instance_id: instanceId });
    // The operator parses the body whatever its label; real servers label it with the request's
    // Content-Type, and a GET sends none (x-observed ms-content-type-echo).
    expect(instance.contentType).toBe(target().profile === 'observed' ? null : 'application/json');

    await feEntrypointRegisters(target(), instanceId, 'fe-0', 'FE_MASTER');
    await feEntrypointRegisters(target(), instanceId, 'fe-1', 'FE_OBSERVER');
    const nodes = await operatorReadsFeNodes(target(), instanceId, `1:${instanceId}:fe-0`);
    expect(nodes).toHaveLength(2);

    // The operator scales FEs down long after they started (real servers protect an FE node for
    // 5 minutes after it is added, x-observed ms-fe-safe-time).
    await target().advanceClock(6 * 60 * 1000);
    const observer = nodes.find((n) => n.node_type === 'FE_OBSERVER')!;
    const dropped = await goRequest(target(), 'PUT', 'drop_node', {
      instance_id: instanceId,
      cluster: { ...FE_CLUSTER, type: 'SQL', nodes: [{ cloud_unique_id: observer.cloud_unique_id, ip: observer.ip, edit_log_port: observer.edit_log_port, node_type: observer.node_type }] },
    });
    expect(dropped.json?.code, dropped.text).toBe('OK');
    expect((await operatorReadsFeNodes(target(), instanceId, `1:${instanceId}:fe-0`)).map((n) => n.node_type)).toEqual(['FE_MASTER']);

    // The operator never drops clusters (SuspendComputeCluster/DropComputeCluster are TODO); the FE
    // cluster goes as a cloud manager drops it, so that drop_instance can succeed.
    const fe = await goRequest(target(), 'PUT', 'drop_cluster', { instance_id: instanceId, cluster: { cluster_id: FE_CLUSTER.cluster_id } });
    expect(fe.json?.code, fe.text).toBe('OK');
    // DeleteInstance sends DELETE. Real servers never check the method (ms-method-ignored); the
    // document gives drop_instance PUT and POST only, so the documented profile refuses DELETE and
    // says which methods it documents: the operator works against real servers, not against the document.
    const deleted = await goRequest(target(), 'DELETE', 'drop_instance', { instance_id: instanceId });
    if (target().profile === 'observed') {
      expect(deleted.json, deleted.text).toEqual({ code: 'OK', msg: '' });
    } else {
      expect(deleted.json?.code).toBe('INVALID_ARGUMENT');
      expect(deleted.json?.msg).toBe('method DELETE not allowed, use PUT or POST');
    }
  });
});

describeClientJourneys('doris-meta-service', 'regression suite test_ms_api', (target) => {
  // The suite's values where the document's patterns allow them; where they do not (user_id
  // "10000", one cloud_unique_id shared by every node, quoted ports) the journey uses values the
  // document accepts, and the real servers' leniency is checked in doris-meta-service.facts.test.ts
  // (ms-lenient-json, ms-node-endpoint).
  const instanceId = 'instance_id_test_in_docker';
  const cuid = (node: string) => `1:${instanceId}:${node}`;
  const compute = (id: string, name: string, nodes: unknown[]) => ({ instance_id: instanceId, cluster: { cluster_name: name, cluster_id: id, type: 'COMPUTE', nodes } });
  const be = (node: string, ip: string) => ({ cloud_unique_id: cuid(node), ip, heartbeat_port: 9050 });
  const code = async (answer: Promise<Answer>) => {
    const { json, text } = await answer;
    expect(json, text).toBeDefined();
    return json!.code;
  };

  it('instances, compute groups, the SQL group, nodes, renames and the documented status walk, as the suite asserts them', async () => {
    const t = target();
    const legacy = (id: string) => ({ instance_id: id, name: 'user_1', user_id: 'user_10000', obj_info: OBJ_INFO });
    expect(await code(suitePost(t, 'create_instance', legacy(instanceId)))).toBe('OK');
    expect(await code(suitePost(t, 'create_instance', legacy('instance_id_test_in_docker_other')))).toBe('OK');
    expect(await code(suitePost(t, 'create_instance', legacy('instance_id_test_in_docker_other')))).toBe('ALREADY_EXISTED');
    expect(await code(suitePost(t, 'drop_instance', { instance_id: 'instance_id_test_in_docker_other' }))).toBe('OK');

    // An empty compute group, dropped again; then one with a node.
    expect(await code(suitePost(t, 'add_cluster', compute('compute_id_1', 'compute_name_1', [])))).toBe('OK');
    expect(await code(suitePost(t, 'drop_cluster', compute('compute_id_1', 'compute_name_1', [])))).toBe('OK');
    const group1 = compute('compute_id_1', 'compute_name_1', [be('be0', '182.0.0.1')]);
    expect(await code(suitePost(t, 'add_cluster', group1))).toBe('OK');
    const fe = (node: string, ip: string, nodeType: string) => ({ cloud_unique_id: cuid(node), ip, edit_log_port: 8050, node_type: nodeType });
    const sql = { instance_id: instanceId, cluster: { ...FE_CLUSTER, type: 'SQL', nodes: [fe('fe1', '162.0.0.1', 'FE_MASTER'), fe('fe2', '162.0.0.2', 'FE_OBSERVER'), fe('fe3', '162.0.0.3', 'FE_OBSERVER')] } };
    expect(await code(suitePost(t, 'add_cluster', sql))).toBe('OK');
    expect(await code(suiteGet(t, 'get_instance', `&instance_id=${instanceId}`))).toBe('OK');
    expect(await code(suitePost(t, 'get_obj_store_info', { cloud_unique_id: cuid('be0') }))).toBe('OK');
    const obj = { ak: 'test-ak2', sk: 'test-sk2', bucket: 'test-bucket', prefix: 'test-prefix', endpoint: 'test-endpoint', region: 'test-region', provider: 'COS' };
    expect(await code(suitePost(t, 'add_obj_info', { cloud_unique_id: cuid('be0'), obj }))).toBe('OK');

    const again = await suitePost(t, 'add_cluster', group1);
    expect(again.json?.code).toBe('ALREADY_EXISTED');
    expect(again.json?.msg?.startsWith('try to add a existing cluster id')).toBe(true);
    expect(await code(suitePost(t, 'get_cluster', { cluster_name: 'compute_name_1', cloud_unique_id: cuid('be0') }))).toBe('OK');
    expect(await code(suitePost(t, 'get_cluster', { cluster_id: 'compute_id_1', cloud_unique_id: cuid('be0') }))).toBe('OK');

    const twoNodes = compute('compute_id_1', 'compute_name_1', [be('be1', '182.0.0.2'), be('be2', '182.0.0.3')]);
    expect(await code(suitePost(t, 'add_node', twoNodes))).toBe('OK');
    expect(await code(suitePost(t, 'drop_node', twoNodes))).toBe('OK');
    const rename = (id: string, name: string) => ({ instance_id: instanceId, cluster: { cluster_name: name, cluster_id: id } });
    expect(await code(suitePost(t, 'rename_cluster', rename('compute_id_1', 'compute_name_1_renamed')))).toBe('OK');
    expect(await code(suitePost(t, 'rename_cluster', rename('compute_id_1', 'compute_name_1')))).toBe('OK');

    const group2 = compute('cluster_id2', 'cluster_name2', [be('be3', '182.0.0.4')]);
    expect(await code(suitePost(t, 'add_cluster', group2))).toBe('OK');
    expect(await code(suitePost(t, 'drop_instance', group2))).toBe('INVALID_ARGUMENT');
    const taken = await suitePost(t, 'rename_cluster', rename('cluster_id2', 'compute_name_1'));
    expect(taken.json?.code).toBe('INVALID_ARGUMENT');
    expect(taken.json?.msg).toContain('failed to rename cluster, a cluster with the same name already exists in this instance');

    // The status walk the suite needs: a new compute group is NORMAL (ms-add-cluster-normal), so
    // SUSPENDED works at once; SUSPENDED again and SUSPENDED → UNKNOWN are refused.
    expect(await code(suitePost(t, 'get_cluster_status', { instance_ids: [instanceId] }))).toBe('OK');
    const setStatus = (status: string) => suitePost(t, 'set_cluster_status', { instance_id: instanceId, cluster: { cluster_id: 'cluster_id2', cluster_status: status } });
    expect(await code(setStatus('SUSPENDED'))).toBe('OK');
    expect(await code(setStatus('SUSPENDED'))).toBe('INVALID_ARGUMENT');
    expect(await code(setStatus('UNKNOWN'))).toBe('INVALID_ARGUMENT');

    for (const id of ['compute_id_1', 'cluster_id2']) expect(await code(suitePost(t, 'drop_cluster', rename(id, id === 'cluster_id2' ? 'cluster_name2' : 'compute_name_1'))), id).toBe('OK');
    const status = await suitePost(t, 'get_cluster_status', { instance_ids: [instanceId] });
    expect(status.json?.code).toBe('OK');
    expect(status.json?.result).toEqual({ details: [] });
  });
});

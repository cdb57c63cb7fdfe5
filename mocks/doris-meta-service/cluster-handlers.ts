import type { SimResponse } from '../shared/types.js';
import { bodyOf, clusterToUpdateNotFound, findInstance, liveInstance, type Handler, type HandlerContext } from './context.js';
import { asObject, readArray, readEnum, readInt, readNonEmpty, readStrings, type JsonObject } from './fields.js';
import { CLUSTER_TYPES, NODE_TYPES, type ClusterRecord, type ClusterType, type InstanceRecord, type NodeRecord, type NodeType } from './model.js';
import { readClusterStatus } from './cluster-status.js';
import { renderCluster } from './render.js';
import { COLLECTION_CAPS } from './state.js';
import { CLUSTER_NAME_PATTERN, FE_SAFE_DROP_SECONDS } from './settings.js';

/** Protobuf numbers (ms-lenient-json: enum values may be numbers). */
const CLUSTER_TYPE_NUMBERS: Record<number, ClusterType> = { 0: 'SQL', 1: 'COMPUTE' };
const NODE_TYPE_NUMBERS: Record<number, NodeType> = { 1: 'FE_MASTER', 2: 'FE_OBSERVER' };

interface ClusterTarget {
  instance: InstanceRecord;
  body: JsonObject;
  /** The request's `cluster` object. */
  request: JsonObject;
  clusterId: string;
  clusterName?: string;
}

/** The instance (by instance_id) and the `cluster` object every cluster handler receives. */
function clusterTarget(ctx: HandlerContext, body: JsonObject): ClusterTarget | { failure: SimResponse } {
  const instanceId = readNonEmpty(body, 'instance_id');
  if (instanceId === undefined) return { failure: ctx.reply.error('INVALID_ARGUMENT', 'empty instance_id') };
  const found = liveInstance(ctx, instanceId);
  if ('failure' in found) return found;
  const request = asObject(body.cluster) ?? {};
  const clusterId = readNonEmpty(request, 'cluster_id');
  if (clusterId === undefined) return { failure: ctx.reply.error('INVALID_ARGUMENT', 'cluster_id is empty') };
  return { instance: found.instance, body, request, clusterId, clusterName: readNonEmpty(request, 'cluster_name') };
}

/** The cluster with the target's id (and name, when the request gives one). */
function existingCluster(target: ClusterTarget): ClusterRecord | undefined {
  return target.instance.clusters.find(
    (c) => c.cluster_id === target.clusterId && (target.clusterName === undefined || c.cluster_name === target.clusterName),
  );
}

function describe(target: ClusterTarget): string {
  return `instance_id=${target.instance.instance_id} cluster_id=${target.clusterId} cluster_name=${target.clusterName ?? ''}`;
}

function nodesFrom(ctx: HandlerContext, request: JsonObject): NodeRecord[] {
  const now = ctx.nowSeconds();
  return readArray(request, 'nodes').map((raw) => {
    const node = asObject(raw) ?? {};
    return {
      cloud_unique_id: readNonEmpty(node, 'cloud_unique_id') ?? '',
      ip: readNonEmpty(node, 'ip') ?? '',
      host: readNonEmpty(node, 'host'),
      heartbeat_port: readInt(node, 'heartbeat_port'),
      edit_log_port: readInt(node, 'edit_log_port'),
      node_type: readEnum(node, 'node_type', NODE_TYPES, NODE_TYPE_NUMBERS),
      ctime: now,
      mtime: now,
    };
  });
}

/** ms-sql-cluster: real servers refuse a master count other than one as a bad argument; the document shows INTERNAL_ERROR. */
function masterCountError(ctx: HandlerContext, count: number): SimResponse {
  const code = ctx.rules.observed ? 'INVALID_ARGUMENT' : 'INTERNAL_ERROR';
  return ctx.reply.error(code, `cluster is SQL type, must have only one master node, now master count: ${count}`);
}

/**
 * Documented: every node has its own cloud_unique_id (section 2), so one already registered, or
 * repeated in the request, is occupied. Observed (ms-node-endpoint): nodes of one instance may
 * share a cloud_unique_id; only one registered in another instance is occupied.
 */
function occupiedNodeError(ctx: HandlerContext, target: ClusterTarget, nodes: NodeRecord[]): SimResponse | undefined {
  const seen = new Set<string>();
  for (const node of nodes) {
    const taken = ctx.state.locateNode(node.cloud_unique_id);
    const occupied = ctx.rules.observed ? taken !== undefined && taken.instance !== target.instance : taken !== undefined || seen.has(node.cloud_unique_id);
    if (occupied) {
      const owner = taken ? `instance_id=${taken.instance.instance_id} cluster_name=${taken.cluster.cluster_name} cluster_id=${taken.cluster.cluster_id}` : describe(target);
      return ctx.reply.error('INTERNAL_ERROR', `cloud_unique_id is already occupied by an instance, ${owner} cloud_unique_id=${node.cloud_unique_id}`);
    }
    seen.add(node.cloud_unique_id);
  }
  return undefined;
}

/** ms-node-endpoint: a node is its address (host, else ip) and port (edit_log_port for FEs, heartbeat_port for BEs). */
function endpointOf(type: ClusterType, node: NodeRecord): string {
  const port = type === 'SQL' ? node.edit_log_port : node.heartbeat_port;
  return `${node.host ?? node.ip}:${port ?? -1}`;
}

/** ms-node-endpoint (observed): an endpoint already in a cluster of the instance cannot be added again. */
function registeredEndpointError(ctx: HandlerContext, instance: InstanceRecord, type: ClusterType, nodes: NodeRecord[]): SimResponse | undefined {
  if (!ctx.rules.observed) return undefined;
  const registered = new Set(instance.clusters.filter((c) => c.type === type).flatMap((c) => c.nodes.map((n) => endpointOf(type, n))));
  const taken = nodes.map((n) => endpointOf(type, n)).find((endpoint) => registered.has(endpoint));
  if (taken === undefined) return undefined;
  const [kind, role] = type === 'SQL' ? ['sql', 'fe'] : ['compute', 'be'];
  return ctx.reply.error('ALREADY_EXISTED', `${kind} node endpoint has been added, registered ${role} node=${taken}`);
}

/** ms-cluster-name-check (observed): a name is always needed; its pattern only with enable_cluster_name_check. */
function clusterNameError(ctx: HandlerContext, name: string | undefined): SimResponse | undefined {
  if (!ctx.rules.observed) return undefined;
  if (name === undefined) return ctx.reply.error('INVALID_ARGUMENT', 'not have cluster name');
  if (ctx.settings.enable_cluster_name_check && !CLUSTER_NAME_PATTERN.test(name)) {
    return ctx.reply.error('INVALID_ARGUMENT', `cluster name not regex with ${CLUSTER_NAME_PATTERN.source}, please check it`);
  }
  return undefined;
}

/** ms-fe-safe-time (observed, enable_check_fe_drop_in_safe_time): an FE node added less than 5 minutes ago. */
function inFeSafeTime(ctx: HandlerContext, node: NodeRecord): boolean {
  return ctx.rules.observed && ctx.settings.enable_check_fe_drop_in_safe_time && ctx.nowSeconds() <= node.ctime + FE_SAFE_DROP_SECONDS;
}

/** The protobuf text of a node, as real servers print it in their safe-time refusals. */
function nodeDebugString(node: NodeRecord): string {
  const fields: Array<[string, unknown]> = [
    ['cloud_unique_id', node.cloud_unique_id],
    ['ip', node.ip],
    ['host', node.host],
    ['ctime', node.ctime],
    ['mtime', node.mtime],
    ['edit_log_port', node.edit_log_port],
    ['node_type', node.node_type],
  ];
  return fields
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === 'string' && key !== 'node_type' ? JSON.stringify(value) : value}`)
    .join(' ');
}

/** INVALID_ARGUMENT when adding would pass one of COLLECTION_CAPS. */
function capError(ctx: HandlerContext, instance: InstanceRecord, adding: { clusters?: number; nodes?: number; names?: number }): SimResponse | undefined {
  const { clustersPerInstance, nodesPerInstance, mysqlUserNamesPerCluster } = COLLECTION_CAPS;
  const clusters = instance.clusters.length + (adding.clusters ?? 0);
  if (clusters > clustersPerInstance) {
    return ctx.reply.error('INVALID_ARGUMENT', `too many clusters in instance ${instance.instance_id} (the mock keeps at most ${clustersPerInstance})`);
  }
  const nodes = instance.clusters.reduce((sum, c) => sum + c.nodes.length, 0) + (adding.nodes ?? 0);
  if (nodes > nodesPerInstance) {
    return ctx.reply.error('INVALID_ARGUMENT', `too many nodes in instance ${instance.instance_id} (the mock keeps at most ${nodesPerInstance})`);
  }
  if ((adding.names ?? 0) > mysqlUserNamesPerCluster) {
    return ctx.reply.error('INVALID_ARGUMENT', `too many mysql user names for one cluster (the mock keeps at most ${mysqlUserNamesPerCluster})`);
  }
  return undefined;
}

const masters = (nodes: NodeRecord[]) => nodes.filter((n) => n.node_type === 'FE_MASTER').length;

/** add_cluster: a SQL cluster with exactly one FE_MASTER, or a COMPUTE cluster of BEs (NORMAL at once). */
const addCluster: Handler = (ctx, req) => {
  const target = clusterTarget(ctx, bodyOf(req));
  if ('failure' in target) return target.failure;
  const { instance, request, clusterId } = target;
  const type = readEnum(request, 'type', CLUSTER_TYPES, CLUSTER_TYPE_NUMBERS);
  if (type === undefined) return ctx.reply.error('INVALID_ARGUMENT', `cluster type is not set, cluster_id=${clusterId}`);
  const badName = clusterNameError(ctx, target.clusterName);
  if (badName) return badName;
  const clusterName = target.clusterName ?? '';
  const nodes = nodesFrom(ctx, request);
  if (type === 'SQL' && masters(nodes) !== 1) return masterCountError(ctx, masters(nodes));
  const overCap = capError(ctx, instance, { clusters: 1, nodes: nodes.length, names: readStrings(request, 'mysql_user_name').length });
  if (overCap) return overCap;
  if (instance.clusters.some((c) => c.cluster_id === clusterId)) {
    return ctx.reply.error('ALREADY_EXISTED', `try to add a existing cluster id, existing_cluster_id=${clusterId}`);
  }
  if (clusterName !== '' && instance.clusters.some((c) => c.cluster_name === clusterName)) {
    return ctx.reply.error('ALREADY_EXISTED', `try to add a existing cluster name, existing_cluster_name=${clusterName}`);
  }
  const refused = occupiedNodeError(ctx, target, nodes) ?? registeredEndpointError(ctx, instance, type, nodes);
  if (refused) return refused;
  const cluster: ClusterRecord = {
    cluster_id: clusterId,
    cluster_name: clusterName,
    type,
    nodes,
    mysql_user_name: readStrings(request, 'mysql_user_name'),
    // ms-add-cluster-normal: a compute cluster starts NORMAL (the document: the cloud manager sets it
    // in add_cluster); the SQL cluster keeps the status the request gives, UNKNOWN otherwise.
    cluster_status: type === 'COMPUTE' ? 'NORMAL' : (readClusterStatus(ctx, request, 'cluster_status') ?? 'UNKNOWN'),
  };
  instance.clusters.push(cluster);
  ctx.state.indexNodes(instance, nodes);
  instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

/** The `fail to get cluster with ...` message: the request's fields as protobuf's ShortDebugString prints them. */
function getClusterNotFound(ctx: HandlerContext, body: JsonObject): SimResponse {
  const fields = ['instance_id', 'cloud_unique_id', 'cluster_name', 'cluster_id', 'mysql_user_name']
    .map((key) => [key, readNonEmpty(body, key)] as const)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)} `)
    .join('');
  return ctx.reply.error('NOT_FOUND', `fail to get cluster with ${fields}`);
}

/** get_cluster: by cluster_id, else cluster_name, else mysql_user_name; all clusters with none of them. */
const getCluster: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const found = findInstance(ctx, body);
  if ('failure' in found) return getClusterNotFoundOr(ctx, body, found.failure);
  const render = { omitDefaults: ctx.rules.observed };
  const clusterId = readNonEmpty(body, 'cluster_id');
  const clusterName = readNonEmpty(body, 'cluster_name');
  const mysqlUserName = readNonEmpty(body, 'mysql_user_name');
  const clusters = found.instance.clusters;
  if (clusterId === undefined && clusterName === undefined && mysqlUserName === undefined) {
    const all = { cluster: clusters.map((c) => renderCluster(c, render)) };
    // ms-get-cluster-shapes: real servers answer the whole GetClusterResponse, status included.
    return ctx.reply.ok(ctx.rules.observed ? { status: { code: 'OK', msg: '' }, ...all } : all);
  }
  const cluster =
    clusterId !== undefined
      ? clusters.find((c) => c.cluster_id === clusterId)
      : clusterName !== undefined
        ? clusters.find((c) => c.cluster_name === clusterName)
        : clusters.find((c) => c.mysql_user_name.includes(mysqlUserName ?? ''));
  return cluster ? ctx.reply.ok(renderCluster(cluster, render)) : getClusterNotFound(ctx, body);
};

/** An unknown instance is reported with the handler's own not-found message; a malformed lookup keeps its error. */
function getClusterNotFoundOr(ctx: HandlerContext, body: JsonObject, failure: SimResponse): SimResponse {
  const code = (failure.body as { code?: string } | undefined)?.code;
  return code === 'NOT_FOUND' ? getClusterNotFound(ctx, body) : failure;
}

/** drop_cluster: by id (and name when given); frees its nodes' cloud_unique_ids. */
const dropCluster: Handler = (ctx, req) => {
  const target = clusterTarget(ctx, bodyOf(req));
  if ('failure' in target) return target.failure;
  const cluster = existingCluster(target);
  // ms-drop-not-found: real servers answer NOT_FOUND; the document shows INTERNAL_ERROR.
  if (!cluster) return ctx.reply.error(ctx.rules.observed ? 'NOT_FOUND' : 'INTERNAL_ERROR', `failed to find cluster to drop, ${describe(target)}`);
  if (cluster.type === 'SQL' && cluster.nodes.some((n) => inFeSafeTime(ctx, n))) {
    const shown = JSON.stringify({ cluster_id: cluster.cluster_id, cluster_name: cluster.cluster_name, type: cluster.type });
    return ctx.reply.error('NOT_FOUND', `drop fe cluster not in safe time, try later, cluster=${shown}`);
  }
  target.instance.clusters = target.instance.clusters.filter((c) => c !== cluster);
  ctx.state.unindexNodes(cluster.nodes);
  target.instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

/** rename_cluster: finds the cluster by id and gives it cluster_name. */
const renameCluster: Handler = (ctx, req) => {
  const target = clusterTarget(ctx, bodyOf(req));
  if ('failure' in target) return target.failure;
  const newName = target.clusterName;
  if (newName === undefined) return ctx.reply.error('INVALID_ARGUMENT', 'cluster_name is empty');
  const cluster = target.instance.clusters.find((c) => c.cluster_id === target.clusterId);
  if (!cluster) {
    if (ctx.rules.observed) return clusterToUpdateNotFound(ctx, target.instance.instance_id, target.clusterId, newName);
    return ctx.reply.error('INTERNAL_ERROR', `failed to find cluster to rename, ${describe(target)}`);
  }
  if (cluster.cluster_name === newName) {
    const original = JSON.stringify({ cluster_id: cluster.cluster_id, cluster_name: cluster.cluster_name, type: cluster.type });
    return ctx.reply.error('INTERNAL_ERROR', `failed to rename cluster, name eq original name, original cluster is ${original}`);
  }
  if (target.instance.clusters.some((c) => c !== cluster && c.cluster_name === newName)) {
    // ms-rename-taken; the document is silent, so both profiles answer as real servers (x-doc-quirks ms-rename-cluster-taken).
    return ctx.reply.error('INVALID_ARGUMENT', `failed to rename cluster, a cluster with the same name already exists in this instance, cluster_name=${newName}`);
  }
  cluster.cluster_name = newName;
  target.instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

/** add_node: nodes of the cluster's type; the SQL cluster keeps exactly one FE_MASTER. */
const addNode: Handler = (ctx, req) => {
  const target = clusterTarget(ctx, bodyOf(req));
  if ('failure' in target) return target.failure;
  const cluster = existingCluster(target);
  if (!cluster) return ctx.reply.error('INTERNAL_ERROR', `failed to find cluster to add node, ${describe(target)}`);
  const type = readEnum(target.request, 'type', CLUSTER_TYPES, CLUSTER_TYPE_NUMBERS);
  if (type !== undefined && type !== cluster.type) {
    return ctx.reply.error('INVALID_ARGUMENT', `cluster type mismatch, cluster is ${cluster.type} and request is ${type}, ${describe(target)}`);
  }
  const nodes = nodesFrom(ctx, target.request);
  if (nodes.length === 0) return ctx.reply.error('INVALID_ARGUMENT', `no node to add, ${describe(target)}`);
  const overCap = capError(ctx, target.instance, { nodes: nodes.length });
  if (overCap) return overCap;
  const refused = occupiedNodeError(ctx, target, nodes) ?? registeredEndpointError(ctx, target.instance, cluster.type, nodes);
  if (refused) return refused;
  if (cluster.type === 'SQL' && masters(cluster.nodes) + masters(nodes) !== 1) {
    return masterCountError(ctx, masters(cluster.nodes) + masters(nodes));
  }
  cluster.nodes.push(...nodes);
  ctx.state.indexNodes(target.instance, nodes);
  target.instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

/**
 * drop_node: all listed nodes must be in the cluster. Documented: found by cloud_unique_id (and ip
 * when given); observed (ms-node-endpoint): by endpoint.
 */
const dropNode: Handler = (ctx, req) => {
  const target = clusterTarget(ctx, bodyOf(req));
  if ('failure' in target) return target.failure;
  const cluster = existingCluster(target);
  if (!cluster) return ctx.reply.error(ctx.rules.observed ? 'NOT_FOUND' : 'INTERNAL_ERROR', `failed to find cluster to drop node, ${describe(target)}`);
  const wanted = nodesFrom(ctx, target.request);
  const same = (node: NodeRecord) =>
    ctx.rules.observed
      ? (n: NodeRecord) => endpointOf(cluster.type, n) === endpointOf(cluster.type, node)
      : (n: NodeRecord) => n.cloud_unique_id === node.cloud_unique_id && (node.ip === '' || n.ip === node.ip);
  const dropping: NodeRecord[] = [];
  for (const node of wanted) {
    const match = cluster.nodes.find(same(node));
    if (!match) {
      // ms-drop-not-found: real servers answer NOT_FOUND; the document shows INTERNAL_ERROR.
      return ctx.reply.error(
        ctx.rules.observed ? 'NOT_FOUND' : 'INTERNAL_ERROR',
        `cloud_unique_id can not find to drop node, instance_id=${target.instance.instance_id} cluster_name=${cluster.cluster_name} cluster_id=${cluster.cluster_id} cloud_unique_id=${node.cloud_unique_id}`,
      );
    }
    if (cluster.type === 'SQL' && inFeSafeTime(ctx, match)) {
      return ctx.reply.error('INVALID_ARGUMENT', `drop fe node not in safe time, try later, node=${nodeDebugString(match)}`);
    }
    dropping.push(match);
  }
  const dropped = new Set(dropping);
  cluster.nodes = cluster.nodes.filter((n) => !dropped.has(n));
  ctx.state.unindexNodes(dropping);
  target.instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

/** update_cluster_mysql_user_name: adds names; a name moves from any other cluster of the instance. */
const updateClusterMysqlUserName: Handler = (ctx, req) => {
  const target = clusterTarget(ctx, bodyOf(req));
  if ('failure' in target) return target.failure;
  const names = readStrings(target.request, 'mysql_user_name').filter((n) => n !== '');
  if (names.length === 0) return ctx.reply.error('INTERNAL_ERROR', 'no mysql user name to change');
  const cluster = existingCluster(target);
  if (!cluster) {
    if (ctx.rules.observed) return clusterToUpdateNotFound(ctx, target.instance.instance_id, target.clusterId, target.clusterName);
    return ctx.reply.error('INTERNAL_ERROR', `failed to find cluster to update mysql user name, ${describe(target)}`);
  }
  const merged = new Set([...cluster.mysql_user_name, ...names]);
  if (merged.size > COLLECTION_CAPS.mysqlUserNamesPerCluster) {
    return ctx.reply.error('INVALID_ARGUMENT', `too many mysql user names for one cluster (${merged.size}; the mock keeps at most ${COLLECTION_CAPS.mysqlUserNamesPerCluster}), ${describe(target)}`);
  }
  // Sets, not Array.includes: 100k names made this handler quadratic (seconds on the event loop).
  const moving = new Set(names);
  for (const other of target.instance.clusters) {
    if (other !== cluster && other.mysql_user_name.some((n) => moving.has(n))) other.mysql_user_name = other.mysql_user_name.filter((n) => !moving.has(n));
  }
  cluster.mysql_user_name = [...merged];
  target.instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

export const clusterHandlers: Record<string, Handler> = {
  add_cluster: addCluster,
  get_cluster: getCluster,
  drop_cluster: dropCluster,
  rename_cluster: renameCluster,
  add_node: addNode,
  drop_node: dropNode,
  update_cluster_mysql_user_name: updateClusterMysqlUserName,
};

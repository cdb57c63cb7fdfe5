import type { SimResponse } from '../shared/types.js';
import { bodyOf, findInstance, liveInstance, type Handler, type HandlerContext } from './context.js';
import { asObject, readArray, readEnum, readInt, readNonEmpty, readStrings, type JsonObject } from './fields.js';
import { CLUSTER_TYPES, NODE_TYPES, type ClusterRecord, type ClusterType, type InstanceRecord, type NodeRecord, type NodeType } from './model.js';
import { readClusterStatus } from './cluster-status.js';
import { renderCluster } from './render.js';

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

function masterCountError(ctx: HandlerContext, count: number): SimResponse {
  return ctx.reply.error('INTERNAL_ERROR', `cluster is SQL type, must have only one master node, now master count: ${count}`);
}

/** Nodes whose cloud_unique_id is already registered (anywhere) or repeated in the request. */
function occupiedNodeError(ctx: HandlerContext, target: ClusterTarget, nodes: NodeRecord[]): SimResponse | undefined {
  const seen = new Set<string>();
  for (const node of nodes) {
    const taken = ctx.state.locateNode(node.cloud_unique_id);
    if (taken || seen.has(node.cloud_unique_id)) {
      const owner = taken ? `instance_id=${taken.instance.instance_id} cluster_name=${taken.cluster.cluster_name} cluster_id=${taken.cluster.cluster_id}` : describe(target);
      return ctx.reply.error('INTERNAL_ERROR', `cloud_unique_id is already occupied by an instance, ${owner} cloud_unique_id=${node.cloud_unique_id}`);
    }
    seen.add(node.cloud_unique_id);
  }
  return undefined;
}

const masters = (nodes: NodeRecord[]) => nodes.filter((n) => n.node_type === 'FE_MASTER').length;

/** add_cluster: a SQL cluster with exactly one FE_MASTER, or a COMPUTE cluster of BEs. */
const addCluster: Handler = (ctx, req) => {
  const target = clusterTarget(ctx, bodyOf(req));
  if ('failure' in target) return target.failure;
  const { instance, request, clusterId } = target;
  const clusterName = target.clusterName ?? '';
  const type = readEnum(request, 'type', CLUSTER_TYPES, CLUSTER_TYPE_NUMBERS);
  if (type === undefined) return ctx.reply.error('INVALID_ARGUMENT', `cluster type is not set, cluster_id=${clusterId}`);
  if (instance.clusters.some((c) => c.cluster_id === clusterId)) {
    return ctx.reply.error('ALREADY_EXISTED', `try to add a existing cluster id, existing_cluster_id=${clusterId}`);
  }
  if (clusterName !== '' && instance.clusters.some((c) => c.cluster_name === clusterName)) {
    return ctx.reply.error('ALREADY_EXISTED', `try to add a existing cluster name, existing_cluster_name=${clusterName}`);
  }
  const nodes = nodesFrom(ctx, request);
  if (type === 'SQL' && masters(nodes) !== 1) return masterCountError(ctx, masters(nodes));
  const occupied = occupiedNodeError(ctx, target, nodes);
  if (occupied) return occupied;
  const cluster: ClusterRecord = {
    cluster_id: clusterId,
    cluster_name: clusterName,
    type,
    nodes,
    mysql_user_name: readStrings(request, 'mysql_user_name'),
    // ms-add-cluster-status: the cloud manager may set the initial status here; UNKNOWN otherwise.
    cluster_status: readClusterStatus(ctx, request, 'cluster_status') ?? 'UNKNOWN',
  };
  instance.clusters.push(cluster);
  ctx.state.indexNodes(instance, cluster, nodes);
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
  if (!cluster) return ctx.reply.error('INTERNAL_ERROR', `failed to find cluster to drop, ${describe(target)}`);
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
  if (!cluster) return ctx.reply.error('INTERNAL_ERROR', `failed to find cluster to rename, ${describe(target)}`);
  if (cluster.cluster_name === newName) {
    const original = JSON.stringify({ cluster_id: cluster.cluster_id, cluster_name: cluster.cluster_name, type: cluster.type });
    return ctx.reply.error('INTERNAL_ERROR', `failed to rename cluster, name eq original name, original cluster is ${original}`);
  }
  if (target.instance.clusters.some((c) => c !== cluster && c.cluster_name === newName)) {
    return ctx.reply.error('ALREADY_EXISTED', `failed to rename cluster, a cluster with the same name already exists, cluster_name=${newName}`);
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
  const occupied = occupiedNodeError(ctx, target, nodes);
  if (occupied) return occupied;
  if (cluster.type === 'SQL' && masters(cluster.nodes) + masters(nodes) !== 1) {
    return masterCountError(ctx, masters(cluster.nodes) + masters(nodes));
  }
  cluster.nodes.push(...nodes);
  ctx.state.indexNodes(target.instance, cluster, nodes);
  target.instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

/** drop_node: all listed nodes (by cloud_unique_id, and ip when given) must be in the cluster. */
const dropNode: Handler = (ctx, req) => {
  const target = clusterTarget(ctx, bodyOf(req));
  if ('failure' in target) return target.failure;
  const cluster = existingCluster(target);
  if (!cluster) return ctx.reply.error('INTERNAL_ERROR', `failed to find cluster to drop node, ${describe(target)}`);
  const wanted = nodesFrom(ctx, target.request);
  const dropping: NodeRecord[] = [];
  for (const node of wanted) {
    const match = cluster.nodes.find((n) => n.cloud_unique_id === node.cloud_unique_id && (node.ip === '' || n.ip === node.ip));
    if (!match) {
      return ctx.reply.error(
        'INTERNAL_ERROR',
        `cloud_unique_id can not find to drop node, instance_id=${target.instance.instance_id} cluster_name=${cluster.cluster_name} cluster_id=${cluster.cluster_id} cloud_unique_id=${node.cloud_unique_id}`,
      );
    }
    dropping.push(match);
  }
  cluster.nodes = cluster.nodes.filter((n) => !dropping.includes(n));
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
  if (!cluster) return ctx.reply.error('INTERNAL_ERROR', `failed to find cluster to update mysql user name, ${describe(target)}`);
  for (const other of target.instance.clusters) {
    if (other !== cluster) other.mysql_user_name = other.mysql_user_name.filter((n) => !names.includes(n));
  }
  cluster.mysql_user_name = [...new Set([...cluster.mysql_user_name, ...names])];
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

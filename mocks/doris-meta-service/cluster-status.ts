import { bodyOf, clusterToUpdateNotFound, findInstance, type Handler, type HandlerContext } from './context.js';
import { asObject, readNonEmpty, readStrings, type JsonObject } from './fields.js';
import type { ClusterStatus, InstanceRecord } from './model.js';

/** The statuses each profile knows: the document's (with STOPPED) or the server's (ms-cluster-status-enum). */
const DOCUMENTED_STATUSES: readonly ClusterStatus[] = ['UNKNOWN', 'NORMAL', 'SUSPENDED', 'TO_RESUME', 'STOPPED'];
const OBSERVED_STATUSES: readonly ClusterStatus[] = ['UNKNOWN', 'NORMAL', 'SUSPENDED', 'TO_RESUME', 'MANUAL_SHUTDOWN'];
/** Protobuf numbers of ClusterStatus (ms-lenient-json: enum values may be numbers). */
export const CLUSTER_STATUS_NUMBERS: Record<number, ClusterStatus> = { 0: 'UNKNOWN', 1: 'NORMAL', 2: 'SUSPENDED', 3: 'TO_RESUME', 4: 'MANUAL_SHUTDOWN' };

/**
 * A cluster status field. Observed: a number is read by its protobuf value and a name the server
 * does not know (STOPPED) is dropped, so the field reads as unset.
 */
export function readClusterStatus(ctx: HandlerContext, object: JsonObject | undefined, key: string): ClusterStatus | undefined {
  const value = object?.[key];
  const known = ctx.rules.observed ? OBSERVED_STATUSES : DOCUMENTED_STATUSES;
  if (typeof value === 'string') return known.includes(value as ClusterStatus) ? (value as ClusterStatus) : undefined;
  if (typeof value === 'number' && ctx.rules.observed) return CLUSTER_STATUS_NUMBERS[value];
  return undefined;
}

/** The instances get_cluster_status reports on: instance_ids, else the instances of cloud_unique_ids. */
function requestedInstances(ctx: HandlerContext, body: JsonObject): InstanceRecord[] {
  const ids = readStrings(body, 'instance_ids');
  const wanted = ids.length > 0 ? ids : readStrings(body, 'cloud_unique_ids').map((id) => ctx.state.instanceIdOf(id) ?? '');
  const instances: InstanceRecord[] = [];
  for (const id of new Set(wanted)) {
    const instance = ctx.state.instance(id);
    if (instance && instance.status !== 'DELETED') instances.push(instance);
  }
  return instances;
}

/** get_cluster_status: the compute clusters of each instance, optionally only those in `status`. */
const getClusterStatus: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const instances = requestedInstances(ctx, body);
  if (readStrings(body, 'instance_ids').length === 0 && readStrings(body, 'cloud_unique_ids').length === 0) {
    return ctx.reply.error('INVALID_ARGUMENT', 'instance_ids and cloud_unique_ids are empty');
  }
  // Observed: an unknown filter name is dropped, so the request reads as unfiltered.
  const filter = readClusterStatus(ctx, body, 'status');
  const details = instances
    .map((instance) => ({
      instance_id: instance.instance_id,
      clusters: instance.clusters
        .filter((c) => c.type === 'COMPUTE' && (filter === undefined || c.cluster_status === filter))
        .map((c) => {
          const omit = ctx.rules.observed && c.cluster_status === 'UNKNOWN';
          return omit
            ? { cluster_id: c.cluster_id, cluster_name: c.cluster_name }
            : { cluster_id: c.cluster_id, cluster_name: c.cluster_name, cluster_status: c.cluster_status };
        }),
    }))
    .filter((detail) => detail.clusters.length > 0);
  return ctx.reply.ok({ details });
};

/** set_cluster_status: only the profile's transitions; everything else is INVALID_ARGUMENT. */
const setClusterStatus: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const found = findInstance(ctx, body);
  if ('failure' in found) return found.failure;
  const request = asObject(body.cluster);
  const clusterId = readNonEmpty(request, 'cluster_id') ?? '';
  const cluster = found.instance.clusters.find((c) => c.cluster_id === clusterId);
  if (!cluster) {
    // ms-cluster-status-edges, ms-drop-not-found: real servers answer 400 for an unknown cluster, never 404.
    if (ctx.rules.observed) return clusterToUpdateNotFound(ctx, found.instance.instance_id, clusterId, readNonEmpty(request, 'cluster_name'));
    return ctx.reply.error('NOT_FOUND', `failed to find cluster, cluster_id=${clusterId}`);
  }
  const from = cluster.cluster_status;
  // A dropped (unknown) status reads as UNKNOWN, as on the server (ms-cluster-status-enum).
  const to = readClusterStatus(ctx, request, 'cluster_status') ?? 'UNKNOWN';
  if (from === to && ctx.rules.observed) {
    return ctx.reply.error('INVALID_ARGUMENT', `failed to set cluster status, status eq original status, original cluster is ${from}`);
  }
  if (!ctx.rules.canTransition(from, to)) {
    return ctx.reply.error('INVALID_ARGUMENT', `failed to set cluster status, original cluster is ${from} and want set ${to}`);
  }
  cluster.cluster_status = to;
  found.instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

export const clusterStatusHandlers: Record<string, Handler> = {
  get_cluster_status: getClusterStatus,
  set_cluster_status: setClusterStatus,
};

import type { ClusterRecord, InstanceRecord, NodeRecord, ObjInfoRecord } from './model.js';

/**
 * Records → answer JSON. int64 times are decimal strings in both profiles (the document's samples
 * show them so); the observed profile also omits unset/default fields (ms-int64-strings), where the
 * documented one always writes `status` and `cluster_status`.
 */
export interface RenderOptions {
  omitDefaults: boolean;
  /**
   * get_instance as real servers answer it (ms-instance-shape): `status` always, `iam_user`,
   * `sse_enabled`, `enable_storage_vault`, and every object-store info's `encryption_info` and `sse_enabled`.
   */
  serverShape?: boolean;
}

/** The encryption real servers record for an object-store info's AK/SK (their default encryption_method; one key). */
const ENCRYPTION_INFO = { encryption_method: 'AES_256_ECB', key_id: '1' };

function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

export function renderNode(node: NodeRecord): Record<string, unknown> {
  return defined({
    cloud_unique_id: node.cloud_unique_id,
    ip: node.ip,
    host: node.host,
    ctime: String(node.ctime),
    mtime: String(node.mtime),
    heartbeat_port: node.heartbeat_port,
    edit_log_port: node.edit_log_port,
    node_type: node.node_type,
  });
}

export function renderCluster(cluster: ClusterRecord, options: RenderOptions): Record<string, unknown> {
  return defined({
    cluster_id: cluster.cluster_id,
    cluster_name: cluster.cluster_name,
    type: cluster.type,
    nodes: options.omitDefaults && cluster.nodes.length === 0 ? undefined : cluster.nodes.map(renderNode),
    mysql_user_name: cluster.mysql_user_name.length > 0 ? [...cluster.mysql_user_name] : undefined,
    cluster_status: options.omitDefaults && cluster.cluster_status === 'UNKNOWN' ? undefined : cluster.cluster_status,
  });
}

export function renderObjInfo(info: ObjInfoRecord, serverShape = false): Record<string, unknown> {
  const server = serverShape ? { encryption_info: { ...ENCRYPTION_INFO }, sse_enabled: info.sse_enabled === true } : {};
  return defined({
    ctime: String(info.ctime),
    mtime: String(info.mtime),
    id: info.id,
    ak: info.ak,
    sk: info.sk,
    bucket: info.bucket,
    prefix: info.prefix,
    endpoint: info.endpoint,
    external_endpoint: info.external_endpoint,
    region: info.region,
    provider: info.provider,
    user_id: info.user_id,
    sse_enabled: info.sse_enabled ? true : undefined,
    ...server,
  });
}

export function renderInstance(instance: InstanceRecord, options: RenderOptions): Record<string, unknown> {
  const server = options.serverShape
    ? {
        status: instance.status,
        // The IAM user of the deployment (doris_cloud.conf arn_id/arn_ak/arn_sk, empty by default), external_id the instance.
        iam_user: { user_id: '', ak: '', sk: '', external_id: instance.instance_id },
        sse_enabled: instance.sse_enabled,
        enable_storage_vault: instance.enable_storage_vault,
      }
    : {};
  return defined({
    user_id: instance.user_id,
    instance_id: instance.instance_id,
    name: instance.name,
    clusters: instance.clusters.map((c) => renderCluster(c, options)),
    ctime: String(instance.ctime),
    mtime: String(instance.mtime),
    obj_info: instance.obj_info.map((info) => renderObjInfo(info, options.serverShape)),
    stages: instance.stages.length > 0 ? structuredClone(instance.stages) : undefined,
    status: options.omitDefaults && instance.status === 'NORMAL' ? undefined : instance.status,
    sse_enabled: instance.sse_enabled ? true : undefined,
    ram_user: instance.ram_user ? { ...instance.ram_user } : undefined,
    vault: instance.hdfs_info === undefined ? undefined : { hdfs_info: structuredClone(instance.hdfs_info) },
    ...server,
  });
}

/**
 * What the Meta Service simulator stores: instances with their storage, clusters, nodes, and the
 * debugging objects (tablet stats, transactions, compaction jobs) that only scenarios/seeding create.
 */

/** The envelope's outcome codes (spec `MsCode`). */
export type MsCode = 'OK' | 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'ALREADY_EXISTED' | 'INTERNAL_ERROR';

export const PROVIDERS = ['OSS', 'S3', 'COS', 'OBS', 'BOS', 'GCP', 'AZURE'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const CLUSTER_TYPES = ['SQL', 'COMPUTE'] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

export const NODE_TYPES = ['FE_MASTER', 'FE_OBSERVER'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/**
 * Documented statuses (transition rules + tables) plus MANUAL_SHUTDOWN, which only the observed
 * profile knows (ms-cluster-status-enum); STOPPED only the documented profile accepts.
 */
export const CLUSTER_STATUSES = ['UNKNOWN', 'NORMAL', 'SUSPENDED', 'TO_RESUME', 'STOPPED', 'MANUAL_SHUTDOWN'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

export type InstanceStatus = 'NORMAL' | 'OVERDUE' | 'DELETED';

/** What the FE learns from a BE's heartbeats; -1 / 0 until the BE has reported (FE cloud_cluster_status). */
export interface BackendReport {
  bePort: number;
  httpPort: number;
  brpcPort: number;
  currentFragmentNum: number;
  lastFragmentUpdateTime: number;
}

export interface NodeRecord {
  cloud_unique_id: string;
  ip: string;
  host?: string;
  heartbeat_port?: number;
  edit_log_port?: number;
  node_type?: NodeType;
  /** Seconds since the epoch. */
  ctime: number;
  mtime: number;
  report?: BackendReport;
}

export interface ClusterRecord {
  cluster_id: string;
  cluster_name: string;
  type: ClusterType;
  nodes: NodeRecord[];
  mysql_user_name: string[];
  cluster_status: ClusterStatus;
}

export interface ObjInfoRecord {
  id: string;
  ak: string;
  sk: string;
  bucket: string;
  prefix?: string;
  endpoint: string;
  external_endpoint?: string;
  region: string;
  provider?: Provider;
  user_id?: string;
  sse_enabled?: boolean;
  ctime: number;
  mtime: number;
}

export interface AkSkUser {
  user_id: string;
  ak: string;
  sk: string;
}

export interface TabletStatsRecord {
  table_id: number;
  index_id: number;
  partition_id: number;
  tablet_id: number;
  data_size: number;
  num_rows: number;
  num_rowsets: number;
  num_segments: number;
  base_compaction_cnt: number;
  cumulative_compaction_cnt: number;
  cumulative_point: number;
}

export type TxnStatus = 'PREPARED' | 'ABORTED' | 'VISIBLE';

export interface TxnRecord {
  /** int64 kept as its decimal string: ids may exceed 2^53 on real clusters. */
  txn_id: string;
  db_id: string;
  label: string;
  status: TxnStatus;
}

export interface InstanceRecord {
  instance_id: string;
  name?: string;
  user_id?: string;
  status: InstanceStatus;
  ctime: number;
  mtime: number;
  clusters: ClusterRecord[];
  obj_info: ObjInfoRecord[];
  /** The HDFS vault as created (create_instance `hdfs` form). */
  hdfs_info?: unknown;
  ram_user?: AkSkUser;
  sse_enabled: boolean;
  /** Created with a storage vault (`vault.hdfs_info` or `vault.obj_info`), not the legacy `obj_info`. */
  enable_storage_vault: boolean;
  /** Stages are only ever seeded (no documented handler creates them). */
  stages: unknown[];
  /** tablet_id → stats. */
  tablets: Map<string, TabletStatsRecord>;
  /** txn_id → transaction. */
  txns: Map<string, TxnRecord>;
  /** tablet_id → ids of its running compaction jobs. */
  compactions: Map<string, Set<string>>;
}

/** The most object-store infos an instance may hold (add_obj_info; ids "1" to "10"). */
export const MAX_OBJ_INFOS = 10;
/** The most bytes one object-store info may take (add_obj_info). */
export const MAX_OBJ_INFO_BYTES = 1024;

/** A running compaction job to seed on a tablet (abort_tablet_job aborts it). */
export interface CompactionSeed {
  tablet_id: string;
  id: string;
}

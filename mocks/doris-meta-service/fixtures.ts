import { newInstance } from './instance-handlers.js';
import type { ClusterRecord, InstanceRecord, NodeRecord, ObjInfoRecord } from './model.js';

/** The instance of the document's samples (get_instance, get_tablet_stats, abort_txn, cloud_cluster_status). */
export const SEEDED_INSTANCE_ID = 'regression_instance0';
/** The document's sample time (2022-11-24), seconds since the epoch. */
const SAMPLE_TIME = 1669260437;

function be(cloudUniqueId: string, heartbeatPort: number, reporting: boolean): NodeRecord {
  return {
    cloud_unique_id: cloudUniqueId,
    ip: '127.0.0.1',
    heartbeat_port: heartbeatPort,
    ctime: SAMPLE_TIME,
    mtime: SAMPLE_TIME,
    report: reporting
      ? { bePort: heartbeatPort - 2, httpPort: heartbeatPort - 1, brpcPort: heartbeatPort + 1, currentFragmentNum: 3, lastFragmentUpdateTime: 1684152350291 }
      : undefined,
  };
}

function computeCluster(index: number, heartbeatPort: number, users: string[], reporting: boolean): ClusterRecord {
  return {
    cluster_id: `regression_test_cluster_id${index}`,
    cluster_name: `regression_test_cluster_name${index}`,
    type: 'COMPUTE',
    // Distinct per node (section 2), unlike the document's sample, which reuses one id.
    nodes: [be(`1:${SEEDED_INSTANCE_ID}:regression-cloud-unique-id${index}`, heartbeatPort, reporting)],
    mysql_user_name: users,
    cluster_status: 'NORMAL',
  };
}

function objInfo(id: number): ObjInfoRecord {
  return {
    id: String(id),
    ak: id === 1 ? 'akak' : `akak${id}`,
    sk: id === 1 ? 'sksk' : `sksk${id}`,
    bucket: 'justtmp-bj-1308700295',
    prefix: id === 1 ? 'dx-test' : `dx-test-${id}`,
    endpoint: 'cos.ap-beijing.myqcloud.com',
    external_endpoint: '',
    region: 'ap-beijing',
    provider: 'COS',
    user_id: `bucket_user_id_${id}`,
    ctime: SAMPLE_TIME,
    mtime: SAMPLE_TIME,
  };
}

/**
 * The document's regression_instance0, ready for connector work: the FE cluster with one
 * FE_MASTER, three NORMAL compute clusters (users root; jack, lx; none), one COS object-store info
 * and a RAM user, the tablet of the get_tablet_stats sample, the transaction of the abort_txn
 * sample plus one by label, and a running compaction job on tablet 113973 (abort_tablet_job sample).
 */
export function seededInstance(objInfos = 1): InstanceRecord {
  const instance = newInstance(SEEDED_INSTANCE_ID, SAMPLE_TIME, {
    name: 'test_instance',
    user_id: 'gavin_user_id',
    clusters: [
      {
        cluster_id: 'RESERVED_CLUSTER_ID_FOR_SQL_SERVER',
        cluster_name: 'RESERVED_CLUSTER_NAME_FOR_SQL_SERVER',
        type: 'SQL',
        nodes: [
          {
            cloud_unique_id: `1:${SEEDED_INSTANCE_ID}:regression-cloud-unique-id-fe-1`,
            ip: '127.0.0.1',
            edit_log_port: 12103,
            node_type: 'FE_MASTER',
            ctime: SAMPLE_TIME,
            mtime: SAMPLE_TIME,
          },
        ],
        mysql_user_name: [],
        cluster_status: 'NORMAL',
      },
      computeCluster(0, 11102, ['root'], true),
      computeCluster(1, 14102, ['jack', 'lx'], false),
      computeCluster(2, 16102, [], false),
    ],
    obj_info: Array.from({ length: objInfos }, (_, i) => objInfo(i + 1)),
    ram_user: { user_id: 'ram_user_id', ak: 'ram_ak', sk: 'ram_sk' },
  });
  instance.tablets.set('114739', {
    table_id: 113973,
    index_id: 113974,
    partition_id: 113966,
    tablet_id: 114739,
    data_size: 0,
    num_rows: 0,
    num_rowsets: 2,
    num_segments: 0,
    base_compaction_cnt: 0,
    cumulative_compaction_cnt: 0,
    cumulative_point: 2,
  });
  instance.txns.set('869414052004864', { txn_id: '869414052004864', db_id: '10002', label: 'insert_8f2c1b0e', status: 'PREPARED' });
  instance.txns.set('869414052004865', { txn_id: '869414052004865', db_id: '10002', label: 'insert_visible', status: 'VISIBLE' });
  instance.compactions.set('113973', new Set(['113974']));
  return instance;
}

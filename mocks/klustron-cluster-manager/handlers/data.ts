import { JobError, KlCode, succeeded } from '../outcome.js';
import { optionalText, requireEnum, requireList, requireNumber, requireObjects, requireText, type Paras } from '../paras.js';
import { requireCluster, requireShard, type Cluster, type KlState } from '../state.js';
import type { JobHandlers } from './types.js';

/**
 * Data jobs: backup and restore (document sections 3, 4, 8, 9), table relocation (5),
 * redistribution (7), and the metadata queries (6.1, 6.2). The simulator keeps no table data;
 * it checks that the clusters and shards named exist and tracks which tables a shard holds.
 */

const DATE_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/;
const BACKUP_WINDOW = /^[0-9]{2}:[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}:[0-9]{2}$/;
const TABLE_PAIRS = /^[^,=>]+=>[^,=>]+(,[^,=>]+=>[^,=>]+)*$/;

function requirePattern(paras: Paras, key: string, pattern: RegExp, form: string): string {
  const value = requireText(paras, key);
  if (!pattern.test(value)) throw new JobError(KlCode.BAD_PARAS, `paras.${key} must be ${form}, got '${value}'`);
  return value;
}

/** Source and destination clusters of a restore or redistribution: both exist and differ. */
function sourceAndTarget(state: KlState, paras: Paras): { source: Cluster; target: Cluster } {
  const source = requireCluster(state, requireNumber(paras, 'src_cluster_id'));
  const target = requireCluster(state, requireNumber(paras, 'dst_cluster_id'));
  if (source === target) throw new JobError(KlCode.BAD_PARAS, 'src_cluster_id and dst_cluster_id must name different clusters');
  return { source, target };
}

export const dataHandlers: JobHandlers = {
  manual_backup_cluster: {
    mode: 'async',
    run(paras, { state }) {
      const clusterId = requireText(paras, 'cluster_id');
      // -1 is the metadata cluster, which always exists.
      if (clusterId !== '-1') requireCluster(state, requireNumber(paras, 'cluster_id'));
      return succeeded('OK');
    },
  },

  cluster_restore: {
    mode: 'async',
    run(paras, { state }) {
      const { source, target } = sourceAndTarget(state, paras);
      const restoreTime = requirePattern(paras, 'restore_time', DATE_TIME, 'YYYY-MM-DD hh:mm:ss');
      // The memo real servers answer under memo_info (kl-status-expand); its fields are the simulator's choice.
      return succeeded('OK', {}, { src_cluster_id: String(source.id), dst_cluster_id: String(target.id), restore_time: restoreTime });
    },
  },

  get_expand_table_list: {
    mode: 'sync',
    answer(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const shard = requireShard(cluster, requireNumber(paras, 'shard_id'));
      requireEnum(paras, 'policy', ['top_hit', 'top_size'] as const);
      // No access or size statistics exist here, so both policies list the shard's tables.
      return { table_list: shard.tables.join(',') };
    },
  },

  expand_cluster: {
    mode: 'async',
    run(paras, { state }) {
      const cluster = requireCluster(state, requireNumber(paras, 'cluster_id'));
      const source = requireShard(cluster, requireNumber(paras, 'src_shard_id'));
      const target = requireShard(cluster, requireNumber(paras, 'dst_shard_id'));
      if (source === target) throw new JobError(KlCode.BAD_PARAS, 'src_shard_id and dst_shard_id must name different shards');
      const tables = requireList(paras, 'table_list');
      const dropOld = optionalText(paras, 'drop_old_table');
      if (dropOld !== undefined) requireEnum(paras, 'drop_old_table', ['0', '1'] as const);
      source.tables = source.tables.filter((table) => !tables.includes(table));
      target.tables.push(...tables.filter((table) => !target.tables.includes(table)));
      // The memo real servers answer under memo_info (kl-status-expand); its fields are the simulator's choice.
      const memo = { cluster_id: String(cluster.id), src_shard_id: String(source.id), dst_shard_id: String(target.id), table_list: tables.join(',') };
      return succeeded('OK', {}, memo);
    },
  },

  repartition_tables: {
    mode: 'async',
    run(paras, { state }) {
      sourceAndTarget(state, paras);
      requirePattern(paras, 'repartition_tables', TABLE_PAIRS, 'comma-separated <source>=><target> pairs');
      return succeeded('OK');
    },
  },

  logical_backup: {
    mode: 'async',
    run(paras, { state }) {
      requireCluster(state, requireNumber(paras, 'cluster_id'));
      for (const entry of requireObjects(paras, 'backup')) {
        requireText(entry, 'db_table');
        requirePattern(entry, 'backup_time', BACKUP_WINDOW, 'hh:mm:ss-hh:mm:ss');
      }
      return succeeded('OK');
    },
  },

  logical_restore: {
    mode: 'async',
    run(paras, { state }) {
      sourceAndTarget(state, paras);
      requireText(paras, 'db_table');
      requirePattern(paras, 'restore_time', DATE_TIME, 'YYYY-MM-DD hh:mm:ss');
      return succeeded('OK');
    },
  },

  get_meta_mode: {
    mode: 'sync',
    answer: (_paras, { state }) => ({ mode: state.metaMode }),
  },

  get_backup_storage: {
    mode: 'sync',
    answer: (_paras, { state }) => ({ list_backup_storage: state.backupStorage.map((storage) => ({ ...storage })) }),
  },
};

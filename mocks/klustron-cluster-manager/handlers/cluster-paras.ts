import { JobError, KlCode } from '../outcome.js';
import { optionalList, optionalNumber, optionalText, requireCount, requireEnum, requireList, requireNumber, requireText, type Paras } from '../paras.js';
import type { HaMode } from '../state.js';

/** create_cluster's paras, read once and checked before the job changes anything. */
export interface CreateClusterParas {
  nickName: string;
  haMode: HaMode;
  shards: number;
  nodes: number;
  comps: number;
  innodbSizeMb: number;
  maxConnections: number;
  /** undefined: the job picks among the registered machines. */
  storageIps: string[] | undefined;
  computerIps: string[] | undefined;
}

const HA_MODES: readonly HaMode[] = ['mgr', 'rbr', 'no_rep'];
const FLAGS = ['0', '1'] as const;

/**
 * Values v1.0.2 uses for the paras it does not check (kl-paras-core); the document gives none,
 * these are the simulator's: the document's own sample sizes.
 */
const UNCHECKED_DEFAULTS = { innodbSizeMb: 1024, maxConnections: 1000, fullsyncLevel: 1 } as const;

function optionalEnum(paras: Paras, key: string, values: readonly string[]): void {
  if (paras[key] !== undefined) requireEnum(paras, key, values);
}

/**
 * The documented reading: every para of the table is checked (section 2.1). `coreOnly`: what a
 * v1.0.2 server checks — ha_mode, shards, nodes, comps and the two machine lists — while the
 * other paras are optional and take defaults (kl-paras-core).
 */
export function readCreateClusterParas(paras: Paras, coreOnly: boolean): CreateClusterParas {
  const haMode = requireEnum(paras, 'ha_mode', HA_MODES);
  const shards = requireCount(paras, 'shards');
  const nodes = requireCount(paras, 'nodes');
  const comps = requireCount(paras, 'comps');
  const storageIps = coreOnly ? requireList(paras, 'storage_iplists') : optionalList(paras, 'storage_iplists');
  const computerIps = coreOnly ? requireList(paras, 'computer_iplists') : optionalList(paras, 'computer_iplists');
  const number = (key: string, fallback: number) => (coreOnly ? (optionalNumber(paras, key) ?? fallback) : requireNumber(paras, key));
  const nickName = coreOnly ? (optionalText(paras, 'nick_name') ?? '') : requireText(paras, 'nick_name');
  const innodbSizeMb = number('innodb_size', UNCHECKED_DEFAULTS.innodbSizeMb);
  const maxConnections = number('max_connections', UNCHECKED_DEFAULTS.maxConnections);
  if (!coreOnly) for (const key of ['max_storage_size', 'cpu_cores', 'rocksdb_block_cache_size_M']) requireNumber(paras, key);
  const fullsyncLevel = number('fullsync_level', Math.min(UNCHECKED_DEFAULTS.fullsyncLevel, nodes - 1));
  if (fullsyncLevel > nodes - 1) {
    throw new JobError(KlCode.BAD_PARAS, `paras.fullsync_level ${fullsyncLevel} exceeds the ${nodes - 1} standby node(s) per shard`);
  }
  optionalEnum(paras, 'cpu_limit_node', ['share', 'quota']);
  optionalEnum(paras, 'dbcfg', FLAGS);
  optionalEnum(paras, 'install_proxysql', FLAGS);
  if (paras.install_proxysql === '1' && shards > 1) {
    throw new JobError(KlCode.BAD_PARAS, 'a cluster with proxysql has a single shard');
  }
  return { nickName, haMode, shards, nodes, comps, innodbSizeMb, maxConnections, storageIps, computerIps };
}

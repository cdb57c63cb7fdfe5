/** The `paras` of a Klustron job: field names and digit-string numbers as the documents send them. */
export type Paras = Record<string, unknown>;

/**
 * `create_machine` paras for one server, with the documented fields filled plausibly; shared by
 * the contract scenarios and the simulator's tests so both register machines the same way.
 */
export function machineParas(hostaddr: string, machineType: 'storage' | 'computer', portRange: string): Paras {
  return {
    hostaddr,
    machine_type: machineType,
    port_range: portRange,
    rack_id: '1',
    datadir: '/data',
    logdir: '/log',
    wal_log_dir: '/wal',
    comp_datadir: '/comp',
    total_mem: '8192',
    total_cpu_cores: '8',
  };
}

/**
 * `create_cluster` paras for a small cluster (one shard of three nodes, one computing node), with
 * every documented field given as a digit string; `overrides` replaces or adds fields.
 */
export function clusterParas(overrides: Paras = {}): Paras {
  return {
    nick_name: 'orders',
    ha_mode: 'rbr',
    shards: '1',
    nodes: '3',
    comps: '1',
    max_storage_size: '20',
    max_connections: '6',
    cpu_cores: '8',
    innodb_size: '1024',
    rocksdb_block_cache_size_M: '1024',
    fullsync_level: '1',
    ...overrides,
  };
}

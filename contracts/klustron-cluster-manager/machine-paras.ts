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

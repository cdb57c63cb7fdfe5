import { JobError, KlCode, succeeded } from '../outcome.js';
import { requireEnum, requireNumber, requireText, type Paras } from '../paras.js';
import { LIMITS, machineKey, machinesAt, type KlState, type Machine, type MachineType } from '../state.js';
import type { JobHandlers } from './types.js';

/** Device management (document section 1) and the machine list (6.3). */

const MACHINE_TYPES: readonly MachineType[] = ['storage', 'computer'];

function portRange(paras: Paras): { firstPort: number; lastPort: number } {
  const text = requireText(paras, 'port_range');
  const match = /^([0-9]+)-([0-9]+)$/.exec(text);
  const firstPort = Number(match?.[1]);
  const lastPort = Number(match?.[2]);
  if (!match || firstPort < 1 || lastPort > 65535 || firstPort > lastPort) {
    throw new JobError(KlCode.BAD_PARAS, `paras.port_range must be <first>-<last> within 1-65535, got '${text}'`);
  }
  return { firstPort, lastPort };
}

function requireMachinesAt(state: KlState, hostaddr: string): Machine[] {
  const machines = machinesAt(state, hostaddr);
  if (machines.length === 0) throw new JobError(KlCode.MACHINE_NOT_FOUND, `machine ${hostaddr} is not registered`);
  return machines;
}

export const machineHandlers: JobHandlers = {
  create_machine: {
    mode: 'async',
    run(paras, { state }) {
      const hostaddr = requireText(paras, 'hostaddr');
      const machineType = requireEnum(paras, 'machine_type', MACHINE_TYPES);
      const { firstPort, lastPort } = portRange(paras);
      for (const key of ['datadir', 'logdir', 'wal_log_dir', 'comp_datadir']) requireText(paras, key);
      const machine: Machine = {
        hostaddr,
        machineType,
        firstPort,
        lastPort,
        rackId: requireText(paras, 'rack_id'),
        totalMemMb: requireNumber(paras, 'total_mem'),
        totalCpuCores: requireNumber(paras, 'total_cpu_cores'),
        running: true,
        usedPorts: new Set(),
      };
      const key = machineKey(hostaddr, machineType);
      if (state.machines.has(key)) throw new JobError(KlCode.MACHINE_EXISTS, `${machineType} machine ${hostaddr} is already registered`);
      if (state.machines.size >= LIMITS.machines) throw new JobError(KlCode.LIMIT_REACHED, `the simulator holds at most ${LIMITS.machines} machines`);
      state.machines.set(key, machine);
      return succeeded('create machine successfully');
    },
  },

  delete_machine: {
    mode: 'async',
    run(paras, { state }) {
      const hostaddr = requireText(paras, 'hostaddr');
      const machineType = requireEnum(paras, 'machine_type', MACHINE_TYPES);
      const machine = state.machines.get(machineKey(hostaddr, machineType));
      if (!machine) throw new JobError(KlCode.MACHINE_NOT_FOUND, `${machineType} machine ${hostaddr} is not registered`);
      if (machine.usedPorts.size > 0) {
        throw new JobError(KlCode.MACHINE_IN_USE, `${machineType} machine ${hostaddr} still hosts ${machine.usedPorts.size} instance(s)`);
      }
      state.machines.delete(machineKey(hostaddr, machineType));
      return succeeded('delete machine successfully');
    },
  },

  set_machine: {
    mode: 'async',
    run(paras, { state }) {
      const hostaddr = requireText(paras, 'hostaddr');
      const running = requireEnum(paras, 'node_stats', ['running', 'dead'] as const) === 'running';
      for (const machine of requireMachinesAt(state, hostaddr)) machine.running = running;
      return succeeded('set machine success');
    },
  },

  get_machine_summary: {
    mode: 'sync',
    answer(_paras, { state }) {
      // One entry per host: a host registered as storage and computer is one server.
      const byHost = new Map<string, boolean>();
      for (const machine of state.machines.values()) {
        byHost.set(machine.hostaddr, (byHost.get(machine.hostaddr) ?? false) || machine.running);
      }
      return {
        list_machine: [...byHost].map(([hostaddr, running]) => ({ hostaddr, status: running ? 'online' : 'offline' })),
      };
    },
  },
};

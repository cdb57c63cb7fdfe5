import type { SimulatorSettingSpecs } from '../shared/types.js';

/** cluster_mgr's timing, as `--setting klustron-cluster-manager.<name>=<value>` sets it. */
export const KLUSTRON_SETTING_SPECS = {
  jobDurationMs: {
    description: 'How long an asynchronous job runs on the mock clock before get_status reports it done or failed (ms).',
    type: 'integer',
    default: 2000,
  },
} as const satisfies SimulatorSettingSpecs;

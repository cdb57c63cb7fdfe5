import type { SimulatorSettingSpecs } from '../shared/types.js';

/** The coordinator's timing, as `--setting alluxio-coordinator.<name>=<value>` sets it. */
export const ALLUXIO_SETTING_SPECS = {
  jobDurationMs: {
    description: 'How long a load, free or rebalance job runs on the mock clock before it finishes (ms).',
    type: 'integer',
    default: 10_000,
  },
  progressSteps: {
    description: 'How many equal steps job progress (loadedBytes, freedBytes, files) moves in over a job\'s duration.',
    type: 'integer',
    default: 10,
    minimum: 1,
  },
} as const satisfies SimulatorSettingSpecs;

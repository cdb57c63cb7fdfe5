import { FEATURES } from './features.js';
import type { State } from './state.js';

/** Named situations connector developers need to test against; see Simulator.scenarios. */
export const SCENARIOS = {
  'job-stuck-running':
    'Load, free and rebalance jobs submitted (or resumed) from now on stall half way and stay RUNNING until stopped: a client must give up polling instead of waiting forever.',
  'jobs-fail':
    'Jobs submitted (or resumed) from now on fail half way: progress shows FAILED with failedFiles and an errorMessage; resubmitting the same work resumes the job (409, same id).',
  'cache-errors':
    'Clear-stale cache commands (start and stop) reach no online worker: 200 with a non-empty `errors` map, worker address → error message.',
  'features-disabled':
    'Quota, TTL, priority eviction, the global file index, API-managed mounts and clear-stale are all off: their documented 501 (404 for the file index).',
  'static-mount-table':
    'The mount table comes from a static file: /data/ → s3://my-bucket/ is mounted, and creating or deleting mount points answers 501.',
  'coordinator-internal-errors': 'The coordinator fails every request with the documented 500 {"status": ...}.',
} as const satisfies Record<string, string>;

export type ScenarioName = keyof typeof SCENARIOS;

/** Each effect is idempotent: adapters apply a scenario again on every request that names it in a header. */
export const SCENARIO_EFFECTS: Record<ScenarioName, (state: State) => void> = {
  'job-stuck-running': (state) => {
    state.runOutcome = 'stall';
  },
  'jobs-fail': (state) => {
    state.runOutcome = 'fail';
  },
  'cache-errors': (state) => {
    state.cacheErrors = true;
  },
  'features-disabled': (state) => {
    for (const feature of FEATURES) state.features[feature] = false;
  },
  'static-mount-table': (state) => {
    state.features['mount-api'] = false;
    if (!state.mounts.get('/data/')) state.mounts.mount('/data/', 's3://my-bucket/', {});
  },
  'coordinator-internal-errors': (state) => {
    state.internalErrors = true;
  },
};

export function isScenarioName(name: string): name is ScenarioName {
  return Object.prototype.hasOwnProperty.call(SCENARIOS, name);
}

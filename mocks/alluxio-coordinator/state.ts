import { ByteBudget } from '../shared/byte-budget.js';
import type { Clock, Profile, SimRequest, SimResponse } from '../shared/types.js';
import { featureSwitches, type FeatureSwitches } from './features.js';
import type { RunOutcome } from './jobs/lifecycle.js';
import { JobStore } from './jobs/store.js';
import { MountTable } from './mounts.js';
import { PathRules } from './path-rules.js';
import { documentedNodes, type WorkerNode } from './nodes.js';

export type Priority = 'high' | 'medium' | 'low';

/** Everything the coordinator remembers; replaced wholesale by `reset()`. */
export interface State {
  jobs: JobStore;
  mounts: MountTable;
  quotas: PathRules<number>;
  ttls: PathRules<number>;
  priorities: PathRules<Priority>;
  nodes: WorkerNode[];
  /** Insertion-ordered, bounded by MAX_INDEXED_FILES. */
  fileIndex: Set<string>;
  /** Bytes of client data kept (mount points, rules, file-index entries; jobs are bounded by count). */
  budget: ByteBudget;
  features: FeatureSwitches;
  /** How runs started from now on end (scenarios `jobs-fail`, `job-stuck-running`). */
  runOutcome: RunOutcome;
  /** Scenario `cache-errors`: clear-stale commands fail on every online worker. */
  cacheErrors: boolean;
  /** Scenario `coordinator-internal-errors`: every request answers 500. */
  internalErrors: boolean;
}

export interface Settings {
  /** How long a load, free or rebalance job runs (clock time); default 10 s. */
  jobDurationMs: number;
  /** How many equal steps a job's progress moves in (loadedBytes, freedBytes, ...); default 10. */
  progressSteps: number;
  /** Jobs remembered at most (all kinds together); the oldest finished ones are evicted. */
  maxJobs: number;
  /** The features as the simulator was created (reset returns to these). */
  features: FeatureSwitches;
  nodes: WorkerNode[];
}

export interface SimContext {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly settings: Settings;
  state: State;
}

export type Handler = (req: SimRequest, ctx: SimContext) => SimResponse;

export const MAX_INDEXED_FILES = 100_000;

export function defaultSettings(overrides: Partial<Settings> = {}): Settings {
  return { jobDurationMs: 10_000, progressSteps: 10, maxJobs: 500, features: featureSwitches(), nodes: documentedNodes(), ...overrides };
}

export function freshState(settings: Settings): State {
  const budget = new ByteBudget();
  return {
    jobs: new JobStore(settings.maxJobs),
    mounts: new MountTable(budget),
    quotas: new PathRules<number>('quota', budget),
    ttls: new PathRules<number>('ttl', budget),
    priorities: new PathRules<Priority>('priority', budget),
    budget,
    nodes: settings.nodes.map((node) => ({ ...node })),
    fileIndex: new Set<string>(),
    features: { ...settings.features },
    runOutcome: 'succeed',
    cacheErrors: false,
    internalErrors: false,
  };
}

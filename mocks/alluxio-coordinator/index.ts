import { resolveSettings } from '../shared/settings.js';
import type { Clock, Profile, RequestProblem, SimRequest, SimResponse, SimulatorOptions, StatefulSimulator, UnroutedRequest } from '../shared/types.js';
import { CLUSTER_HANDLERS } from './cluster-handlers.js';
import { featureSwitches, type Feature, type FeatureSwitches } from './features.js';
import { JOB_HANDLERS } from './jobs/handlers.js';
import { MOUNT_HANDLERS } from './mount-handlers.js';
import type { WorkerNode } from './nodes.js';
import { rejectInvalid, rejectUnrouted } from './rejections.js';
import { MESSAGES, statusAnswer } from './respond.js';
import { RULE_HANDLERS } from './rule-handlers.js';
import { isScenarioName, SCENARIO_EFFECTS, SCENARIOS } from './scenarios.js';
import { ALLUXIO_SETTING_SPECS } from './settings.js';
import { exportAlluxioState, importAlluxioState, type AlluxioStateDocument } from './state-document.js';
import { defaultSettings, freshState, type Handler, type SimContext } from './state.js';

export type { Feature } from './features.js';
export { FEATURES } from './features.js';
export type { WorkerNode } from './nodes.js';
export { documentedNodes } from './nodes.js';
export { SCENARIOS, type ScenarioName as AlluxioScenarioName } from './scenarios.js';
export { ALLUXIO_SETTING_SPECS } from './settings.js';
export { alluxioExamplesState, type AlluxioStateDocument } from './state-document.js';
export type { MountPoint } from './mounts.js';

export interface AlluxioSimulatorOptions extends SimulatorOptions {
  /** How long a load, free or rebalance job runs on the clock; default 10 000 ms (also `settings.jobDurationMs`). */
  jobDurationMs?: number;
  /** Features switched off (or on); all are on by default. */
  features?: Partial<Record<Feature, boolean>>;
  /** Jobs remembered at most (all kinds); the oldest finished are evicted first. Default 500. */
  maxJobs?: number;
  /** The registered workers; default the document's two (one ONLINE, one OFFLINE). */
  nodes?: WorkerNode[];
}

export interface AlluxioSimulator extends StatefulSimulator<AlluxioStateDocument> {
  /** The current feature switches (a copy). */
  features(): FeatureSwitches;
  /** Switch a feature on or off until the next reset. */
  setFeature(feature: Feature, enabled: boolean): void;
}

const HANDLERS: Record<string, Handler> = { ...JOB_HANDLERS, ...MOUNT_HANDLERS, ...RULE_HANDLERS, ...CLUSTER_HANDLERS };

const wallClock: Clock = { now: () => Date.now() };

/**
 * The Alluxio coordinator REST API (`/api/v1/*`): load, free and rebalance jobs whose progress
 * follows the clock, the mount table, quota/TTL/priority rules that need a mounted UFS, worker
 * nodes, clear-stale cache and the global file index, each optional feature switchable off.
 *
 * Profiles: `documented` follows api-docs (pinned version, x-observed ax-versions). `observed`
 * adds what the spec's x-observed entries know: jobs submitted with `options.verify` pass through
 * VERIFYING (ax-job-states). Everything else they leave unknown for this closed-source
 * server (e.g. whether it answers 200 with `success: false` like its open-source precursor) keeps
 * the documented behaviour.
 */
export function createAlluxioSimulator(options: AlluxioSimulatorOptions = {}): AlluxioSimulator {
  const profile: Profile = options.profile ?? 'documented';
  const timing = resolveSettings('alluxio-coordinator', ALLUXIO_SETTING_SPECS, options.settings);
  const settings = defaultSettings({
    jobDurationMs: options.jobDurationMs ?? timing.jobDurationMs,
    progressSteps: timing.progressSteps,
    ...(options.maxJobs !== undefined ? { maxJobs: options.maxJobs } : {}),
    ...(options.nodes !== undefined ? { nodes: options.nodes.map((node) => ({ ...node })) } : {}),
    features: featureSwitches(options.features),
  });
  const ctx: SimContext = { profile, clock: options.clock ?? wallClock, settings, state: freshState(settings) };

  return {
    api: 'alluxio-coordinator',
    profile,
    scenarios: SCENARIOS,
    settingSpecs: ALLUXIO_SETTING_SPECS,

    handle(req: SimRequest): SimResponse {
      if (ctx.state.internalErrors) return statusAnswer(500, MESSAGES.internalError);
      const handler = HANDLERS[req.operationId];
      if (!handler) return statusAnswer(404, `No handler for operation ${req.operationId}`);
      return handler(req, ctx);
    },

    rejectInvalid(req: SimRequest, problems: RequestProblem[]): SimResponse | undefined {
      if (ctx.state.internalErrors) return statusAnswer(500, MESSAGES.internalError);
      return rejectInvalid(req, problems);
    },

    rejectUnrouted(req: UnroutedRequest): SimResponse {
      return rejectUnrouted(req);
    },

    errorResponse(status: number, message: string): SimResponse {
      return statusAnswer(status, message);
    },

    applyScenario(name: string): void {
      if (!isScenarioName(name)) {
        throw new Error(`alluxio-coordinator simulator: unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
      }
      SCENARIO_EFFECTS[name](ctx.state);
    },

    reset(): void {
      ctx.state.budget.clear();
      ctx.state = freshState(settings);
    },

    exportState: () => exportAlluxioState(ctx.state),
    importState(document: AlluxioStateDocument): void {
      const next = importAlluxioState(document, settings, ctx.state.jobs);
      ctx.state.budget.clear();
      ctx.state = next;
    },

    features: () => ({ ...ctx.state.features }),
    setFeature(feature: Feature, enabled: boolean): void {
      ctx.state.features[feature] = enabled;
    },
  };
}

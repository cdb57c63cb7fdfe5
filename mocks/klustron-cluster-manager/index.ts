import { resolveSettings } from '../shared/settings.js';
import type { Clock, Profile, RequestProblem, SimRequest, SimResponse, SimulatorOptions, StatefulSimulator, UnroutedRequest } from '../shared/types.js';
import { acceptEnvelope, failedEnvelope, syncDoneEnvelope, syncFailedCodeZeroEnvelope } from './envelope.js';
import { clusterQueryHandlers } from './handlers/cluster-queries.js';
import { clusterHandlers } from './handlers/clusters.js';
import { dataHandlers } from './handlers/data.js';
import { machineHandlers } from './handlers/machines.js';
import { raftHandlers } from './handlers/raft.js';
import { undocumentedHandlers } from './handlers/undocumented.js';
import type { AsyncJobHandler, JobHandlers, SyncJobHandler } from './handlers/types.js';
import { JobRunner } from './jobs.js';
import { JobError, KlCode, runJob, type JobOutcome } from './outcome.js';
import { parasOf } from './paras.js';
import { profileRules } from './profile.js';
import { faultResponse, rejectInvalidRequest, rejectUnroutedRequest, type UnroutedJobs } from './rejections.js';
import { applyScenarioTo, isScenarioName, SCENARIOS, seedDocumentedWorld } from './scenarios.js';
import { KLUSTRON_SETTING_SPECS } from './settings.js';
import { exportKlustronState, importKlustronState, type KlustronStateDocument } from './state-document.js';
import { freshState, type KlState } from './state.js';
import { jobStatus, type StatusQuery } from './status.js';

export { KlCode } from './outcome.js';
export { SCENARIOS as KLUSTRON_SCENARIOS, type ScenarioName as KlustronScenarioName } from './scenarios.js';
export { KLUSTRON_SETTING_SPECS } from './settings.js';
export { klustronExamplesState, type KlustronClusterDocument, type KlustronMachineDocument, type KlustronStateDocument } from './state-document.js';

export interface KlustronSimulatorOptions extends SimulatorOptions {
  /** How long an asynchronous job runs before get_status reports it done or failed; default 2000 ms (also `settings.jobDurationMs`). */
  jobDurationMs?: number;
  /** Most job records kept (the oldest finished ones are forgotten first); default 1000. */
  maxJobs?: number;
}

export interface KlustronSimulator extends StatefulSimulator<KlustronStateDocument> {
  /** Sizes of the state, to check that it stays bounded. */
  stats(): { jobs: number; machines: number; clusters: number; instances: number };
}

export const DEFAULT_JOB_DURATION_MS = 2000;
export const DEFAULT_MAX_JOBS = 1000;

const HANDLERS: JobHandlers = { ...machineHandlers, ...clusterHandlers, ...clusterQueryHandlers, ...dataHandlers, ...raftHandlers };

const wallClock: Clock = { now: () => Date.now() };

function jobTypeOf(body: unknown): string {
  const jobType = (body as { job_type?: unknown } | undefined)?.job_type;
  return typeof jobType === 'string' ? jobType : '';
}

/**
 * Klustron ClusterManager, `POST /HttpService/Emit`: machines, clusters, shards, computing and
 * storage nodes that the jobs create and change; asynchronous jobs accepted at once and finished
 * (done or failed, visible through get_status) on `options.clock`; synchronous queries answered
 * at once from the same state.
 *
 * Documented profile: the spec's reading. Observed profile: real v1.0.2 servers (the spec's
 * x-observed kl-*): text/plain answers with full CORS headers, invalid jobs accepted then failed,
 * get_status blind to a job until its record is written, memos as done attachments, empty ids and
 * "OK" in done answers, stage names for expand_cluster, `Unrecongnized job type` for the
 * documented jobs it lacks, two undocumented jobs, get_cluster_detail answering only its work mode.
 */
export function createKlustronSimulator(options: KlustronSimulatorOptions = {}): KlustronSimulator {
  const profile: Profile = options.profile ?? 'documented';
  const rules = profileRules(profile);
  const clock = options.clock ?? wallClock;
  const runner = new JobRunner({
    clock,
    durationMs: options.jobDurationMs ?? resolveSettings('klustron-cluster-manager', KLUSTRON_SETTING_SPECS, options.settings).jobDurationMs,
    maxJobs: options.maxJobs ?? DEFAULT_MAX_JOBS,
  });
  let state: KlState = freshState();
  let seeded = false;

  /** A job's paras failure under the code the profile gives that job type (kl-lost-paras). */
  function withParasCode(jobType: string, outcome: JobOutcome): JobOutcome {
    const code = rules.parasFailureCodes[jobType];
    return !outcome.ok && outcome.code === KlCode.BAD_PARAS && code !== undefined ? { ...outcome, code } : outcome;
  }

  function submit(jobType: string, run: AsyncJobHandler['run'], paras: Record<string, unknown>): SimResponse {
    const bytes = JSON.stringify(paras).length;
    const job = runner.submit(jobType, (finishAt) => withParasCode(jobType, runJob(() => run(paras, { state, now: finishAt, rules }))), bytes);
    if (!job) return rules.respond(failedEnvelope(KlCode.LIMIT_REACHED, runner.budget.refusal(bytes), false));
    return rules.respond(acceptEnvelope(job.id));
  }

  function answerSync(handler: SyncJobHandler, paras: Record<string, unknown>): SimResponse {
    try {
      return rules.respond(syncDoneEnvelope(handler.answer(paras, { state, now: clock.now(), rules })));
    } catch (error) {
      if (!(error instanceof JobError)) throw error;
      return rules.respond(rules.syncFailureCodeZero ? syncFailedCodeZeroEnvelope() : failedEnvelope(error.code, error.message, true));
    }
  }

  /** Jobs the profile accepts without a spec variant: bad raft_mission tasks (fail later), undocumented v1.0.2 jobs. */
  function unroutedJobs(jobType: string): UnroutedJobs {
    return {
      acceptFailing: (info: string) => submit(jobType, () => ({ ok: false, code: KlCode.BAD_PARAS, info }), {}),
      answerUndocumented: (undocumented: string) => {
        if (!rules.acceptsUndocumentedJobs || !Object.hasOwn(undocumentedHandlers, undocumented)) return undefined;
        const handler = undocumentedHandlers[undocumented]!;
        return handler.mode === 'async' ? submit(undocumented, handler.run, {}) : answerSync(handler, {});
      },
    };
  }

  const simulator: KlustronSimulator = {
    api: 'klustron-cluster-manager',
    profile,
    scenarios: SCENARIOS,
    settingSpecs: KLUSTRON_SETTING_SPECS,

    handle(req: SimRequest): SimResponse {
      runner.settle();
      if (req.variant === 'get_status') return rules.respond(jobStatus(runner, rules, clock.now(), req.body as StatusQuery | undefined));
      const fixed = rules.fixedAnswers[req.variant];
      if (fixed) return rules.respond(fixed);
      const handler = HANDLERS[req.variant];
      if (!handler) throw new Error(`no behaviour for variant '${req.variant}' of ${req.operationId}`);
      const jobType = jobTypeOf(req.body);
      if (rules.unknownJobTypes.has(jobType)) return rules.respond(failedEnvelope(KlCode.REQUEST, rules.unrecognizedJobType, false));
      const paras = parasOf(req.body);
      // An async job keeps a private copy: it runs long after the request object is gone or reused.
      return handler.mode === 'async' ? submit(jobType, handler.run, structuredClone(paras)) : answerSync(handler, paras);
    },

    rejectInvalid(_req: SimRequest, problems: RequestProblem[]): SimResponse | undefined {
      return rejectInvalidRequest(rules, problems);
    },

    rejectUnrouted(req: UnroutedRequest): SimResponse {
      runner.settle();
      return rejectUnroutedRequest(rules, req, unroutedJobs(jobTypeOf(req.body)));
    },

    errorResponse(status: number, message: string): SimResponse {
      return faultResponse(rules, status, message);
    },

    applyScenario(name: string): void {
      if (!isScenarioName(name)) {
        throw new Error(`unknown scenario '${name}' for klustron-cluster-manager; known: ${Object.keys(SCENARIOS).join(', ')}`);
      }
      applyScenarioTo(name, {
        state,
        fate: runner.fate,
        seedOnce() {
          if (seeded) return;
          state = freshState();
          seedDocumentedWorld(state);
          seeded = true;
        },
      });
    },

    reset(): void {
      state = freshState();
      seeded = false;
      runner.clear();
    },

    exportState() {
      // Jobs whose time has come have changed the world: the document shows it as of now.
      runner.settle();
      return exportKlustronState(state, runner.fate);
    },
    importState(document: KlustronStateDocument): void {
      const loaded = importKlustronState(document);
      state = loaded.state;
      Object.assign(runner.fate, loaded.fate);
      seeded = false;
    },

    stats() {
      return { jobs: runner.size, machines: state.machines.size, clusters: state.clusters.size, instances: state.instanceCount };
    },
  };
  return simulator;
}

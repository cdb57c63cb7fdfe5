import { failedEnvelope, memoInfoEnvelope, progressEnvelope, statusDoneEnvelope, type KlEnvelope } from './envelope.js';
import type { JobRecord, JobRunner } from './jobs.js';
import { KlCode } from './outcome.js';
import type { ProfileRules } from './profile.js';

/** The stages a running expand_cluster reports on real servers (kl-status-values), in order. */
const EXPAND_STAGES = ['not_started', 'dumped', 'transmitted', 'loaded', 'caught_up', 'renamed', 'rerouted'] as const;

function unknownJob(rules: ProfileRules, jobId: unknown): KlEnvelope {
  // Real servers say nothing (kl-unknown-job); the documented reading says what is wrong.
  const info = rules.profile === 'observed' ? '' : `job_id ${JSON.stringify(jobId ?? null)} is not a known job`;
  return failedEnvelope(KlCode.REQUEST, info, true);
}

function runningStatus(rules: ProfileRules, job: JobRecord, progress: number): string {
  return rules.expandStages && job.jobType === 'expand_cluster' ? EXPAND_STAGES[Math.floor(progress * EXPAND_STAGES.length)]! : 'ongoing';
}

/** The get_status request envelope: the job to look up, and whether it says which protocol version it speaks. */
export interface StatusQuery {
  job_id?: unknown;
  version?: unknown;
}

/** get_status: the answer for the job named by the request envelope's job_id. */
export function jobStatus(runner: JobRunner, rules: ProfileRules, now: number, query: StatusQuery | undefined): KlEnvelope {
  const jobId = query?.job_id;
  // A real server answers a request without `version` as if the job did not exist (kl-status-no-version).
  if (rules.statusNeedsVersion && query?.version === undefined) return unknownJob(rules, jobId);
  if (typeof jobId !== 'string') return unknownJob(rules, jobId);
  const view = runner.view(jobId);
  if (view.phase === 'unknown') return unknownJob(rules, jobId);
  // No record (memo) written yet: the same answer as for an unknown job (kl-unknown-job, kl-status-memo).
  if (now - view.job.acceptedAt < rules.recordDelayMs) return unknownJob(rules, jobId);
  const withMemoInfo = rules.memoInfoJobs.has(view.job.jobType);
  if (view.phase === 'running') {
    const status = runningStatus(rules, view.job, view.progress);
    return withMemoInfo ? memoInfoEnvelope(view.job, status, '') : progressEnvelope(status);
  }
  const { outcome } = view;
  if (withMemoInfo) {
    return outcome.ok ? memoInfoEnvelope(view.job, 'done', outcome.memo ?? '') : memoInfoEnvelope(view.job, 'failed', '', outcome);
  }
  if (!outcome.ok) return failedEnvelope(outcome.code, outcome.info, true);
  const attachment = rules.memoAttachments ? (outcome.memo ?? outcome.attachment) : outcome.attachment;
  return statusDoneEnvelope(rules.statusIdsEmpty ? 'OK' : outcome.info, attachment, rules.statusIdsEmpty);
}

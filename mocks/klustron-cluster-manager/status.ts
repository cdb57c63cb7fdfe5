import { failedEnvelope, progressEnvelope, statusDoneEnvelope, type KlEnvelope } from './envelope.js';
import type { JobRunner } from './jobs.js';
import { KlCode } from './outcome.js';
import type { ProfileRules } from './profile.js';

/** The stages a running expand_cluster reports on real servers (kl-status-values), in order. */
const EXPAND_STAGES = ['not_started', 'dumped', 'transmitted', 'loaded', 'caught_up', 'renamed', 'rerouted'] as const;

function unknownJob(rules: ProfileRules, jobId: unknown): KlEnvelope {
  // Real servers say nothing (kl-unknown-job); the documented reading says what is wrong.
  const info = rules.profile === 'observed' ? '' : `job_id ${JSON.stringify(jobId ?? null)} is not a known job`;
  return failedEnvelope(KlCode.REQUEST, info, true);
}

/** get_status: the answer for the job named by the request envelope's job_id. */
export function jobStatus(runner: JobRunner, rules: ProfileRules, now: number, jobId: unknown): KlEnvelope {
  if (typeof jobId !== 'string') return unknownJob(rules, jobId);
  const view = runner.view(jobId);
  if (view.phase === 'unknown') return unknownJob(rules, jobId);
  if (now - view.job.acceptedAt < rules.recordDelayMs) return unknownJob(rules, jobId);
  if (view.phase === 'running') {
    const stage =
      rules.expandStages && view.job.jobType === 'expand_cluster'
        ? EXPAND_STAGES[Math.floor(view.progress * EXPAND_STAGES.length)]!
        : 'ongoing';
    return progressEnvelope(stage);
  }
  const { outcome } = view;
  if (!outcome.ok) return failedEnvelope(outcome.code, outcome.info, true);
  return statusDoneEnvelope(rules.statusIdsEmpty ? 'OK' : outcome.info, outcome.attachment, rules.statusIdsEmpty);
}

import type { SimRequest, SimResponse } from '../../shared/types.js';
import { asBody, text } from '../request-body.js';
import { json, MESSAGES, ok, requiredParametersMissing, statusAnswer } from '../respond.js';
import type { Handler, SimContext } from '../state.js';
import { isFinal, newTiming, resumed, stopped, viewAt } from './lifecycle.js';
import { progressOf } from './progress.js';
import { rebalanceKey, workKey, type Job, type JobKind } from './store.js';
import { readSubmission } from './work.js';

/** GET: the `list` variant lists every job of the kind; `get` looks one up by id, `get_by_target` by target. */
function queryJobs(kind: JobKind, req: SimRequest, ctx: SimContext): SimResponse {
  const now = ctx.clock.now();
  const { jobs } = ctx.state;
  if (req.variant === 'list') return json(200, { results: jobs.list(kind).map((job) => progressOf(job, now, ctx.settings.progressSteps)) });
  const target = req.query.target;
  const job = req.variant === 'get_by_target' && target !== undefined ? jobs.latest(rebalanceKey(target)) : jobs.get(kind, req.query.id ?? '');
  if (!job) return statusAnswer(404, `No job found for ${req.variant === 'get_by_target' ? `target: ${target}` : `id: ${req.query.id}`}`);
  return json(200, progressOf(job, now, ctx.settings.progressSteps));
}

/**
 * POST: a new job (200 + id). The same work as a job that has not succeeded resumes that job and
 * answers 409 with its id (the pinned document version, x-observed ax-versions); a succeeded
 * job's work submitted again is a new job.
 */
function submitJob(kind: JobKind, req: SimRequest, ctx: SimContext): SimResponse {
  const submission = readSubmission(kind, req.body, ctx);
  if ('refused' in submission) return submission.refused;
  const now = ctx.clock.now();
  const { jobs, runOutcome } = ctx.state;
  const previous = jobs.latest(workKey(submission.work));
  if (previous) {
    const state = viewAt(previous.timing, now).state;
    if (state !== 'SUCCEEDED') {
      if (state === 'STOPPED' || state === 'FAILED') jobs.update(previous.id, resumed(previous.timing, now, runOutcome));
      return json(409, { id: previous.id });
    }
  }
  const durationMs = submission.sync ? 0 : ctx.settings.jobDurationMs;
  // VERIFYING exists only in the observed profile (ax-job-states); the document never names it.
  const verifyStage = submission.verify && ctx.profile === 'observed';
  const job: Job = { id: jobs.nextId(), work: submission.work, timing: newTiming(now, durationMs, runOutcome, verifyStage) };
  if (!jobs.add(job, now)) return statusAnswer(500, MESSAGES.tooManyJobs);
  return json(200, { id: job.id });
}

/** DELETE: stops a running job named by `id` (or, for rebalance, by `target`); 410 when none is running. */
function stopJob(kind: JobKind, req: SimRequest, ctx: SimContext): SimResponse {
  const body = asBody(req.body);
  const id = text(body, 'id');
  const target = kind === 'rebalance' ? text(body, 'target') : undefined;
  if ((id === undefined) === (target === undefined)) {
    return id === undefined ? requiredParametersMissing() : statusAnswer(400, 'At most one of id and target may be given');
  }
  const { jobs } = ctx.state;
  const job = id !== undefined ? jobs.get(kind, id) : jobs.latest(rebalanceKey(target ?? ''));
  const now = ctx.clock.now();
  if (!job || isFinal(viewAt(job.timing, now).state)) return statusAnswer(410, MESSAGES.jobGone);
  jobs.update(job.id, stopped(job.timing, now));
  return ok();
}

export const JOB_HANDLERS: Record<string, Handler> = {
  query_load_jobs: (req, ctx) => queryJobs('load', req, ctx),
  submit_load_job: (req, ctx) => submitJob('load', req, ctx),
  stop_load_job: (req, ctx) => stopJob('load', req, ctx),
  query_free_jobs: (req, ctx) => queryJobs('free', req, ctx),
  submit_free_job: (req, ctx) => submitJob('free', req, ctx),
  stop_free_job: (req, ctx) => stopJob('free', req, ctx),
  query_rebalance_jobs: (req, ctx) => queryJobs('rebalance', req, ctx),
  submit_rebalance_job: (req, ctx) => submitJob('rebalance', req, ctx),
  stop_rebalance_job: (req, ctx) => stopJob('rebalance', req, ctx),
};

import type { Attachment, JobOutcome } from '../outcome.js';
import type { Paras } from '../paras.js';
import type { ProfileRules } from '../profile.js';
import type { KlState } from '../state.js';

/**
 * What job code sees: the state, the time the job runs at (for async jobs, when it finishes) and
 * the profile's rules (what the job checks).
 */
export interface JobContext {
  state: KlState;
  now: number;
  rules: ProfileRules;
}

/** An asynchronous job: accepted at once, `run` when its time comes; throws JobError to fail. */
export interface AsyncJobHandler {
  mode: 'async';
  run(paras: Paras, context: JobContext): JobOutcome;
}

/** A synchronous query: answers its attachment at once; throws JobError to fail. */
export interface SyncJobHandler {
  mode: 'sync';
  answer(paras: Paras, context: JobContext): Attachment;
}

export type JobHandler = AsyncJobHandler | SyncJobHandler;

/** Handlers by x-variants name (the spec's variant names). */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

import { ByteBudget } from '../shared/byte-budget.js';
import type { Clock } from '../shared/types.js';
import { KlCode, runJob, type JobOutcome } from './outcome.js';

/**
 * Asynchronous jobs on a clock. A job accepted at time t runs its effect when the clock passes
 * t + duration: lazily, at the first request after that moment, in the order the jobs finish, so
 * a client sees exactly what it would had the job run on time (nobody looks in between).
 */
export interface JobRecord {
  id: string;
  jobType: string;
  acceptedAt: number;
  finishAt: number;
  /** The job's effect, run once at `finishAt` (its argument): changes the state and says how it went. */
  run: (finishAt: number) => JobOutcome;
  outcome?: JobOutcome;
  /** `jobs-stuck`: never finishes. */
  stuck: boolean;
}

export type JobView =
  | { phase: 'unknown' }
  | { phase: 'running'; job: JobRecord; progress: number }
  | { phase: 'finished'; job: JobRecord; outcome: JobOutcome };

export interface JobRunnerOptions {
  clock: Clock;
  durationMs: number;
  /** Most job records kept; the oldest finished ones are forgotten first. */
  maxJobs: number;
}

/** How the next submitted jobs end, set by scenarios. */
export interface JobFate {
  failAll: boolean;
  failNext: boolean;
  stuck: boolean;
}

export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();
  /** Jobs without an outcome yet, so that settling does not scan finished ones. */
  private readonly pending = new Set<JobRecord>();
  private nextId = 1;
  readonly fate: JobFate = { failAll: false, failNext: false, stuck: false };
  /** Jobs keep their paras until they are forgotten: charged in bytes, so 8 MB paras cannot exhaust the heap. */
  readonly budget = new ByteBudget();

  constructor(private readonly options: JobRunnerOptions) {}

  get size(): number {
    return this.jobs.size;
  }

  /**
   * Accepts a job whose paras take `bytes`; older records are forgotten (as the count bound does)
   * until it fits, and undefined means it cannot fit at all.
   */
  submit(jobType: string, run: (finishAt: number) => JobOutcome, bytes = 0): JobRecord | undefined {
    while (!this.budget.fits(bytes) && this.evictOne()) {
      // forgetting the oldest records until the new one fits
    }
    if (!this.budget.fits(bytes)) return undefined;
    const now = this.options.clock.now();
    const forcedFailure = this.fate.failAll || this.fate.failNext;
    this.fate.failNext = false;
    const job: JobRecord = {
      id: String(this.nextId++),
      jobType,
      acceptedAt: now,
      finishAt: now + this.options.durationMs,
      run: forcedFailure ? () => ({ ok: false, code: KlCode.INJECTED, info: `${jobType} failed (injected by scenario)` }) : run,
      stuck: this.fate.stuck,
    };
    this.jobs.set(job.id, job);
    this.pending.add(job);
    this.budget.charge(job.id, bytes);
    while (this.jobs.size > this.options.maxJobs && this.evictOne()) {
      // the count bound
    }
    return job;
  }

  /** Runs every job whose time has come, earliest first (ties in submission order). */
  settle(): void {
    const now = this.options.clock.now();
    if (this.pending.size === 0) return;
    const due = [...this.pending].filter((job) => !job.stuck && job.finishAt <= now);
    due.sort((a, b) => a.finishAt - b.finishAt || Number(a.id) - Number(b.id));
    for (const job of due) {
      job.outcome = runJob(() => job.run(job.finishAt));
      this.pending.delete(job);
    }
  }

  view(id: string): JobView {
    this.settle();
    const job = this.jobs.get(id);
    if (!job) return { phase: 'unknown' };
    if (job.outcome) return { phase: 'finished', job, outcome: job.outcome };
    const elapsed = this.options.clock.now() - job.acceptedAt;
    const progress = this.options.durationMs > 0 ? Math.min(elapsed / this.options.durationMs, 0.999) : 0;
    return { phase: 'running', job, progress };
  }

  clear(): void {
    this.jobs.clear();
    this.pending.clear();
    this.budget.clear();
    this.nextId = 1;
    Object.assign(this.fate, { failAll: false, failNext: false, stuck: false });
  }

  /**
   * Forgets one record: the oldest finished; when every job is still running, the oldest one (its
   * effect is then lost, as when a real cluster_mgr restarts mid-job). False when there is none.
   */
  private evictOne(): boolean {
    let victim: string | undefined;
    for (const [id, job] of this.jobs) {
      if (job.outcome) {
        victim = id;
        break;
      }
    }
    victim ??= this.jobs.keys().next().value;
    if (victim === undefined) return false;
    this.pending.delete(this.jobs.get(victim)!);
    this.jobs.delete(victim);
    this.budget.release(victim);
    return true;
  }
}

import { isFinal, viewAt, type JobTiming } from './lifecycle.js';

export type JobKind = 'load' | 'free' | 'rebalance';

/** What a job works on, as submitted. Load and free jobs name UFS paths or an index file. */
export type JobWork =
  | { kind: 'load'; paths: string[]; index?: string; files: number; skipIfExists: boolean; verify: boolean }
  | { kind: 'free'; paths: string[]; index?: string; files: number }
  | { kind: 'rebalance'; target: string; workers: number; skipPrune: boolean };

export interface Job {
  id: string;
  work: JobWork;
  timing: JobTiming;
}

/**
 * The identity of a job's work: resubmitting the same paths (or index file, or rebalance target)
 * resumes the job instead of starting another (the document's 409).
 */
export function workKey(work: JobWork): string {
  if (work.kind === 'rebalance') return rebalanceKey(work.target);
  // The set of paths, JSON-encoded: joining with a separator made ["a\nb"] equal ["a", "b"], and a
  // repeated path made a different job.
  const what = work.index !== undefined ? `index:${work.index}` : `paths:${JSON.stringify([...new Set(work.paths)].sort())}`;
  return `${work.kind}:${what}`;
}

export function rebalanceKey(target: string): string {
  return `rebalance:${target}`;
}

/**
 * Jobs of every kind, in submission order, bounded: when full, the oldest finished job is evicted
 * (as a coordinator forgets old jobs); when every job is still running, a new one is refused.
 */
export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly latestByKey = new Map<string, string>();
  private issued = 0;

  constructor(private readonly capacity: number) {}

  /** Ids look like the document's UUIDs and are deterministic, so tests can be reproduced. */
  nextId(): string {
    this.issued += 1;
    const serial = this.issued.toString(16).padStart(12, '0');
    return `a1100000-0000-4000-8000-${serial}`;
  }

  get(kind: JobKind, id: string): Job | undefined {
    const job = this.jobs.get(id);
    return job?.work.kind === kind ? job : undefined;
  }

  /** The most recent job with the given work key (see workKey), if it is still remembered. */
  latest(key: string): Job | undefined {
    const id = this.latestByKey.get(key);
    return id === undefined ? undefined : this.jobs.get(id);
  }

  list(kind: JobKind): Job[] {
    return [...this.jobs.values()].filter((job) => job.work.kind === kind);
  }

  /** Adds a job; false when the store is full of unfinished jobs. */
  add(job: Job, now: number): boolean {
    if (this.jobs.size >= this.capacity && !this.evictOldestFinished(now)) return false;
    this.jobs.set(job.id, job);
    this.latestByKey.set(workKey(job.work), job.id);
    return true;
  }

  update(id: string, timing: JobTiming): void {
    const job = this.jobs.get(id);
    if (job) job.timing = timing;
  }

  private evictOldestFinished(now: number): boolean {
    for (const job of this.jobs.values()) {
      if (!isFinal(viewAt(job.timing, now).state)) continue;
      this.jobs.delete(job.id);
      const key = workKey(job.work);
      if (this.latestByKey.get(key) === job.id) this.latestByKey.delete(key);
      return true;
    }
    return false;
  }
}

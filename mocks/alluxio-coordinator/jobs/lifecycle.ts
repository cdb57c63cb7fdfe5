/**
 * The lifecycle of a load, free or rebalance job as a pure function of the clock: a job records
 * when its current run started and how much work earlier runs did; its state and progress at any
 * instant are derived from that, so advancing the clock is all it takes to move jobs along.
 *
 * RUNNING → SUCCEEDED, or → FAILED (half way, in the `jobs-fail` scenario), or stays RUNNING
 * (stalled half way, `job-stuck-running`); a stop makes it STOPPED; resubmitting the same work
 * resumes a STOPPED or FAILED job from where it was. With `verifyStage`, a finished run spends a
 * tenth of the job's duration in VERIFYING before SUCCEEDED (observed profile, ax-job-states).
 */
export type JobState = 'RUNNING' | 'VERIFYING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED';

/** How a run ends, chosen when the run starts (from the active scenario). */
export type RunOutcome = 'succeed' | 'fail' | 'stall';

export interface JobTiming {
  /** When the job was first submitted (clock ms). */
  submittedAt: number;
  /** Wall time a whole job takes; 0 for `sync` jobs, which finish before the answer. */
  durationMs: number;
  verifyStage: boolean;
  outcome: RunOutcome;
  /** Share of the work done before the current run (0..1). */
  doneBefore: number;
  /** Time spent running before the current run. */
  elapsedBefore: number;
  /** Start of the current run; undefined while STOPPED. */
  runStartedAt: number | undefined;
}

export interface JobView {
  state: JobState;
  /** Share of the work done (0..1). */
  done: number;
  /** Time spent running, stopping at the moment the job finished. */
  elapsedMs: number;
}

/** Where a failing run fails and a stalled run stalls. */
const HALF_WAY = 0.5;
const VERIFY_SHARE = 0.1;

export function newTiming(now: number, durationMs: number, outcome: RunOutcome, verifyStage: boolean): JobTiming {
  return { submittedAt: now, durationMs, verifyStage, outcome, doneBefore: 0, elapsedBefore: 0, runStartedAt: now };
}

export function isFinal(state: JobState): boolean {
  return state === 'STOPPED' || state === 'SUCCEEDED' || state === 'FAILED';
}

export function viewAt(timing: JobTiming, now: number): JobView {
  const { runStartedAt, doneBefore, elapsedBefore, durationMs } = timing;
  if (runStartedAt === undefined) return { state: 'STOPPED', done: doneBefore, elapsedMs: elapsedBefore };
  const ran = Math.max(0, now - runStartedAt);
  // Time this run needs to reach a share of the work; a zero-duration (sync) job needs none.
  const timeTo = (share: number) => Math.max(0, share - doneBefore) * durationMs;
  const doneAfter = (ms: number) => (durationMs === 0 ? 1 : Math.min(1, doneBefore + ms / durationMs));

  if (timing.outcome === 'stall') {
    return { state: 'RUNNING', done: Math.max(doneBefore, Math.min(HALF_WAY, doneAfter(ran))), elapsedMs: elapsedBefore + ran };
  }
  if (timing.outcome === 'fail') {
    const failsAfter = timeTo(HALF_WAY);
    return ran < failsAfter
      ? { state: 'RUNNING', done: doneAfter(ran), elapsedMs: elapsedBefore + ran }
      : { state: 'FAILED', done: Math.max(doneBefore, HALF_WAY), elapsedMs: elapsedBefore + failsAfter };
  }
  const loadedAfter = timeTo(1);
  if (ran < loadedAfter) return { state: 'RUNNING', done: doneAfter(ran), elapsedMs: elapsedBefore + ran };
  const verifiedAfter = loadedAfter + (timing.verifyStage ? durationMs * VERIFY_SHARE : 0);
  if (ran < verifiedAfter) return { state: 'VERIFYING', done: 1, elapsedMs: elapsedBefore + ran };
  return { state: 'SUCCEEDED', done: 1, elapsedMs: elapsedBefore + verifiedAfter };
}

/** Stops a running job at `now` (the caller checks that it is running). */
export function stopped(timing: JobTiming, now: number): JobTiming {
  const view = viewAt(timing, now);
  return { ...timing, doneBefore: view.done, elapsedBefore: view.elapsedMs, runStartedAt: undefined };
}

/** Starts a new run of a STOPPED or FAILED job, from the work it had done. */
export function resumed(timing: JobTiming, now: number, outcome: RunOutcome): JobTiming {
  const view = viewAt(timing, now);
  return { ...timing, outcome, doneBefore: view.done, elapsedBefore: view.elapsedMs, runStartedAt: now };
}

import { viewAt, type JobView } from './lifecycle.js';
import type { Job, JobWork } from './store.js';

/** Each simulated file is 10 MiB, like the single file of the document's load and free samples. */
export const FILE_BYTES = 10 * 1024 * 1024;

/** Per-worker amounts of a rebalance, half the totals of the document's two-worker sample. */
const REBALANCE_PER_WORKER = { filesPruned: 2.5, bytesPruned: 113, filesPreserved: 0.5, bytesPreserved: 2 };

const FAILURE_MESSAGE = 'simulated failure: the UFS did not answer';

type LoadWork = Extract<JobWork, { kind: 'load' }>;
type FreeWork = Extract<JobWork, { kind: 'free' }>;
type RebalanceWork = Extract<JobWork, { kind: 'rebalance' }>;

/**
 * The progress answer of a job at `now` (spec AxLoadJobProgress / AxFreeJobProgress / AxRebalanceJobProgress).
 * While a job runs, the work done moves in `steps` equal steps (default 10: every tenth of the
 * job's duration), so a client's progress display sees loadedBytes grow instead of jumping from
 * 0 to 100 %.
 */
export function progressOf(job: Job, now: number, steps = DEFAULT_PROGRESS_STEPS): Record<string, unknown> {
  const exact = viewAt(job.timing, now);
  // Only a running job ticks; a stopped or failed one shows exactly the work it did.
  const view = exact.state === 'RUNNING' ? { ...exact, done: Math.floor(exact.done * steps) / steps } : exact;
  switch (job.work.kind) {
    case 'load':
      return loadProgress(job, job.work, view);
    case 'free':
      return freeProgress(job, job.work, view);
    case 'rebalance':
      return rebalanceProgress(job, job.work, view);
  }
}

/**
 * The fields every progress answer starts with. Each answer is then written as one object literal
 * with these first (not merged with spread or Object.assign): progress is what a polling client
 * asks for most, and V8 builds and serialises a literal of known shape several times faster.
 */
function head(job: Job, view: JobView) {
  return { id: job.id, startTime: isoTime(job.timing.submittedAt), state: view.state, timeElapsedMilliseconds: Math.round(view.elapsedMs) };
}

/** A job's submit time never changes: its ISO form is made once per distinct instant. */
let lastIso: { at: number; text: string } = { at: Number.NaN, text: '' };
function isoTime(at: number): string {
  if (lastIso.at !== at) lastIso = { at, text: new Date(at).toISOString() };
  return lastIso.text;
}

export const DEFAULT_PROGRESS_STEPS = 10;

/** Files done so far, and the ones a failed job gave up on. */
function fileCounts(files: number, view: JobView): { done: number; failed: number } {
  const done = Math.floor(files * view.done);
  return { done, failed: view.state === 'FAILED' ? files - done : 0 };
}

function errorMessages(work: LoadWork | FreeWork, view: JobView): Record<string, string> {
  if (view.state !== 'FAILED') return {};
  const failedOn = work.index ?? work.paths[work.paths.length - 1] ?? '';
  return { [failedOn]: FAILURE_MESSAGE };
}

function loadProgress(job: Job, work: LoadWork, view: JobView): Record<string, unknown> {
  const { done, failed } = fileCounts(work.files, view);
  const totalBytes = work.files * FILE_BYTES;
  // Bytes follow the work done, not whole files: a one-file job still shows its bytes arriving.
  const bytes = Math.floor(totalBytes * view.done);
  const { id, startTime, state, timeElapsedMilliseconds } = head(job, view);
  return {
    id,
    startTime,
    state,
    timeElapsedMilliseconds,
    runningState: '',
    errorMessage: errorMessages(work, view),
    failedFileListPath: '',
    paths: work.paths,
    index: work.index ?? '',
    skipIfExists: work.skipIfExists,
    loadMetadataOnly: false,
    verify: work.verify,
    bandwidth: 0,
    loadedBytes: bytes,
    skippedBytes: 0,
    totalBytes,
    loadedNonEmptyFiles: done,
    failedFiles: failed,
    scannedFiles: work.files,
    quota: { totalBytes: 0, remaining: 0 },
    quotaCheckError: '',
  };
}

function freeProgress(job: Job, work: FreeWork, view: JobView): Record<string, unknown> {
  const { done, failed } = fileCounts(work.files, view);
  const { id, startTime, state, timeElapsedMilliseconds } = head(job, view);
  return {
    id,
    startTime,
    state,
    timeElapsedMilliseconds,
    errorMessage: errorMessages(work, view),
    paths: work.paths,
    freedBytes: Math.floor(work.files * FILE_BYTES * view.done),
    failedBytes: failed * FILE_BYTES,
    totalBytes: work.files * FILE_BYTES,
    freedFiles: done,
    failedFiles: failed,
    totalFiles: work.files,
  };
}

function rebalanceProgress(job: Job, work: RebalanceWork, view: JobView): Record<string, unknown> {
  const amount = (perWorker: number) => Math.floor(perWorker * work.workers * view.done);
  const pruned = (perWorker: number) => (work.skipPrune ? 0 : amount(perWorker));
  const running = view.state === 'RUNNING' || view.state === 'VERIFYING';
  const { id, startTime, state, timeElapsedMilliseconds } = head(job, view);
  return {
    id,
    startTime,
    state,
    timeElapsedMilliseconds,
    totalWorkers: work.workers,
    runningWorkers: running ? work.workers : 0,
    succeededWorkers: view.state === 'SUCCEEDED' ? work.workers : 0,
    failedWorkers: view.state === 'FAILED' ? work.workers : 0,
    filesLoaded: 0,
    bytesLoaded: 0,
    filesPreserved: amount(REBALANCE_PER_WORKER.filesPreserved),
    bytesPreserved: amount(REBALANCE_PER_WORKER.bytesPreserved),
    filesPruned: pruned(REBALANCE_PER_WORKER.filesPruned),
    bytesPruned: pruned(REBALANCE_PER_WORKER.bytesPruned),
    filesFailed: 0,
  };
}

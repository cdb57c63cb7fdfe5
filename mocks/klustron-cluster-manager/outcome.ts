/**
 * Klustron error codes and the result of running a job.
 *
 * The document gives no error codes beyond "0"; real servers answer "70001" for rejected requests
 * and unknown job ids (kl-reject, kl-unknown-job) and job-specific "700xx" codes for failed jobs
 * (kl-async-accept cites "70070"). The other codes below are this simulator's own choices, one per
 * kind of failure, so that clients can tell failures apart.
 */
export const KlCode = {
  OK: '0',
  /** Malformed request, unknown job type, unknown job id. */
  REQUEST: '70001',
  /** paras missing or invalid (the observed profile accepts such jobs and fails them later). */
  BAD_PARAS: '70002',
  MACHINE_EXISTS: '70040',
  MACHINE_NOT_FOUND: '70041',
  MACHINE_IN_USE: '70042',
  NO_USABLE_MACHINE: '70043',
  CLUSTER_NOT_FOUND: '70070',
  /** create_cluster with missing or wrong paras on v1.0.2 (kl-lost-paras): the same number. */
  CLUSTER_PARAS: '70070',
  SHARD_NOT_FOUND: '70071',
  COMP_NOT_FOUND: '70072',
  NODE_NOT_FOUND: '70073',
  INSTANCE_NOT_FOUND: '70074',
  LIMIT_REACHED: '70075',
  RAFT_PEER: '70090',
  /** A failure forced by the `jobs-fail` / `next-job-fails` scenarios. */
  INJECTED: '70099',
} as const;
export type KlCode = (typeof KlCode)[keyof typeof KlCode];
export type KlErrorCode = Exclude<KlCode, '0'>;

/** The attachment of a successful job or sync query. */
export type Attachment = Record<string, unknown>;

/**
 * `attachment` is the result the documents show; `memo` is the job record a real server keeps
 * and answers instead, where it keeps one (kl-status-memo, kl-status-expand).
 */
export type JobOutcome =
  | { ok: true; info: string; attachment: Attachment; memo?: Attachment }
  | { ok: false; code: KlErrorCode; info: string };

export function succeeded(info: string, attachment: Attachment = {}, memo?: Attachment): JobOutcome {
  return memo === undefined ? { ok: true, info, attachment } : { ok: true, info, attachment, memo };
}

/**
 * Thrown by job code when a job cannot run (unknown cluster, bad paras, ...). Job code validates
 * everything before it changes state, so a JobError never leaves a half-done change behind.
 */
export class JobError extends Error {
  constructor(
    readonly code: KlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JobError';
  }
}

/** Runs job code, turning a JobError into a failed outcome; other errors are simulator bugs and propagate. */
export function runJob(run: () => JobOutcome): JobOutcome {
  try {
    return run();
  } catch (error) {
    if (error instanceof JobError) return { ok: false, code: error.code, info: error.message };
    throw error;
  }
}

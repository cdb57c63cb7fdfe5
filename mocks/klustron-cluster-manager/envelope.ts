import type { Attachment, KlErrorCode } from './outcome.js';

/**
 * Klustron's answer envelopes (spec components KlAccept, KlDone, KlJobProgress, KlFailed):
 * `{version, error_code, error_info, status, job_id[, job_type], attachment}`, error_code a string.
 */
export interface KlEnvelope {
  version: '1.0';
  error_code: string;
  error_info: string;
  status: 'accept' | 'done' | 'ongoing' | 'failed' | string;
  job_id?: string;
  job_type?: string;
  attachment: Attachment | null;
}

const VERSION = '1.0';

/**
 * The envelope with every object's keys in alphabetical order, at every depth: what the server's
 * JSON writer produces (kl-key-order) and what the document's answer samples show.
 */
export function alphabetical(envelope: KlEnvelope): KlEnvelope {
  return sortKeys(envelope) as KlEnvelope;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  // Most attachments are written in order already: sorting is only paid for when needed.
  if (!inOrder(keys)) keys.sort();
  const sorted: Record<string, unknown> = {};
  for (const key of keys) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

function inOrder(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/** An asynchronous job was accepted; poll get_status with job_id. */
export function acceptEnvelope(jobId: string): KlEnvelope {
  return { version: VERSION, error_code: '0', error_info: '', status: 'accept', job_id: jobId, attachment: null };
}

/**
 * A sync query whose handler failed, on real servers: error_code "0" and error_info "OK" beside
 * status failed (kl-sync-false).
 */
export function syncFailedCodeZeroEnvelope(): KlEnvelope {
  return { version: VERSION, error_code: '0', error_info: 'OK', status: 'failed', job_id: '', job_type: '', attachment: null };
}

/**
 * get_status of expand_cluster and cluster_restore on real servers: the job's id and type filled
 * in, the memo under `memo_info` ("" while there is none) and error_code "70001" even when done
 * (kl-status-expand).
 */
export function memoInfoEnvelope(job: { id: string; jobType: string }, status: string, memoInfo: Attachment | '', failure?: { code: KlErrorCode; info: string }): KlEnvelope {
  return {
    version: VERSION,
    error_code: failure?.code ?? '70001',
    error_info: failure?.info ?? 'OK',
    status,
    job_id: job.id,
    job_type: job.jobType,
    attachment: { memo_info: memoInfo },
  };
}

/** A synchronous query's answer, as the document's samples show it (empty job_id and job_type). */
export function syncDoneEnvelope(attachment: Attachment): KlEnvelope {
  return { version: VERSION, error_code: '0', error_info: '', status: 'done', job_id: '', job_type: '', attachment };
}

/** get_status of a finished job; `withIds` adds the empty job_id/job_type real servers send (kl-status-ids-empty). */
export function statusDoneEnvelope(info: string, attachment: Attachment, withIds: boolean): KlEnvelope {
  const body: KlEnvelope = { version: VERSION, error_code: '0', error_info: info, status: 'done', attachment };
  return withIds ? { ...body, job_id: '', job_type: '' } : body;
}

/** get_status of a running job: `ongoing`, or a stage name (expand_cluster, kl-status-values). */
export function progressEnvelope(status: string): KlEnvelope {
  return { version: VERSION, error_code: '0', error_info: '', status, job_id: '', job_type: '', attachment: null };
}

/**
 * A failure. Early rejections (bad JSON, unknown job_type) carry no job_id/job_type keys
 * (kl-envelope); failed jobs and failed queries carry them empty.
 */
export function failedEnvelope(code: KlErrorCode, info: string, withIds: boolean): KlEnvelope {
  const body: KlEnvelope = { version: VERSION, error_code: code, error_info: info, status: 'failed', attachment: null };
  return withIds ? { ...body, job_id: '', job_type: '' } : body;
}

import type { Profile, SimResponse } from '../shared/types.js';
import { alphabetical, type KlEnvelope } from './envelope.js';
import { KlCode, type KlErrorCode } from './outcome.js';

/**
 * What differs between the documented reading and real v1.0.2 servers (the spec's x-observed kl-*).
 */
export interface ProfileRules {
  readonly profile: Profile;
  /** Documented job types the server answers with the unrecognized-job-type failure (kl-job-types). */
  readonly unknownJobTypes: ReadonlySet<string>;
  /** The undocumented jobs of handlers/undocumented.ts are accepted (kl-job-types, kl-job-types-more). */
  readonly acceptsUndocumentedJobs: boolean;
  readonly unrecognizedJobType: string;
  /** Invalid requests are accepted and fail later in get_status (kl-async-accept, kl-lost-paras). */
  readonly acceptsInvalid: boolean;
  /** The code a job's paras failure gets, by job type (kl-lost-paras); the rest keep KlCode.BAD_PARAS. */
  readonly parasFailureCodes: Readonly<Record<string, KlErrorCode>>;
  /** create_cluster checks only its core paras; the others take defaults (kl-paras-core). */
  readonly coreParasOnly: boolean;
  /**
   * For this long after accept, get_status answers as for an unknown job: the job's record (its
   * memo) is not written yet (kl-unknown-job, kl-status-memo). Clients must keep polling.
   */
  readonly recordDelayMs: number;
  /** get_status without `version` gets the unknown-job answer (kl-status-no-version). */
  readonly statusNeedsVersion: boolean;
  /** Done answers carry job_id "", job_type "" and error_info "OK" (kl-status-ids-empty). */
  readonly statusIdsEmpty: boolean;
  /** A done job's attachment is its memo where it keeps one (kl-status-memo). */
  readonly memoAttachments: boolean;
  /** Jobs whose get_status answers `{memo_info}` with their ids filled in and error_code "70001" (kl-status-expand). */
  readonly memoInfoJobs: ReadonlySet<string>;
  /** Running expand_cluster jobs report stage names instead of `ongoing` (kl-status-values). */
  readonly expandStages: boolean;
  /** A sync query that fails answers error_code "0", error_info "OK", status failed (kl-sync-false). */
  readonly syncFailureCodeZero: boolean;
  /** Sync queries answered the same way whatever they ask, by variant (kl-cluster-detail). */
  readonly fixedAnswers: Readonly<Record<string, KlEnvelope>>;
  /** The malformed-JSON error_info ends with `, JSON string: <the raw body>` (kl-parse-error-echo). */
  readonly parseErrorEchoesBody: boolean;
  /** The HTTP response carrying an envelope, its keys in alphabetical order (kl-key-order). */
  respond(envelope: KlEnvelope, httpStatus?: number): SimResponse;
  /** A plain-text answer outside the envelope (the RPC framework's 404). */
  respondText(httpStatus: number, text: string): SimResponse;
}

/** kl-always-200, kl-cors-full: text/plain with open CORS headers, whatever the answer. */
const OBSERVED_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/plain',
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-allow-credentials': 'true',
  'access-control-max-age': '3600',
};

const DOCUMENTED: ProfileRules = {
  profile: 'documented',
  unknownJobTypes: new Set(),
  acceptsUndocumentedJobs: false,
  unrecognizedJobType: 'Unrecognized job type',
  acceptsInvalid: false,
  parasFailureCodes: {},
  coreParasOnly: false,
  recordDelayMs: 0,
  statusNeedsVersion: false,
  statusIdsEmpty: false,
  memoAttachments: false,
  memoInfoJobs: new Set(),
  expandStages: false,
  syncFailureCodeZero: false,
  fixedAnswers: {},
  parseErrorEchoesBody: false,
  // The document's answer samples list their keys alphabetically (x-doc-quirks kl-doc-key-order).
  respond: (envelope, httpStatus = 200) => ({ status: httpStatus, headers: { 'content-type': 'application/json' }, body: alphabetical(envelope) }),
  respondText: (httpStatus, text) => ({ status: httpStatus, headers: { 'content-type': 'text/plain' }, body: text }),
};

/** get_cluster_detail on v1.0.2: the community edition says only that (kl-cluster-detail). */
const WORK_MODE_ANSWER: KlEnvelope = {
  attachment: { work_mode: 'community' },
  error_code: KlCode.REQUEST,
  error_info: '',
  job_id: '',
  job_type: '',
  status: 'failed',
  version: '1.0',
};

const OBSERVED: ProfileRules = {
  profile: 'observed',
  unknownJobTypes: new Set([
    // Documented, rejected by v1.0.2.
    'set_machine',
    'get_machine_summary',
    'get_cluster_summary',
    // Documented, only in newer (closed) releases.
    'update_instance_cgroup',
    'repartition_tables',
    'logical_backup',
    'logical_restore',
  ]),
  acceptsUndocumentedJobs: true,
  unrecognizedJobType: 'Unrecongnized job type', // sic, as the server spells it
  acceptsInvalid: true,
  parasFailureCodes: { create_cluster: KlCode.CLUSTER_PARAS },
  coreParasOnly: true,
  recordDelayMs: 100,
  statusNeedsVersion: true,
  statusIdsEmpty: true,
  memoAttachments: true,
  memoInfoJobs: new Set(['expand_cluster', 'cluster_restore']),
  expandStages: true,
  syncFailureCodeZero: true,
  fixedAnswers: { get_cluster_detail: WORK_MODE_ANSWER },
  parseErrorEchoesBody: true,
  // The body is sent as the JSON text the server writes, under its text/plain content type. Only
  // injected faults pass a status other than 200 (kl-always-200).
  respond: (envelope, httpStatus = 200) => ({ status: httpStatus, headers: { ...OBSERVED_HEADERS }, body: JSON.stringify(alphabetical(envelope)) }),
  respondText: (httpStatus, text) => ({ status: httpStatus, headers: { 'content-type': 'text/plain' }, body: text }),
};

export function profileRules(profile: Profile): ProfileRules {
  return profile === 'observed' ? OBSERVED : DOCUMENTED;
}

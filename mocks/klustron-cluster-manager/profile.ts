import type { Profile, SimResponse } from '../shared/types.js';
import type { KlEnvelope } from './envelope.js';

/**
 * What differs between the documented reading and real v1.0.2 servers (observed-behavior.md kl-*).
 */
export interface ProfileRules {
  readonly profile: Profile;
  /** Documented job types the server answers with the unrecognized-job-type failure (kl-job-types). */
  readonly unknownJobTypes: ReadonlySet<string>;
  readonly unrecognizedJobType: string;
  /** Invalid requests are accepted and fail later in get_status (kl-async-accept). */
  readonly acceptsInvalid: boolean;
  /**
   * For this long after accept, get_status answers as for an unknown job: the job's record is not
   * written yet (kl-unknown-job). Clients must keep polling.
   */
  readonly recordDelayMs: number;
  /** Done answers carry job_id "", job_type "" and error_info "OK" (kl-status-ids-empty). */
  readonly statusIdsEmpty: boolean;
  /** Running expand_cluster jobs report stage names instead of `ongoing` (kl-status-values). */
  readonly expandStages: boolean;
  /** The HTTP response carrying an envelope. */
  respond(envelope: KlEnvelope, httpStatus?: number): SimResponse;
  /** A plain-text answer outside the envelope (the RPC framework's 404). */
  respondText(httpStatus: number, text: string): SimResponse;
}

/** kl-always-200: text/plain with open CORS headers, whatever the answer. */
const OBSERVED_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/plain',
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
};

const DOCUMENTED: ProfileRules = {
  profile: 'documented',
  unknownJobTypes: new Set(),
  unrecognizedJobType: 'Unrecognized job type',
  acceptsInvalid: false,
  recordDelayMs: 0,
  statusIdsEmpty: false,
  expandStages: false,
  respond: (envelope, httpStatus = 200) => ({ status: httpStatus, headers: { 'content-type': 'application/json' }, body: envelope }),
  respondText: (httpStatus, text) => ({ status: httpStatus, headers: { 'content-type': 'text/plain' }, body: text }),
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
  unrecognizedJobType: 'Unrecongnized job type', // sic, as the server spells it
  acceptsInvalid: true,
  recordDelayMs: 100,
  statusIdsEmpty: true,
  expandStages: true,
  // The body is sent as the JSON text the server writes, under its text/plain content type. Only
  // injected faults pass a status other than 200 (kl-always-200).
  respond: (envelope, httpStatus = 200) => ({ status: httpStatus, headers: { ...OBSERVED_HEADERS }, body: JSON.stringify(envelope) }),
  respondText: (httpStatus, text) => ({ status: httpStatus, headers: { 'content-type': 'text/plain' }, body: text }),
};

export function profileRules(profile: Profile): ProfileRules {
  return profile === 'observed' ? OBSERVED : DOCUMENTED;
}

import type { Profile } from '../shared/types.js';
import type { ClusterStatus, MsCode } from './model.js';

/**
 * What differs between the `documented` reading of the Meta Service document and what real
 * servers do (observed-behavior.md `ms-*`), for the rules that apply to every handler. Facts that
 * concern one handler are applied in that handler, citing their id.
 */
export interface ProfileRules {
  readonly profile: Profile;
  readonly observed: boolean;
  /** HTTP status of an envelope answer with this code. */
  httpStatus(code: MsCode): number;
  /** Whether set_cluster_status may move a cluster from one status to another. */
  canTransition(from: ClusterStatus, to: ClusterStatus): boolean;
}

// The document gives no HTTP status: every envelope answer is 200 and `code` is the outcome (x-doc-quirks ms-http-status).
const DOCUMENTED_STATUS: Record<MsCode, number> = { OK: 200, INVALID_ARGUMENT: 200, NOT_FOUND: 200, ALREADY_EXISTED: 200, INTERNAL_ERROR: 200 };
// ms-status-map.
const OBSERVED_STATUS: Record<MsCode, number> = { OK: 200, INVALID_ARGUMENT: 400, NOT_FOUND: 404, ALREADY_EXISTED: 409, INTERNAL_ERROR: 500 };

/** The four transitions set_cluster_status documents. */
const DOCUMENTED_EDGES = ['UNKNOWN>NORMAL', 'NORMAL>SUSPENDED', 'SUSPENDED>TO_RESUME', 'TO_RESUME>NORMAL'];
/** ms-cluster-status-edges: real servers allow three more. */
const OBSERVED_EDGES = [...DOCUMENTED_EDGES, 'SUSPENDED>NORMAL', 'NORMAL>MANUAL_SHUTDOWN', 'MANUAL_SHUTDOWN>NORMAL'];

export function profileRules(profile: Profile): ProfileRules {
  const observed = profile === 'observed';
  const statuses = observed ? OBSERVED_STATUS : DOCUMENTED_STATUS;
  const edges = new Set(observed ? OBSERVED_EDGES : DOCUMENTED_EDGES);
  return {
    profile,
    observed,
    httpStatus: (code) => statuses[code],
    canTransition: (from, to) => edges.has(`${from}>${to}`),
  };
}

/** The envelope code that stands for an HTTP error status (fault injection). */
export function codeForHttpStatus(status: number): Exclude<MsCode, 'OK'> {
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'ALREADY_EXISTED';
  if (status >= 400 && status < 500) return 'INVALID_ARGUMENT';
  return 'INTERNAL_ERROR';
}

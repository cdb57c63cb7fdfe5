import type { CaseRequest, Exchange, RequestCase } from '../types.js';
import type { SendLimits } from './send-http.js';

/** What runs the cases: a simulator in-process or over HTTP, Prism, or any deployment. */
export interface Target {
  /** For reports: `in-process simulator (documented)`, `http://10.0.0.5:8030`... */
  readonly description: string;
  /** The origin requests go to (used in curl lines), e.g. `http://127.0.0.1:8030`. */
  readonly origin: string;
  /**
   * A contract-kit mock on this machine: every case may run (nothing real is changed), and the
   * `/__contract-kit/` control endpoints (reset, clock) may exist.
   */
  readonly local: boolean;
  /** False for spec-driven mocks (Prism): cases that need state are skipped. */
  readonly stateful: boolean;
  /**
   * What this kind of target needs done to a request case before it runs: the request to send
   * instead (e.g. with a header that picks the documented answer), or why it cannot judge the
   * case. Absent: every case is sent as generated.
   */
  prepare?(c: RequestCase): CasePreparation;
  send(request: CaseRequest, limits: SendLimits): Promise<Exchange>;
  close(): Promise<void>;
}

/** A target's word on one request case: send this request, or skip the case for this reason. */
export type CasePreparation = { request: CaseRequest } | { skip: string };

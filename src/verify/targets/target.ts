import type { CaseRequest, ContractCase, Exchange } from '../types.js';
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
  /** Prism picks the documented answer from a `Prefer` header. */
  readonly honoursPrefer: boolean;
  /** Why this target cannot judge a case (beyond statefulness), or undefined. */
  unsupported?(c: ContractCase): string | undefined;
  send(request: CaseRequest, limits: SendLimits): Promise<Exchange>;
  close(): Promise<void>;
}

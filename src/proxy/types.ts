import type { ApiId } from '../../mocks/shared/types.js';

/** A body the proxy saw pass: the first bytes (up to the judging cap) and how many there were. */
export interface SeenBody {
  /** The body up to the cap, decoded as UTF-8. */
  text: string;
  /** Bytes that passed, the whole body. */
  bytes: number;
  /** True when the body was longer than the cap: `text` holds only its start. */
  overCap: boolean;
}

/** What the proxy did with a request instead of, or besides, forwarding it. */
export type ProxyOutcome =
  /** Forwarded; the target answered (`response` is set). */
  | { kind: 'forwarded' }
  /** Not forwarded: the operation may change state and the target is not local. */
  | { kind: 'refused'; reason: string }
  /** Not forwarded: an injected fault answered or dropped the connection. */
  | { kind: 'fault'; reason: string }
  /** Forwarded, but no complete answer came back; the client got a proxy error (or a cut stream). */
  | { kind: 'proxy-error'; cause: string }
  /** The client hung up before the answer was complete. */
  | { kind: 'client-aborted' };

/** One request through the proxy and what came of it. */
export interface ProxiedExchange {
  api: ApiId;
  /** The target's origin, e.g. `http://fe.example:8030`. */
  origin: string;
  startedAt: Date;
  request: {
    /** Upper case. */
    method: string;
    /** Path and query as the client sent them. */
    target: string;
    /** Lower-cased names; repeated headers joined with ', '. */
    headers: Record<string, string>;
    body: SeenBody;
  };
  /** What the client received (from the target, or from the proxy itself), when anything. */
  response?: {
    status: number;
    statusText: string;
    headers: Record<string, string>;
    body: SeenBody;
  };
  outcome: ProxyOutcome;
  /** Milliseconds from the request's arrival to the last byte of the answer. */
  durationMs: number;
}

import { classify } from '../verify/targets/send-http.js';

/** Why the target gave no (complete) answer, as the user reads it, and what the client gets. */
export interface UpstreamFailure {
  /** 502 Bad Gateway, or 504 Gateway Timeout when the target was too slow. */
  status: 502 | 504;
  cause: string;
}

/** The proxy's own timeout, told apart from the errors node raises. */
export class UpstreamTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly phase: 'answer' | 'body',
  ) {
    super(phase === 'answer' ? `no answer within ${timeoutMs} ms` : `the answer stalled for ${timeoutMs} ms mid-body`);
  }
}

/** A failure of the forwarded request, named with its cause and, where there is one, the fix. */
export function describeUpstreamFailure(error: Error, origin: string): UpstreamFailure {
  if (error instanceof UpstreamTimeout) return { status: 504, cause: `${origin}: ${error.message} (raise --timeout, now ${error.timeoutMs} ms)` };
  const failure = classify(error);
  switch (failure.kind) {
    case 'refused':
      return { status: 502, cause: `${origin} refused the connection: is the server running there? (${failure.message})` };
    case 'dns':
      return { status: 502, cause: `cannot resolve the host of ${origin} (${failure.message})` };
    case 'tls':
      return { status: 502, cause: `TLS with ${origin} failed (${failure.message}); pass --insecure to accept a self-signed or untrusted certificate` };
    case 'reset':
      return { status: 502, cause: `${origin} closed the connection before answering (${failure.message})` };
    case 'timeout':
      return { status: 504, cause: `${origin}: ${failure.message}` };
    default:
      return { status: 502, cause: `${origin}: ${failure.message}` };
  }
}

/**
 * Fault injection: what a request (header `x-mock-fault`) or a whole server (config) asks the mock
 * to do instead of, or on top of, answering normally.
 */

/** A server-wide fault configuration, applied to each request with probability `rate`. */
export interface ServerFaults {
  /** Milliseconds added before every answer. */
  latencyMs?: number;
  /** Answer with this status, in the API's own error shape, instead of running the request. */
  status?: number;
  /** Drop the connection (TCP reset) instead of answering. */
  reset?: boolean;
  /** Fraction of requests (0..1) the faults apply to; default 1. */
  rate?: number;
}

/** What to do with one request. */
export interface FaultPlan {
  latencyMs: number;
  status?: number;
  reset: boolean;
}

export const NO_FAULT: FaultPlan = Object.freeze({ latencyMs: 0, reset: false });

export const FAULT_HEADER = 'x-mock-fault';
export const FAULT_SYNTAX =
  "x-mock-fault: one or more of 'latency=<ms>' (0-600000), 'status=<code>' (200-599), 'reset', separated by ';' (e.g. 'latency=200;status=503')";

const MAX_LATENCY_MS = 600_000;
/** A fault ends the exchange, so its status must be a final one: a 1xx would leave the client waiting on a broken stream. */
const MIN_FAULT_STATUS = 200;

export class FaultSyntaxError extends Error {}

/** Parses an `x-mock-fault` header value; throws FaultSyntaxError naming the valid syntax. */
export function parseFaultHeader(value: string): FaultPlan {
  const plan: FaultPlan = { latencyMs: 0, reset: false };
  for (const raw of value.split(';')) {
    const directive = raw.trim();
    if (directive === '') continue;
    const eq = directive.indexOf('=');
    const name = (eq === -1 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    const argument = eq === -1 ? undefined : directive.slice(eq + 1).trim();
    if (name === 'reset' && argument === undefined) {
      plan.reset = true;
    } else if (name === 'latency' && argument !== undefined) {
      plan.latencyMs = parseBoundedInteger(argument, 0, MAX_LATENCY_MS, directive);
    } else if (name === 'status' && argument !== undefined) {
      plan.status = parseBoundedInteger(argument, MIN_FAULT_STATUS, 599, directive);
    } else {
      throw new FaultSyntaxError(`invalid fault directive '${directive}'; expected ${FAULT_SYNTAX}`);
    }
  }
  return plan;
}

function parseBoundedInteger(text: string, min: number, max: number, directive: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new FaultSyntaxError(`invalid fault directive '${directive}': ${min}-${max} expected; ${FAULT_SYNTAX}`);
  }
  return n;
}

/** Checks a server's fault configuration once, at start-up, so a typo fails loudly there. */
export function checkServerFaults(faults: ServerFaults): ServerFaults {
  const { latencyMs = 0, status, rate = 1 } = faults;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
    throw new Error(`faults.latencyMs must be an integer 0-${MAX_LATENCY_MS}, got ${latencyMs}`);
  }
  if (status !== undefined && (!Number.isInteger(status) || status < MIN_FAULT_STATUS || status > 599)) {
    throw new Error(`faults.status must be a final HTTP status ${MIN_FAULT_STATUS}-599, got ${status}`);
  }
  if (!(rate >= 0 && rate <= 1)) throw new Error(`faults.rate must be between 0 and 1, got ${rate}`);
  return faults;
}

/**
 * The plan for one request: the header's when the request carries one (it replaces the server's
 * configuration for that request), else the server's, drawn with its rate.
 */
export function planFaults(header: string | undefined, server: ServerFaults | undefined): FaultPlan {
  if (header !== undefined) return parseFaultHeader(header);
  if (!server) return NO_FAULT;
  const rate = server.rate ?? 1;
  if (rate < 1 && Math.random() >= rate) return NO_FAULT;
  return { latencyMs: server.latencyMs ?? 0, status: server.status, reset: server.reset ?? false };
}

/** A plan in the header's own syntax (`latency=200;status=503`), for the journal and the log. */
export function describeFaultPlan(plan: FaultPlan): string {
  const parts: string[] = [];
  if (plan.latencyMs > 0) parts.push(`latency=${plan.latencyMs}`);
  if (plan.status !== undefined) parts.push(`status=${plan.status}`);
  if (plan.reset) parts.push('reset');
  return parts.join(';');
}

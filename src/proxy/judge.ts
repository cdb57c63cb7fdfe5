import type { ApiId } from '../../mocks/shared/types.js';
import { checkHar, entryProblems, type HarVerdict } from '../har/index.js';
import { CONTROL_PREFIX } from '../serve/control.js';
import type { CheckResult } from '../verify/types.js';
import { toHarEntry } from './har-entry.js';
import type { ProxiedExchange } from './types.js';

/** check-har's verdicts; `skip` also marks exchanges the proxy did not judge (refused, faults, bodies over the cap). */
export type ProxyVerdict = HarVerdict;

export interface JudgedExchange {
  verdict: ProxyVerdict;
  operationId?: string;
  variant?: string;
  /** The `x-observed` id a known deviation matches. */
  observed?: string;
  /** The first problem of a failure, or why the exchange was skipped or is unmatched. */
  detail?: string;
  /** Failed checks, as check-har reports them. */
  checks: CheckResult[];
}

/**
 * Judges one exchange as check-har judges a captured one: the exchange becomes a one-entry HAR
 * and goes through `checkHar`, so matching and checks live in one place (src/har).
 */
export async function judgeExchange(api: ApiId, exchange: ProxiedExchange): Promise<JudgedExchange> {
  const { outcome, request, response } = exchange;
  if (outcome.kind === 'refused') return { verdict: 'skip', detail: `refused: ${outcome.reason}`, checks: [] };
  if (outcome.kind === 'fault') return { verdict: 'skip', detail: `injected fault: ${outcome.reason}`, checks: [] };
  if (outcome.kind === 'client-aborted') return { verdict: 'skip', detail: 'the client hung up before the answer was complete', checks: [] };
  if (outcome.kind === 'proxy-error' || !response) {
    return { verdict: 'fail', detail: `no answer from the target: ${outcome.kind === 'proxy-error' ? outcome.cause : 'none'}`, checks: [] };
  }
  // A contract-kit mock's own endpoints (clock, reset, scenarios) are not the API's traffic.
  if (request.target.startsWith(CONTROL_PREFIX)) return { verdict: 'not-api', detail: 'contract-kit control endpoint', checks: [] };
  const overCap = request.body.overCap ? 'request' : response.body.overCap ? 'response' : undefined;
  if (overCap) {
    return { verdict: 'skip', detail: `${overCap} body over the judging cap (${exchange[overCap]!.body.bytes} bytes): forwarded, not judged`, checks: [] };
  }
  // Only the target's host is API traffic here: an unknown path on it is unmatched, not "not API traffic".
  const report = await checkHar({ log: { entries: [toHarEntry(exchange, false)] } }, { api, onlyHosts: [new URL(exchange.origin).host] });
  const entry = report.entries[0]!;
  const failed = entry.checks.filter((c) => c.status === 'fail');
  const observed = entry.knownDeviations?.join(', ');
  return {
    verdict: entry.verdict,
    operationId: entry.operationId,
    variant: entry.variant,
    observed,
    detail: entry.verdict === 'fail' ? (entryProblems(entry, true)[0] ?? entry.reason) : entry.verdict === 'known-deviation' ? observed : entry.reason,
    checks: failed,
  };
}

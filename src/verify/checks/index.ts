import { matchObserved, observedEntriesFor } from '../observed.js';
import type { CheckName, CheckResult, Exchange, Expectation } from '../types.js';
import { failed, type ResponseCheck, type ResponseContext } from './context.js';
import { contentTypeConformance } from './content-type.js';
import { envelopeConformance } from './envelope.js';
import { negativeDataRejection } from './negative-rejection.js';
import { responseHeadersConformance } from './response-headers.js';
import { responseSchemaConformance } from './response-schema.js';
import { maxResponseTime } from './response-time.js';
import { notAServerError } from './server-error.js';
import { statusCodeConformance } from './status-code.js';

export type { ResponseContext, ResponseCheck } from './context.js';

/** The checks every response gets, in report order (negative_data_rejection applies only to rejected expectations). */
export const RESPONSE_CHECKS: ReadonlyArray<readonly [CheckName, ResponseCheck]> = [
  ['negative_data_rejection', negativeDataRejection],
  ['not_a_server_error', notAServerError],
  ['status_code_conformance', statusCodeConformance],
  ['content_type_conformance', contentTypeConformance],
  ['response_schema_conformance', responseSchemaConformance],
  ['response_headers_conformance', responseHeadersConformance],
  ['envelope_conformance', envelopeConformance],
  ['max_response_time', maxResponseTime],
];

/**
 * A check that throws (a spec schema strict ajv cannot compile, say) fails under its own name with
 * the error, instead of ending the whole run.
 */
function runGuarded(name: CheckName, check: ResponseCheck, ctx: ResponseContext): CheckResult | undefined {
  try {
    return check(ctx);
  } catch (error) {
    return failed(ctx, name, { message: `the check could not run: ${(error as Error).message}` });
  }
}

/** An x-observed entry describes what a server answers, not how fast: a slow answer stays a failure. */
const NOT_EXPLAINED_BY_OBSERVED = new Set<CheckResult['name']>(['max_response_time']);

export interface ExchangeEvaluation {
  checks: CheckResult[];
  /** The `x-observed` id the response matches when some check failed. */
  knownDeviation?: string;
}

/**
 * Applies the response checks to one exchange. When a check fails and the response matches an
 * `x-observed` entry, the failures are marked with its id (a known deviation, not a new one).
 */
export function evaluateExchange(
  base: Omit<ResponseContext, 'exchange' | 'expectation'>,
  exchange: Exchange,
  expectation: Expectation,
): ExchangeEvaluation {
  if (!exchange.response) {
    const ctx = { ...base, exchange: { ...exchange, response: { status: 0, headers: {}, bodyText: '', truncated: false } }, expectation };
    const failure = exchange.failure!;
    return {
      checks: [failed(ctx, 'not_a_server_error', { message: `no HTTP answer (${failure.kind}): ${failure.message}` })],
    };
  }
  const ctx: ResponseContext = { ...base, exchange: exchange as ResponseContext['exchange'], expectation };
  const checks = RESPONSE_CHECKS.map(([name, check]) => runGuarded(name, check, ctx)).filter((c): c is CheckResult => c !== undefined);
  const explainable = checks.filter((c) => c.status === 'fail' && !NOT_EXPLAINED_BY_OBSERVED.has(c.name));
  if (explainable.length === 0) return { checks };
  const knownDeviation = matchObserved(observedEntriesFor(base.spec, base.operation, base.variant), exchange.response, expectation);
  if (knownDeviation) for (const c of explainable) c.knownDeviation = knownDeviation;
  return { checks, knownDeviation };
}

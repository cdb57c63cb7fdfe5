import { ENVELOPE_RULES, envelopeCode, envelopeSaysFailure } from '../envelopes.js';
import { failed, jsonBody, passed, type ResponseCheck } from './context.js';

/**
 * A request the spec says is invalid is rejected: with a documented 4xx, or — on APIs that answer
 * every request with HTTP 200 (Klustron) — with a failure envelope.
 */
export const negativeDataRejection: ResponseCheck = (ctx) => {
  if (ctx.expectation.kind !== 'rejected') return undefined;
  const { statuses, why } = ctx.expectation;
  const { status } = ctx.exchange.response;
  const body = jsonBody(ctx.exchange.response);
  const rule = ENVELOPE_RULES[ctx.spec.api];
  if (status >= 400 && status < 500) {
    if (statuses.length === 0 || statuses.includes(status)) return passed('negative_data_rejection');
    return failed(ctx, 'negative_data_rejection', {
      message: `rejected with HTTP ${status}, not with the documented rejection (${why})`,
      pointer: 'status',
      expected: statuses,
      actual: status,
    });
  }
  if (status >= 200 && status < 300 && rule && !rule.httpCoupled && envelopeSaysFailure(ctx.spec.api, body)) {
    return passed('negative_data_rejection');
  }
  const code = rule ? envelopeCode(rule, body) : undefined;
  return failed(ctx, 'negative_data_rejection', {
    message: `the request was not rejected although ${why}`,
    pointer: 'status',
    expected: statuses.length ? statuses : 'a 4xx status or a failure envelope',
    actual: code === undefined ? status : `${status} (${rule!.pointer.slice(1)} ${JSON.stringify(code)})`,
  });
};

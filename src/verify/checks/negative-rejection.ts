import { documentsFailureEnvelopes, ENVELOPE_RULES, envelopeCode, envelopeSaysFailure } from '../envelopes.js';
import { documentedResponses, documentedStatusKey, failed, jsonBody, passed, type ResponseCheck } from './context.js';

/**
 * A request the spec says is invalid is rejected: with one of the expected 4xx statuses, or with a
 * failure envelope in a status whose documented examples carry failure envelopes (Klustron's 200,
 * the Meta Service's `200 INVALID_ARGUMENT`).
 */
export const negativeDataRejection: ResponseCheck = (ctx) => {
  if (ctx.expectation.kind !== 'rejected') return undefined;
  const { statuses, why } = ctx.expectation;
  const { status } = ctx.exchange.response;
  const body = jsonBody(ctx.exchange.response);
  if (status >= 400 && status < 500) {
    if (statuses.length === 0 || statuses.includes(status)) return passed('negative_data_rejection');
    return failed(ctx, 'negative_data_rejection', {
      message: `rejected with HTTP ${status}, not with the documented rejection (${why})`,
      pointer: 'status',
      expected: statuses,
      actual: status,
    });
  }
  const table = documentedResponses(ctx);
  const key = documentedStatusKey(table, status);
  if (status >= 200 && status < 300 && envelopeSaysFailure(ctx.spec.api, body) && documentsFailureEnvelopes(ctx.spec, key ? table[key] : undefined)) {
    return passed('negative_data_rejection');
  }
  const rule = ENVELOPE_RULES[ctx.spec.api];
  const code = rule ? envelopeCode(rule, body) : undefined;
  return failed(ctx, 'negative_data_rejection', {
    message: `the request was not rejected although ${why}`,
    pointer: 'status',
    expected: statuses.length ? statuses : 'a documented rejection (4xx, or a failure envelope)',
    actual: code === undefined ? status : `${status} (${rule!.field} ${JSON.stringify(code)})`,
  });
};

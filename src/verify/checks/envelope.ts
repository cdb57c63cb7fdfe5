import { documentsFailureEnvelopes, ENVELOPE_RULES, envelopeCode, envelopeStatusField } from '../envelopes.js';
import { documentedResponses, documentedStatusKey, failed, jsonBody, passed, type ResponseCheck } from './context.js';

/**
 * The API's own outcome code agrees with the HTTP status: a 2xx carries the success code
 * (Doris FE `code == 0`, Meta Service `code == "OK"`, Klustron `error_code == "0"`) unless the spec
 * documents errors inside that status; an error status never carries the success code; and
 * Klustron's `status` says `failed` exactly when `error_code` is not `"0"`.
 */
export const envelopeConformance: ResponseCheck = (ctx) => {
  const rule = ENVELOPE_RULES[ctx.spec.api];
  if (!rule) return undefined;
  const { response } = ctx.exchange;
  const body = jsonBody(response);
  const code = envelopeCode(rule, body);
  if (code === undefined) return undefined;
  const success = code === rule.success;
  const httpOk = response.status >= 200 && response.status < 300;
  const table = documentedResponses(ctx);
  const key = documentedStatusKey(table, response.status);
  if (httpOk && !success && !documentsFailureEnvelopes(ctx.spec, key ? table[key] : undefined)) {
    return failed(ctx, 'envelope_conformance', {
      message: `HTTP ${response.status} is a success status but the envelope reports an error (the spec documents errors of this operation with error statuses)`,
      pointer: `/${rule.field}`,
      expected: rule.success,
      actual: code,
    });
  }
  if (!httpOk && success) {
    return failed(ctx, 'envelope_conformance', {
      message: `HTTP ${response.status} is an error status but the envelope reports success`,
      pointer: `/${rule.field}`,
      expected: `not ${JSON.stringify(rule.success)}`,
      actual: code,
    });
  }
  const status = envelopeStatusField(rule, body);
  if (rule.failedStatus && status !== undefined && (status === rule.failedStatus.value) === success) {
    return failed(ctx, 'envelope_conformance', {
      message: success
        ? `${rule.field} ${JSON.stringify(code)} means success but ${rule.failedStatus.field} is ${JSON.stringify(status)}`
        : `${rule.field} ${JSON.stringify(code)} is an error code but ${rule.failedStatus.field} is ${JSON.stringify(status)}`,
      pointer: `/${rule.failedStatus.field}`,
      expected: success ? `not ${JSON.stringify(rule.failedStatus.value)}` : rule.failedStatus.value,
      actual: status,
    });
  }
  return passed('envelope_conformance');
};

import { resolvePointer } from '../../spec/route.js';
import { ENVELOPE_RULES, envelopeCode } from '../envelopes.js';
import { failed, jsonBody, passed, type ResponseCheck } from './context.js';

/**
 * The API's own outcome code agrees with the HTTP status: Doris FE `code == 0` and Meta Service
 * `code == "OK"` exactly on 2xx; Klustron `error_code == "0"` exactly when `status` is not `failed`.
 */
export const envelopeConformance: ResponseCheck = (ctx) => {
  const rule = ENVELOPE_RULES[ctx.spec.api];
  if (!rule) return undefined;
  const { response } = ctx.exchange;
  const body = jsonBody(response);
  const code = envelopeCode(rule, body);
  if (code === undefined) return undefined;
  const success = code === rule.success;
  const ok = response.status >= 200 && response.status < 300;
  if (rule.httpCoupled && ok !== success) {
    return failed(ctx, 'envelope_conformance', {
      message: ok
        ? `HTTP ${response.status} is a success status but the envelope reports an error`
        : `HTTP ${response.status} is an error status but the envelope reports success`,
      pointer: rule.pointer,
      expected: ok ? rule.success : `not ${JSON.stringify(rule.success)}`,
      actual: code,
    });
  }
  if (rule.failedStatus) {
    const status = resolvePointer(body, rule.failedStatus.pointer);
    if (status !== undefined && (status === rule.failedStatus.value) === success) {
      return failed(ctx, 'envelope_conformance', {
        message: success
          ? `${rule.pointer.slice(1)} ${JSON.stringify(code)} means success but ${rule.failedStatus.pointer.slice(1)} says ${JSON.stringify(status)}`
          : `${rule.pointer.slice(1)} ${JSON.stringify(code)} is an error code but ${rule.failedStatus.pointer.slice(1)} is ${JSON.stringify(status)}`,
        pointer: rule.failedStatus.pointer,
        expected: success ? `not ${JSON.stringify(rule.failedStatus.value)}` : rule.failedStatus.value,
        actual: status,
      });
    }
  }
  return passed('envelope_conformance');
};

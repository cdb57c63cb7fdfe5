import { documentedResponses, documentedStatusKey, failed, passed, type ResponseCheck } from './context.js';

/** The status is one the operation/variant documents. */
export const statusCodeConformance: ResponseCheck = (ctx) => {
  const { status, headers } = ctx.exchange.response;
  const table = documentedResponses(ctx);
  if (documentedStatusKey(table, status) !== undefined) return passed('status_code_conformance');
  const redirect = status >= 300 && status < 400 && headers.location ? ` (redirect to ${headers.location}, not followed)` : '';
  const where = ctx.operation ? `${ctx.operation.operationId}${ctx.variant ? `/${ctx.variant.name}` : ''}` : 'this request';
  return failed(ctx, 'status_code_conformance', {
    message: `HTTP ${status}${redirect} is not a documented status of ${where}`,
    pointer: 'status',
    expected: Object.keys(table),
    actual: status,
  });
};

import { failed, passed, type ResponseCheck } from './context.js';

/** No 5xx: a documented or undocumented request must not break the server. */
export const notAServerError: ResponseCheck = (ctx) => {
  const { status } = ctx.exchange.response;
  if (status < 500) return passed('not_a_server_error');
  return failed(ctx, 'not_a_server_error', {
    message: `the server answered HTTP ${status}`,
    pointer: 'status',
    expected: '< 500',
    actual: status,
  });
};

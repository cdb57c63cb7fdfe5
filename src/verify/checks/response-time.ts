import { failed, passed, type ResponseCheck } from './context.js';

/** The answer came within the configured limit. */
export const maxResponseTime: ResponseCheck = (ctx) => {
  const ms = Math.round(ctx.exchange.durationMs);
  if (ms <= ctx.maxResponseTimeMs) return passed('max_response_time');
  return failed(ctx, 'max_response_time', {
    message: `the answer took ${ms} ms`,
    expected: `<= ${ctx.maxResponseTimeMs} ms`,
    actual: `${ms} ms`,
  });
};

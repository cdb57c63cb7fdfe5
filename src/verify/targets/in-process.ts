import { AdjustableClock } from '../../../mocks/shared/clock.js';
import { createSimulator } from '../../../mocks/index.js';
import type { ApiId, Profile, Simulator } from '../../../mocks/shared/types.js';
import { createDispatcher, type Dispatcher } from '../../serve/dispatch.js';
import { DEFAULT_HOST, DEFAULT_PORTS, httpUrl } from '../../serve/ports.js';
import { loadSpec } from '../../spec/load.js';
import { requestUrl } from '../curl.js';
import type { CaseRequest, Exchange } from '../types.js';
import type { SendLimits } from './send-http.js';
import type { Target } from './target.js';

export interface InProcessOptions {
  profile?: Profile;
  /** A simulator to verify instead of a fresh one (e.g. a deliberately broken one in tests). */
  simulator?: Simulator;
}

/**
 * The simulator called in-process through the servers' own dispatch (decode, route, validate,
 * control endpoints): no sockets, so a full run takes milliseconds per case. Curl lines name the
 * API's default local port, where `contract-kit serve` would answer the same way.
 */
export async function inProcessTarget(api: ApiId, options: InProcessOptions = {}): Promise<Target> {
  const spec = await loadSpec(api);
  const clock = options.simulator ? undefined : new AdjustableClock();
  const simulator = options.simulator ?? createSimulator(api, { profile: options.profile, clock });
  const dispatcher: Dispatcher = createDispatcher({ spec, simulator, clock });
  const origin = httpUrl(DEFAULT_HOST, DEFAULT_PORTS[api]);
  return {
    description: `in-process ${api} simulator (${simulator.profile})`,
    origin,
    local: true,
    stateful: true,
    async send(request: CaseRequest, limits: SendLimits): Promise<Exchange> {
      const started = performance.now();
      const url = requestUrl('', request);
      const outcome = dispatcher.dispatch({ method: request.method, url, headers: request.headers, rawBody: request.body ?? '' });
      if (outcome.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(outcome.delayMs, limits.timeoutMs)));
      const durationMs = performance.now() - started;
      if (outcome.delayMs > limits.timeoutMs) {
        return { request, origin, durationMs, failure: { kind: 'timeout', message: `no answer within ${limits.timeoutMs} ms` } };
      }
      if (outcome.kind === 'reset') return { request, origin, durationMs, failure: { kind: 'reset', message: 'the mock dropped the connection' } };
      const { status, headers, body = '' } = outcome.response;
      const truncated = Buffer.byteLength(body) > limits.maxBodyBytes;
      const bodyText = truncated ? Buffer.from(body).subarray(0, limits.maxBodyBytes).toString('utf8') : body;
      return { request, origin, durationMs, response: { status, headers, bodyText, truncated } };
    },
    close: async () => undefined,
  };
}

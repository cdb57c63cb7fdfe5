import { http, HttpResponse, type HttpHandler } from 'msw';
import { AdjustableClock, type ControllableClock } from '../../mocks/shared/clock.js';
import type { ApiId, Profile, Simulator } from '../../mocks/shared/types.js';
import { createSimulator } from '../../mocks/index.js';
import { loadSpec } from '../spec/load.js';
import type { IndexedSpec } from '../spec/types.js';
import { createDispatcher, type Dispatcher } from './dispatch.js';
import type { ServerFaults } from './faults.js';
import { DEFAULT_HOST, DEFAULT_PORTS, httpUrl } from './ports.js';

export interface MswHandlersOptions {
  /** The origin the code under test calls; default http://127.0.0.1:<the API's default port>. */
  baseUrl?: string;
  profile?: Profile;
  /** A simulator to serve; a fresh one (on `clock`) when omitted. */
  simulator?: Simulator;
  /** The clock `/__contract-kit/clock/advance` moves; an AdjustableClock when neither it nor a simulator is given. */
  clock?: ControllableClock;
  /** A spec already loaded (e.g. a test fixture); `loadSpec(api)` otherwise. */
  spec?: IndexedSpec;
  faults?: ServerFaults;
}

export interface MswHandlers {
  handlers: HttpHandler[];
  simulator: Simulator;
  /** Back to the simulator's initial state (call it in `afterEach`). */
  reset(): void;
}

/**
 * MSW 2 handlers backed by a simulator, through the same dispatch as the network server.
 * Synchronous so that a module can export them; the spec loads on first use (once per process).
 */
export function createMswHandlers(api: ApiId, options: MswHandlersOptions = {}): MswHandlers {
  const baseUrl = (options.baseUrl ?? httpUrl(DEFAULT_HOST, DEFAULT_PORTS[api])).replace(/\/+$/, '');
  const clock = options.clock ?? (options.simulator ? undefined : new AdjustableClock());
  const simulator = options.simulator ?? createSimulator(api, { profile: options.profile, clock });
  let dispatcher: Promise<Dispatcher> | undefined;
  const ready = () =>
    (dispatcher ??= (options.spec ? Promise.resolve(options.spec) : loadSpec(api)).then((spec) =>
      createDispatcher({ spec, simulator, clock, faults: options.faults }),
    ));

  const handler = http.all(`${baseUrl}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const rawBody = request.method === 'GET' || request.method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(await request.arrayBuffer());
    const outcome = (await ready()).dispatch({ method: request.method, url: url.pathname + url.search, headers, rawBody });
    if (outcome.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, outcome.delayMs));
    // A network error is what fetch reports for a reset connection.
    if (outcome.kind === 'reset') return HttpResponse.error();
    const { status, headers: responseHeaders, body } = outcome.response;
    // Bytes, not a string: a string body would make the Response add a text/plain Content-Type the server never sent.
    return new HttpResponse(body === undefined ? null : Buffer.from(body), { status, headers: responseHeaders });
  });

  return { handlers: [handler], simulator, reset: () => simulator.reset() };
}

/** What `contract-kit/msw/<api>` exports: default handlers on a fresh simulator, and a factory for more. */
export function mswEntryPoint(api: ApiId): MswHandlers & { createHandlers(options?: MswHandlersOptions): MswHandlers } {
  return { ...createMswHandlers(api), createHandlers: (options) => createMswHandlers(api, options) };
}

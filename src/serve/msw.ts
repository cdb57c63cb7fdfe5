import { http, HttpResponse, type HttpHandler } from 'msw';
import { AdjustableClock, type ControllableClock } from '../../mocks/shared/clock.js';
import type { ApiId, Profile, Simulator, SimulatorSettings } from '../../mocks/shared/types.js';
import { createSimulator, examplesState, type ScenarioNamesByApi, type SimulatorsByApi, type StateDocumentsByApi } from '../../mocks/index.js';
import { loadSpec } from '../spec/load.js';
import type { IndexedSpec } from '../spec/types.js';
import { createDispatcher, type Dispatcher } from './dispatch.js';
import type { ServerFaults } from './faults.js';
import { DEFAULT_JOURNAL_SIZE, RequestJournal, type RequestCountExpectation } from './journal.js';
import { MockState } from './mock-state.js';
import { DEFAULT_HOST, DEFAULT_PORTS, httpUrl } from './ports.js';

export interface MswHandlersOptions<Api extends ApiId = ApiId, Sim extends Simulator = SimulatorsByApi[Api]> {
  /** The origin the code under test calls; default http://127.0.0.1:<the API's default port>. */
  baseUrl?: string;
  profile?: Profile;
  /** A simulator to serve; a fresh one (on `clock`) when omitted. */
  simulator?: Sim;
  /**
   * The clock the simulator runs on and `/__contract-kit/clock/advance` moves; default an
   * AdjustableClock (real time that `advance` pushes forward). Pass a `ManualClock` for time that
   * moves only when the test says so.
   */
  clock?: ControllableClock;
  /** A spec already loaded (e.g. a test fixture); `loadSpec(api)` otherwise. */
  spec?: IndexedSpec;
  faults?: ServerFaults;
  /** Server settings for a fresh simulator (its `settingSpecs` names them, e.g. `{ jobDurationMs: 100 }`). */
  settings?: SimulatorSettings;
  /** State loaded now and by every `reset()`: a state document, or 'examples' for what the documents' examples name. */
  seed?: StateDocumentsByApi[Api] | 'examples';
  /** Scenarios that last from the start (and after every `reset()`). */
  scenarios?: ScenarioNamesByApi[Api][];
  /** Requests remembered by `journal()`; default DEFAULT_JOURNAL_SIZE, 0 for none. */
  journalSize?: number;
}

export interface MswHandlers<Api extends ApiId = ApiId, Sim extends Simulator = SimulatorsByApi[Api]> {
  handlers: HttpHandler[];
  simulator: Sim;
  /** The clock the simulator runs on (undefined when a simulator was given without one). */
  clock: ControllableClock | undefined;
  /** The requests the handlers answered: `journal().count({ operation })`, `journal().last()`, ... */
  journal(): RequestJournal;
  /** Throws, naming what was requested instead, unless `operation` was requested as expected (default at least once). */
  expectRequested(operation: string, expected?: RequestCountExpectation): void;
  /** Back to the start: fresh state, the seed, the start scenarios (call it in `afterEach`). The journal is kept; `journal().clear()` empties it. */
  reset(): void;
  /** The simulator's state document. */
  getState(): StateDocumentsByApi[Api];
  /** Replaces the state; throws naming the JSON pointer of what is wrong (the state is then unchanged). */
  setState(document: StateDocumentsByApi[Api]): void;
}

/**
 * MSW 2 handlers backed by a simulator, through the same dispatch as the network server.
 * Synchronous so that a module can export them; the spec loads on first use (once per process).
 */
export function createMswHandlers<Api extends ApiId, Sim extends Simulator = SimulatorsByApi[Api]>(
  api: Api,
  options: MswHandlersOptions<Api, Sim> = {},
): MswHandlers<Api, Sim> {
  const baseUrl = (options.baseUrl ?? httpUrl(DEFAULT_HOST, DEFAULT_PORTS[api])).replace(/\/+$/, '');
  const clock = options.clock ?? (options.simulator ? undefined : new AdjustableClock());
  // Without a simulator of its own the caller gets the API's, so Sim is SimulatorsByApi[Api] then.
  const simulator = options.simulator ?? (createSimulator(api, { profile: options.profile, clock, settings: options.settings }) as unknown as Sim);
  const journal = new RequestJournal(options.journalSize ?? DEFAULT_JOURNAL_SIZE);
  const seed = options.seed === 'examples' ? examplesState(api) : options.seed;
  const state = new MockState(simulator, { seed, scenarios: options.scenarios });
  let dispatcher: Promise<Dispatcher> | undefined;
  const ready = () =>
    (dispatcher ??= (options.spec ? Promise.resolve(options.spec) : loadSpec(api)).then((spec) =>
      createDispatcher({ spec, simulator, clock, faults: options.faults, journal, state }),
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

  return {
    handlers: [handler],
    simulator,
    clock,
    journal: () => journal,
    expectRequested: (operation, expected) => journal.expectRequested(operation, expected),
    reset: () => state.reset(),
    getState: () => state.get() as StateDocumentsByApi[Api],
    setState(document) {
      const change = state.set(document);
      if (!change.ok) throw new Error(change.message);
    },
  };
}

/** What `contract-kit/msw/<api>` exports: default handlers on a fresh simulator, and a factory for more. */
export function mswEntryPoint<Api extends ApiId>(api: Api): MswHandlers<Api> & { createHandlers(options?: MswHandlersOptions<Api>): MswHandlers<Api> } {
  return { ...createMswHandlers(api), createHandlers: (options) => createMswHandlers(api, options) };
}

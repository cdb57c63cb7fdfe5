import { CLOCK_LIMIT_MS, type ControllableClock } from '../../mocks/shared/clock.js';
import type { Simulator } from '../../mocks/shared/types.js';
import type { IndexedSpec } from '../spec/types.js';
import type { DecodedRequest } from './decode.js';
import { parseJournalQuery, type RequestJournal } from './journal.js';
import type { MockState } from './mock-state.js';
import { kitError, kitResponse, type WireResponse } from './wire.js';

/** Control endpoints live under this prefix, outside every documented API's paths. */
export const CONTROL_PREFIX = '/__contract-kit/';

export interface ControlContext {
  spec: IndexedSpec;
  simulator: Simulator;
  /** undefined when the server was given a simulator without the clock it runs on. */
  clock: ControllableClock | undefined;
  journal: RequestJournal;
  state: MockState;
}

const ENDPOINTS = [
  'GET /__contract-kit/health',
  'POST /__contract-kit/reset',
  'POST /__contract-kit/scenario/<name>',
  'POST /__contract-kit/clock/advance?ms=<N>',
  'GET|PUT /__contract-kit/state',
  'GET|DELETE /__contract-kit/requests?operation=&variant=&since=&limit=',
];

type Action = (request: DecodedRequest, context: ControlContext) => WireResponse;

/** Endpoint → method → action. */
const ACTIONS: Record<string, Record<string, Action>> = {
  health: { GET: health },
  reset: {
    POST: (_request, { simulator, state, clock }) => {
      state.reset();
      // A reset mock is back where it started, its clock included (an advanced clock would keep
      // every job finished and every time printed from the far future).
      clock?.reset?.();
      return kitResponse(200, { status: 'ok', reset: simulator.api });
    },
  },
  'clock/advance': { POST: (request, { clock }) => advanceClock(clock, request.query.ms) },
  state: {
    GET: (_request, { state, simulator }) =>
      state.documented ? kitResponse(200, state.get() as Record<string, unknown>) : kitError(409, `the ${simulator.api} simulator has no state document`),
    PUT: replaceState,
  },
  requests: {
    GET: (request, { journal }) => {
      const filter = parseJournalQuery(request.query, journal.capacity);
      if (typeof filter === 'string') return kitError(400, `GET ${CONTROL_PREFIX}requests: ${filter}`);
      return kitResponse(200, { requests: journal.entries(filter) });
    },
    DELETE: (_request, { journal }) => {
      journal.clear();
      return kitResponse(200, { status: 'ok', cleared: true });
    },
  },
};

/** Answers a request whose path starts with CONTROL_PREFIX. */
export function handleControl(request: DecodedRequest, context: ControlContext): WireResponse {
  const action = request.path.slice(CONTROL_PREFIX.length);
  if (action.startsWith('scenario/')) {
    if (request.method !== 'POST') return wrongMethod(['POST'], request.path);
    const name = safeDecode(action.slice('scenario/'.length));
    const unknown = unknownScenario(context.simulator, name);
    if (unknown) return unknown;
    context.simulator.applyScenario(name);
    return kitResponse(200, { status: 'ok', scenario: name });
  }
  const methods = Object.hasOwn(ACTIONS, action) ? ACTIONS[action]! : undefined;
  if (!methods) return kitError(404, `unknown control endpoint ${request.path}; known: ${ENDPOINTS.join(', ')}`);
  const run = Object.hasOwn(methods, request.method) ? methods[request.method]! : undefined;
  return run ? run(request, context) : wrongMethod(Object.keys(methods), request.path);
}

/** The error response (400 naming the known ones) when `name` is not one of the simulator's scenarios. */
export function unknownScenario(simulator: Simulator, name: string): WireResponse | undefined {
  if (Object.hasOwn(simulator.scenarios, name)) return undefined;
  const known = Object.keys(simulator.scenarios);
  return kitError(400, `unknown scenario '${name.slice(0, 200)}' for ${simulator.api}; known: ${known.length ? known.join(', ') : '(none)'}`);
}

function health(request: DecodedRequest, context: ControlContext): WireResponse {
  const { simulator } = context;
  // `?gc=true` on a process started with --expose-gc: memory after a full collection, so a
  // load test sees retained state rather than garbage not yet collected.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (request.query.gc === 'true' && gc) gc();
  return kitResponse(200, {
    status: 'ok',
    api: simulator.api,
    profile: simulator.profile,
    spec: { title: context.spec.title, version: context.spec.version },
    scenarios: simulator.scenarios,
    settings: simulator.settingSpecs ?? {},
    clock: { now: new Date(context.clock?.now() ?? Date.now()).toISOString(), controllable: context.clock !== undefined },
    journal: { size: context.journal.capacity, held: context.journal.count() },
    // Lets a load test watch the mock's memory without access to its process.
    memory: process.memoryUsage(),
  });
}

function replaceState(request: DecodedRequest, { state, simulator }: ControlContext): WireResponse {
  if (request.body === undefined || request.bodyIsMalformedJson) {
    return kitError(400, `PUT ${CONTROL_PREFIX}state needs a JSON body: a ${simulator.api} state document (specs/state/${simulator.api}.schema.json; GET ${CONTROL_PREFIX}state shows the current one)`);
  }
  const change = state.set(request.body);
  if (!change.ok) return kitResponse(change.status, { error: change.message, problems: change.problems });
  return kitResponse(200, { status: 'ok', state: simulator.api });
}

function advanceClock(clock: ControllableClock | undefined, ms: string | undefined): WireResponse {
  if (!clock) {
    return kitError(409, 'this server was given a simulator without its clock; pass `clock` to startMockServer to control time');
  }
  const amount = ms !== undefined && /^\d+$/.test(ms) ? Number(ms) : NaN;
  if (!Number.isSafeInteger(amount)) {
    return kitError(400, `clock/advance needs ?ms=<non-negative integer milliseconds>, got ${ms === undefined ? 'nothing' : `'${ms.slice(0, 100)}'`}`);
  }
  if (clock.now() + amount > CLOCK_LIMIT_MS) {
    return kitError(400, `clock/advance?ms=${ms} would move the clock past ${new Date(CLOCK_LIMIT_MS).toISOString()}, the latest instant the mock's clock may show`);
  }
  clock.advance(amount);
  return kitResponse(200, { status: 'ok', advancedMs: amount, now: new Date(clock.now()).toISOString() });
}

function wrongMethod(allowed: string[], path: string): WireResponse {
  const response = kitError(405, `${path} accepts ${allowed.join(', ')} only`);
  response.headers.allow = allowed.join(', ');
  return response;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

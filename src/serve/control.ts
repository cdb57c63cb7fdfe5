import { CLOCK_LIMIT_MS, type ControllableClock } from '../../mocks/shared/clock.js';
import type { Simulator } from '../../mocks/shared/types.js';
import type { IndexedSpec } from '../spec/types.js';
import { kitError, kitResponse, type WireResponse } from './wire.js';

/** Control endpoints live under this prefix, outside every documented API's paths. */
export const CONTROL_PREFIX = '/__contract-kit/';

export interface ControlContext {
  spec: IndexedSpec;
  simulator: Simulator;
  /** undefined when the server was given a simulator without the clock it runs on. */
  clock: ControllableClock | undefined;
}

const ENDPOINTS = [
  'POST /__contract-kit/reset',
  'POST /__contract-kit/scenario/<name>',
  'POST /__contract-kit/clock/advance?ms=<N>',
  'GET /__contract-kit/health',
];

/** Answers a request whose path starts with CONTROL_PREFIX. */
export function handleControl(
  method: string,
  path: string,
  query: Record<string, string>,
  context: ControlContext,
): WireResponse {
  const action = path.slice(CONTROL_PREFIX.length);
  const { simulator } = context;
  if (action === 'health') {
    if (method !== 'GET') return wrongMethod('GET', path);
    // `?gc=true` on a process started with --expose-gc: memory after a full collection, so a
    // load test sees retained state rather than garbage not yet collected.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (query.gc === 'true' && gc) gc();
    return kitResponse(200, {
      status: 'ok',
      api: simulator.api,
      profile: simulator.profile,
      spec: { title: context.spec.title, version: context.spec.version },
      scenarios: simulator.scenarios,
      clock: { now: new Date(context.clock?.now() ?? Date.now()).toISOString(), controllable: context.clock !== undefined },
      // Lets a load test watch the mock's memory without access to its process.
      memory: process.memoryUsage(),
    });
  }
  if (action === 'reset') {
    if (method !== 'POST') return wrongMethod('POST', path);
    simulator.reset();
    // A reset mock is back where it started, its clock included (an advanced clock would keep
    // every job finished and every time printed from the far future).
    context.clock?.reset?.();
    return kitResponse(200, { status: 'ok', reset: simulator.api });
  }
  if (action.startsWith('scenario/')) {
    if (method !== 'POST') return wrongMethod('POST', path);
    const name = safeDecode(action.slice('scenario/'.length));
    return applyScenario(simulator, name) ?? kitResponse(200, { status: 'ok', scenario: name });
  }
  if (action === 'clock/advance') {
    if (method !== 'POST') return wrongMethod('POST', path);
    return advanceClock(context.clock, query.ms);
  }
  return kitError(404, `unknown control endpoint ${path}; known: ${ENDPOINTS.join(', ')}`);
}

/** Applies a named scenario; the error response (400 naming the known ones) when it is unknown. */
export function applyScenario(simulator: Simulator, name: string): WireResponse | undefined {
  if (!Object.hasOwn(simulator.scenarios, name)) {
    const known = Object.keys(simulator.scenarios);
    return kitError(400, `unknown scenario '${name}' for ${simulator.api}; known: ${known.length ? known.join(', ') : '(none)'}`);
  }
  simulator.applyScenario(name);
  return undefined;
}

function advanceClock(clock: ControllableClock | undefined, ms: string | undefined): WireResponse {
  if (!clock) {
    return kitError(409, 'this server was given a simulator without its clock; pass `clock` to startMockServer to control time');
  }
  const amount = ms !== undefined && /^\d+$/.test(ms) ? Number(ms) : NaN;
  if (!Number.isSafeInteger(amount)) {
    return kitError(400, `clock/advance needs ?ms=<non-negative integer milliseconds>, got ${ms === undefined ? 'nothing' : `'${ms}'`}`);
  }
  if (clock.now() + amount > CLOCK_LIMIT_MS) {
    return kitError(400, `clock/advance?ms=${ms} would move the clock past ${new Date(CLOCK_LIMIT_MS).toISOString()}, the latest instant the mock's clock may show`);
  }
  clock.advance(amount);
  return kitResponse(200, { status: 'ok', advancedMs: amount, now: new Date(clock.now()).toISOString() });
}

function wrongMethod(allowed: string, path: string): WireResponse {
  const response = kitError(405, `${path} accepts ${allowed} only`);
  response.headers.allow = allowed;
  return response;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

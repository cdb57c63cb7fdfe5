import type { ControllableClock } from '../../mocks/shared/clock.js';
import type { RequestProblem, SimRequest, SimResponse, Simulator } from '../../mocks/shared/types.js';
import { routeRequest, type RouteResult } from '../spec/route.js';
import type { IndexedOperation, IndexedSpec, IndexedVariant } from '../spec/types.js';
import { validateRequest } from '../validate/request.js';
import { applyScenario, CONTROL_PREFIX, handleControl } from './control.js';
import { decodeRequest, type DecodedRequest, type NeutralRequest } from './decode.js';
import { FAULT_HEADER, FaultSyntaxError, planFaults, type FaultPlan, type ServerFaults } from './faults.js';
import { kitError, toWireResponse, type WireResponse } from './wire.js';

export type { NeutralRequest } from './decode.js';
export type { WireResponse } from './wire.js';

export const SCENARIO_HEADER = 'x-mock-scenario';

/** What an adapter must do with a request: answer (after a delay), or drop the connection. */
export type DispatchOutcome =
  | { kind: 'respond'; response: WireResponse; delayMs: number }
  | { kind: 'reset'; delayMs: number };

export interface DispatcherOptions {
  /** The loaded spec (`loadSpec(api)`); routing and validation come from it. */
  spec: IndexedSpec;
  simulator: Simulator;
  /** The clock the simulator runs on, for `POST /__contract-kit/clock/advance`. */
  clock?: ControllableClock;
  faults?: ServerFaults;
}

export interface Dispatcher {
  readonly simulator: Simulator;
  /** Synchronous: only fault latency is left to the adapter, as `delayMs`. */
  dispatch(request: NeutralRequest): DispatchOutcome;
}

/**
 * The one request path shared by every adapter: decode → control endpoints → faults → scenario →
 * route → validate → simulator. Never throws for anything a client sends.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { spec, simulator, clock, faults } = options;
  const control = { spec, simulator, clock };

  function dispatch(request: NeutralRequest): DispatchOutcome {
    const decoded = decodeRequest(request);
    if (decoded.path.startsWith(CONTROL_PREFIX)) {
      return respond(guard('control endpoint', () => handleControl(decoded.method, decoded.path, decoded.query, control)));
    }
    let plan: FaultPlan;
    try {
      plan = planFaults(decoded.headers[FAULT_HEADER], faults);
    } catch (error) {
      if (error instanceof FaultSyntaxError) return respond(kitError(400, error.message));
      throw error;
    }
    if (plan.reset) return { kind: 'reset', delayMs: plan.latencyMs };
    const response =
      plan.status !== undefined
        ? guard('errorResponse', () => toWireResponse(simulator.errorResponse(plan.status!, `injected fault: ${FAULT_HEADER} status=${plan.status}`)))
        : answer(decoded);
    return { kind: 'respond', response, delayMs: plan.latencyMs };
  }

  function answer(decoded: DecodedRequest): WireResponse {
    const scenario = decoded.headers[SCENARIO_HEADER];
    if (scenario !== undefined) {
      const rejected = guard('applyScenario', () => applyScenario(simulator, scenario.trim()));
      if (rejected) return rejected;
    }
    let route = routeOf(decoded);
    // A server that never checks the method answers as the operation the path names.
    if ('unrouted' in route && route.byPath && simulator.ignoresMethod) route = route.byPath;
    if ('unrouted' in route) {
      const { method, path, query, headers, body, rawBody } = decoded;
      return guard('rejectUnrouted', () =>
        toWireResponse(simulator.rejectUnrouted({ method, path, query, headers, body, rawBody, reason: route.unrouted })),
      );
    }
    const simRequest: SimRequest = {
      operationId: route.operation.canonicalId,
      variant: route.variant.name,
      method: decoded.method,
      path: decoded.path,
      query: decoded.query,
      headers: decoded.headers,
      body: decoded.body,
      rawBody: decoded.rawBody,
    };
    const problems = problemsOf(route.operation, route.variant, decoded);
    return guard(`${simRequest.operationId}/${simRequest.variant}`, () => {
      let response: SimResponse | undefined;
      if (problems.length > 0) response = simulator.rejectInvalid(simRequest, problems);
      return toWireResponse(response ?? simulator.handle(simRequest));
    });
  }

  function routeOf(decoded: DecodedRequest): RouteResult {
    try {
      return routeRequest(spec, decoded);
    } catch {
      // A path parameter with a malformed %-escape cannot name any documented resource.
      return { unrouted: { kind: 'no-path' } };
    }
  }

  /** Guards a call into the simulator: a throw there is a simulator bug, answered as such, not a crash. */
  function guard<T extends WireResponse | undefined>(where: string, run: () => T): T | WireResponse {
    try {
      return run();
    } catch (error) {
      return kitError(500, `contract-kit: the ${simulator.api} simulator threw in ${where}: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  return { simulator, dispatch };
}

function problemsOf(operation: IndexedOperation, variant: IndexedVariant, decoded: DecodedRequest): RequestProblem[] {
  let problems: RequestProblem[];
  try {
    problems = validateRequest(operation, variant, decoded);
  } catch (error) {
    // Deeply nested bodies can exhaust the validator's stack; that is the client's problem to hear.
    if (!(error instanceof RangeError)) throw error;
    problems = [{ in: 'body', pointer: '', message: 'request body is nested too deeply to validate' }];
  }
  // Bad bytes matter only where the operation reads a body; a stray body on a GET is ignored.
  if (decoded.byteProblems.length > 0 && variant.requestSchema !== undefined) {
    problems = [...decoded.byteProblems, ...problems];
  }
  return problems;
}

function respond(response: WireResponse): DispatchOutcome {
  return { kind: 'respond', response, delayMs: 0 };
}

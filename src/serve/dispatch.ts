import type { ControllableClock } from '../../mocks/shared/clock.js';
import type { RequestProblem, SimRequest, Simulator, UnroutedReason } from '../../mocks/shared/types.js';
import { routeRequest, type RouteResult } from '../spec/route.js';
import type { IndexedOperation, IndexedSpec, IndexedVariant } from '../spec/types.js';
import { validateRequest } from '../validate/request.js';
import { CONTROL_PREFIX, handleControl, unknownScenario } from './control.js';
import { decodeRequest, type DecodedRequest, type NeutralRequest } from './decode.js';
import { describeFaultPlan, FAULT_HEADER, FaultSyntaxError, NO_FAULT, planFaults, type FaultPlan, type ServerFaults } from './faults.js';
import { problemSummary, RequestJournal } from './journal.js';
import { MockState } from './mock-state.js';
import { kitError, toWireResponse, type WireResponse } from './wire.js';

export type { NeutralRequest } from './decode.js';
export type { WireResponse } from './wire.js';

export const SCENARIO_HEADER = 'x-mock-scenario';
/**
 * Why the mock refused a request, for APIs whose error body has no room for it (Alluxio's
 * `{"status": "Required parameters not provided"}`): the schema problems, or why it matched no
 * operation. The body keeps its documented shape.
 */
export const PROBLEM_HEADER = 'x-contract-kit-problem';
const MAX_PROBLEM_HEADER_CHARS = 2000;

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
  /** Where requests are recorded; a journal of DEFAULT_JOURNAL_SIZE when omitted (size 0 to record nothing). */
  journal?: RequestJournal;
  /** The state control (seed, reset, state document); one over the bare simulator when omitted. */
  state?: MockState;
}

export interface Dispatcher {
  readonly simulator: Simulator;
  readonly journal: RequestJournal;
  readonly state: MockState;
  /** Synchronous: only fault latency is left to the adapter, as `delayMs`. */
  dispatch(request: NeutralRequest): DispatchOutcome;
}

/** What the journal learns about a request while it is answered. */
interface Trace {
  operation: string | null;
  variant: string | null;
  problems: RequestProblem[];
  scenario: string | null;
}

const NO_PROBLEMS: RequestProblem[] = [];

/**
 * The one request path shared by every adapter: decode → control endpoints → faults → scenario →
 * route → validate → simulator, each request recorded in the journal. Never throws for anything a
 * client sends.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { spec, simulator, clock, faults } = options;
  const journal = options.journal ?? new RequestJournal();
  const state = options.state ?? new MockState(simulator);
  const control = { spec, simulator, clock, journal, state };

  function dispatch(request: NeutralRequest): DispatchOutcome {
    const started = performance.now();
    const decoded = decodeRequest(request);
    if (decoded.path.startsWith(CONTROL_PREFIX)) {
      return respond(guard('control endpoint', () => handleControl(decoded, control)));
    }
    const trace: Trace = { operation: null, variant: null, problems: NO_PROBLEMS, scenario: null };
    const faultHeader = decoded.headers[FAULT_HEADER];
    let plan: FaultPlan;
    try {
      plan = planFaults(faultHeader, faults);
    } catch (error) {
      if (!(error instanceof FaultSyntaxError)) throw error;
      const refused = kitError(400, error.message);
      note(decoded, trace, faultHeader ?? null, refused.status, started);
      return respond(refused);
    }
    const fault = faultHeader ?? (plan === NO_FAULT ? null : describeFaultPlan(plan));
    if (plan.reset) {
      note(decoded, trace, fault, null, started);
      return { kind: 'reset', delayMs: plan.latencyMs };
    }
    const response =
      plan.status !== undefined
        ? guard('errorResponse', () => toWireResponse(simulator.errorResponse(plan.status!, `injected fault: ${FAULT_HEADER} status=${plan.status}`)))
        : answer(decoded, trace);
    note(decoded, trace, fault, response.status, started);
    return { kind: 'respond', response, delayMs: plan.latencyMs };
  }

  function note(decoded: DecodedRequest, trace: Trace, fault: string | null, status: number | null, started: number): void {
    journal.record({
      timeMs: Date.now(),
      method: decoded.method,
      path: decoded.path,
      query: decoded.query,
      operation: trace.operation,
      variant: trace.variant,
      problems: trace.problems,
      scenario: trace.scenario,
      fault,
      status,
      durationMs: performance.now() - started,
    });
  }

  function answer(decoded: DecodedRequest, trace: Trace): WireResponse {
    const scenario = decoded.headers[SCENARIO_HEADER];
    if (scenario === undefined) return answerNow(decoded, trace);
    const name = scenario.trim();
    trace.scenario = name;
    const unknown = unknownScenario(simulator, name);
    if (unknown) return unknown;
    if (!state.documented) {
      return kitError(409, `the ${simulator.api} simulator cannot run a scenario for one request (it has no state document); set it with POST ${CONTROL_PREFIX}scenario/${name}`);
    }
    // One request means: the request runs against the state with the scenario applied, then the
    // state as it was before is put back, so neither the scenario nor what the request changed lasts.
    return guard(`scenario ${name}`, () => {
      const saved = simulator.exportState!();
      try {
        simulator.applyScenario(name);
        return answerNow(decoded, trace);
      } finally {
        simulator.importState!(saved);
      }
    });
  }

  function answerNow(decoded: DecodedRequest, trace: Trace): WireResponse {
    let route = routeOf(decoded);
    // A server that never checks the method answers as the operation the path names.
    if ('unrouted' in route && route.byPath && simulator.ignoresMethod) route = route.byPath;
    if ('unrouted' in route) {
      const { method, path, query, headers, body, rawBody } = decoded;
      const response = guard('rejectUnrouted', () =>
        toWireResponse(simulator.rejectUnrouted({ method, path, query, headers, body, rawBody, reason: route.unrouted })),
      );
      response.headers[PROBLEM_HEADER] = headerText(unroutedReason(route.unrouted, decoded));
      return response;
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
    trace.operation = simRequest.operationId;
    trace.variant = simRequest.variant;
    const problems = problemsOf(route.operation, route.variant, decoded);
    if (problems.length === 0) {
      return guard(`${simRequest.operationId}/${simRequest.variant}`, () => toWireResponse(simulator.handle(simRequest)));
    }
    trace.problems = problems;
    const response = guard(`${simRequest.operationId}/${simRequest.variant}`, () =>
      toWireResponse(simulator.rejectInvalid(simRequest, problems) ?? simulator.handle(simRequest)),
    );
    response.headers[PROBLEM_HEADER] = headerText(problemSummary(problems));
    return response;
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

  return { simulator, journal, state, dispatch };
}

function unroutedReason(reason: UnroutedReason, decoded: DecodedRequest): string {
  switch (reason.kind) {
    case 'no-path':
      return `no documented path matches ${decoded.path}`;
    case 'method-not-allowed':
      return `${decoded.method} is not documented for ${decoded.path}; allowed: ${reason.allowed.join(', ')}`;
    case 'no-variant':
      return `the request matches none of the documented variants of ${reason.operationId}`;
  }
}

/** A header value: printable ASCII only (anything else would make the adapters throw), bounded. */
function headerText(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > MAX_PROBLEM_HEADER_CHARS ? `${printable.slice(0, MAX_PROBLEM_HEADER_CHARS - 3)}...` : printable;
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

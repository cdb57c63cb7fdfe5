import type { Profile, RequestProblem, SimRequest, SimResponse, SimulatorOptions, StatefulSimulator, UnroutedRequest } from '../shared/types.js';
import { documentedUsers } from '../shared/descriptor.js';
import { authenticate, type AuthOutcome } from './auth.js';
import { descriptor } from './descriptor.js';
import { defaultBackends, hostNameBackends, selectBackends, type Backend } from './backends.js';
import { codeForStatus, failure, FeCode, success } from './envelope.js';
import { exportFeState, importFeState, type DorisFeStateDocument } from './state-document.js';

export type { Backend } from './backends.js';
export { defaultBackends } from './backends.js';
export { feExamplesState, type DorisFeStateDocument } from './state-document.js';

export interface DorisFeSimulatorOptions extends SimulatorOptions {
  /** The BEs the FE knows; default: three on port 8040, the third dead. */
  backends?: Backend[];
  /** User name → password; default `{ root: '' }` (a fresh cluster). */
  users?: Record<string, string>;
}

export interface DorisFeSimulator extends StatefulSimulator<DorisFeStateDocument> {
  /** A copy of the current backends. */
  backends(): Backend[];
  /** Replace the backends (seed a test's cluster). */
  setBackends(backends: Backend[]): void;
  /** A BE goes down or comes back (by `ip`); throws for an unknown one. */
  setAlive(ip: string, alive: boolean): void;
}

const SCENARIOS = {
  'all-backends-dead':
    'Every backend stops heartbeating: is_alive=true returns an empty list, the full list shows them all dead. A connector must fail clearly instead of loading into a dead BE.',
  'no-backends': 'A fresh cluster with no BE added yet: the list is empty with or without is_alive.',
  'auth-rejected':
    "The connector's credentials no longer work (password rotated, user dropped): every request answers Unauthorized 'Access denied ...'.",
  'fe-internal-error':
    'The FE fails while serving the request (e.g. still replaying its journal after a restart): every request answers envelope code 500.',
  'hostname-backends':
    'The backends are registered by host name (FQDN mode), so `ip` holds DNS names; one of the three is dead.',
} as const satisfies Record<string, string>;

export type DorisFeScenarioName = keyof typeof SCENARIOS;
type ScenarioName = DorisFeScenarioName;

interface State {
  backends: Backend[];
  rejectAllCredentials: boolean;
  internalError: boolean;
}

const OPERATION_ID = 'get_backends';

/**
 * The Doris FE's `GET /api/backends` (BackendsAction). Documented profile: the spec's reading
 * (HTTP 401/400/404/405/500 beside the envelope code). Observed profile: what real FEs do
 * (the spec's x-observed `fe-*`): HTTP 200 always, lenient `is_alive`, the extra `alive` key, code
 * 500 for a credential without ':' and for methods other than GET, any word accepted before the
 * credential (`Bearer <base64 of user:password>` logs in).
 */
export function createDorisFeSimulator(options: DorisFeSimulatorOptions = {}): DorisFeSimulator {
  const profile: Profile = options.profile ?? 'documented';
  const initialUsers = { ...(options.users ?? documentedUsers(descriptor.credentials)) };
  let users = { ...initialUsers };
  const initialBackends = (options.backends ?? defaultBackends()).map((be) => ({ ...be }));
  const fresh = (): State => ({ backends: initialBackends.map((be) => ({ ...be })), rejectAllCredentials: false, internalError: false });
  let state = fresh();

  function authFailure(outcome: Extract<AuthOutcome, { ok: false }>): SimResponse {
    if (outcome.reason === 'no-colon' && profile === 'observed') {
      return failure(profile, FeCode.INTERNAL_ERROR, 500, outcome.message);
    }
    // The documented reading: any credential the FE cannot accept is an authentication failure.
    const data = outcome.reason === 'no-colon' ? 'Need auth information.' : outcome.message;
    return failure(profile, FeCode.UNAUTHORIZED, 401, data, { 'www-authenticate': 'Basic realm="Doris FE"' });
  }

  function checkAuth(headers: Record<string, string>): SimResponse | undefined {
    const outcome = authenticate(headers.authorization, users, { rejectAll: state.rejectAllCredentials, anyScheme: profile === 'observed' });
    return outcome.ok ? undefined : authFailure(outcome);
  }

  function row(be: Backend): Record<string, unknown> {
    const documented = { ip: be.ip, http_port: be.http_port, is_alive: be.alive };
    // Jackson serialises Lombok's isAlive() getter as a second property (fe-alive-key).
    return profile === 'observed' ? { ...documented, alive: be.alive } : documented;
  }

  function findBackend(ip: string): Backend {
    const be = state.backends.find((candidate) => candidate.ip === ip);
    if (!be) throw new Error(`doris-fe simulator: no backend ${ip}; known: ${state.backends.map((b) => b.ip).join(', ') || '(none)'}`);
    return be;
  }

  const scenarioEffects: Record<ScenarioName, () => void> = {
    'all-backends-dead': () => state.backends.forEach((be) => (be.alive = false)),
    'no-backends': () => (state.backends = []),
    'auth-rejected': () => (state.rejectAllCredentials = true),
    'fe-internal-error': () => (state.internalError = true),
    'hostname-backends': () => (state.backends = hostNameBackends()),
  };

  return {
    api: 'doris-fe',
    profile,
    scenarios: SCENARIOS,

    handle(req: SimRequest): SimResponse {
      if (req.operationId !== OPERATION_ID) {
        return failure(profile, FeCode.NOT_FOUND, 404, `No handler for operation ${req.operationId}`);
      }
      // executeCheckPassword runs before anything else in the handler.
      const denied = checkAuth(req.headers);
      if (denied) return denied;
      if (state.internalError) return failure(profile, FeCode.INTERNAL_ERROR, 500, 'java.lang.NullPointerException');
      const backends = selectBackends(state.backends, req.query.is_alive);
      return success({ backends: backends.map(row) });
    },

    rejectInvalid(req: SimRequest, problems: RequestProblem[]): SimResponse | undefined {
      // A real FE validates nothing: any is_alive other than "true" just means "all" (fe-is-alive-filter).
      if (profile === 'observed') return undefined;
      // The handler checks the password before it reads parameters.
      const denied = checkAuth(req.headers);
      if (denied) return denied;
      const detail = problems.map((p) => p.message).join('; ');
      return failure(profile, FeCode.BAD_REQUEST, 400, `Invalid request: ${detail}`);
    },

    rejectUnrouted(req: UnroutedRequest): SimResponse {
      const { reason } = req;
      if (reason.kind === 'method-not-allowed') {
        const data = `Request method '${req.method.toUpperCase()}' not supported`;
        // Spring's 405 in the documented reading; the FE's exception handler turns it into code 500 (fe-method).
        return profile === 'observed'
          ? failure(profile, FeCode.INTERNAL_ERROR, 500, data)
          : failure(profile, FeCode.COMMON_ERROR, 405, data, { allow: reason.allowed.map((m) => m.toUpperCase()).join(', ') });
      }
      return failure(profile, FeCode.NOT_FOUND, 404, `No handler found for ${req.method.toUpperCase()} ${req.path}`);
    },

    errorResponse(status: number, message: string): SimResponse {
      // An injected fault keeps the HTTP status it asks for in both profiles, with the FE's envelope.
      return failure('documented', codeForStatus(status), status, message);
    },

    applyScenario(name: string): void {
      if (!Object.prototype.hasOwnProperty.call(scenarioEffects, name)) {
        throw new Error(`doris-fe simulator: unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
      }
      scenarioEffects[name as ScenarioName]();
    },

    reset(): void {
      state = fresh();
      users = { ...initialUsers };
    },

    exportState: () => exportFeState({ ...state, users }),
    importState(document: DorisFeStateDocument): void {
      const world = importFeState(document);
      users = world.users;
      state = { backends: world.backends, rejectAllCredentials: world.rejectAllCredentials, internalError: world.internalError };
    },

    backends: () => state.backends.map((be) => ({ ...be })),
    setBackends(backends: Backend[]): void {
      state.backends = backends.map((be) => ({ ...be }));
    },
    setAlive(ip: string, alive: boolean): void {
      findBackend(ip).alive = alive;
    },
  };
}

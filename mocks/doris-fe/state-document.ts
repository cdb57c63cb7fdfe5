import { StateDocumentError } from '../shared/types.js';
import { documentedUsers } from '../shared/descriptor.js';
import { defaultBackends, type Backend } from './backends.js';
import { descriptor } from './descriptor.js';

/**
 * The Doris FE simulator's state as data (schema `specs/state/doris-fe.schema.json`): the BEs it
 * knows — anywhere, e.g. `127.0.0.1` ports where a test runs a stream-load stub — the users it
 * accepts, and the failure switches the scenarios set.
 */
export interface DorisFeStateDocument {
  backends: Backend[];
  /** User name → password; default `{ "root": "" }` (a fresh cluster). */
  users?: Record<string, string>;
  failures?: {
    /** Scenario `auth-rejected`: every credential is refused. */
    authRejected?: boolean;
    /** Scenario `fe-internal-error`: every request answers envelope code 500. */
    internalError?: boolean;
  };
}

/** What the simulator keeps, in the shape its handlers read. */
export interface DorisFeWorld {
  backends: Backend[];
  users: Record<string, string>;
  rejectAllCredentials: boolean;
  internalError: boolean;
}

export function exportFeState(world: DorisFeWorld): Required<DorisFeStateDocument> {
  return {
    backends: world.backends.map((be) => ({ ...be })),
    users: { ...world.users },
    failures: { authRejected: world.rejectAllCredentials, internalError: world.internalError },
  };
}

/** A new world from a document that passed the schema; throws StateDocumentError on a backend listed twice. */
export function importFeState(document: DorisFeStateDocument): DorisFeWorld {
  const seen = new Set<string>();
  document.backends.forEach((be, i) => {
    const key = `${be.ip}:${be.http_port}`;
    if (seen.has(key)) throw new StateDocumentError(`/backends/${i}`, `backend ${key} is listed twice`);
    seen.add(key);
  });
  return {
    backends: document.backends.map(({ ip, http_port, alive }) => ({ ip, http_port, alive })),
    // A null-prototype copy: a user named `__proto__` or `constructor` is just a name.
    users: Object.assign(Object.create(null) as Record<string, string>, document.users ?? documentedUsers(descriptor.credentials)),
    rejectAllCredentials: document.failures?.authRejected ?? false,
    internalError: document.failures?.internalError ?? false,
  };
}

/** Everything the document's examples name: its three BEs (the third dead) and user root. */
export function feExamplesState(): Required<DorisFeStateDocument> {
  return { backends: defaultBackends(), users: documentedUsers(descriptor.credentials), failures: { authRejected: false, internalError: false } };
}

/**
 * The contract between a simulator and the adapters that serve it (MSW, node:http).
 * A simulator knows nothing of HTTP frameworks: it takes a decoded, routed request and returns
 * a response. Routing (method + path + variant match) and request validation happen in the
 * adapters, from the spec, the same way for every simulator.
 */

export type ApiId = 'doris-fe' | 'doris-meta-service' | 'alluxio-coordinator' | 'klustron-cluster-manager';

export const API_IDS: readonly ApiId[] = [
  'doris-fe',
  'doris-meta-service',
  'alluxio-coordinator',
  'klustron-cluster-manager',
];

export type Profile = 'documented' | 'observed';

export interface SimRequest {
  /** Canonical operationId (an `x-alias-of` alias is resolved to its canonical operation). */
  operationId: string;
  /** The matched `x-variants` name, `default` for operations without variants. */
  variant: string;
  method: string;
  /** The request path as received, without the query string. */
  path: string;
  /** Query parameters; a repeated name keeps its first value. */
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON when the body parsed as JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
  /** The body exactly as received (decoded as UTF-8), '' when empty. */
  rawBody: string;
}

export interface SimResponse {
  status: number;
  /**
   * Header names lower-cased. `content-type` defaults to application/json for object bodies and
   * text/plain for strings; an empty `content-type` sends none (Meta Service ms-content-type-echo).
   */
  headers?: Record<string, string>;
  /** An object/array is sent as JSON; a string is sent as is; undefined sends no body. */
  body?: unknown;
}

/** One schema-validation problem, as reported by src/validate. */
export interface RequestProblem {
  /** Where: `body`, `query`, `header` or `path`. */
  in: 'body' | 'query' | 'header' | 'path';
  /** JSON pointer into the body, or the parameter name. */
  pointer: string;
  message: string;
}

/** Why a request could not be routed to an operation/variant of the spec. */
export type UnroutedReason =
  | { kind: 'no-path' }            // no documented path matches
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'no-variant'; operationId: string }; // path+method matched, no variant's `match` holds

/** A decoded request before routing: everything a SimRequest holds but the operation and variant. */
export type DecodedRequestParts = Omit<SimRequest, 'operationId' | 'variant'>;

export interface UnroutedRequest extends DecodedRequestParts {
  reason: UnroutedReason;
}

/** A clock the caller can control, so that async jobs progress deterministically in tests. */
export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
}

/**
 * A server setting a simulator models: a configuration item of the real server that changes its
 * answers (e.g. Meta Service `enable_cluster_name_check`), with the real server's default.
 */
export interface SimulatorSettingSpec {
  description: string;
  type: 'boolean' | 'integer';
  default: boolean | number;
  /** The smallest value an integer setting takes; default 0. */
  minimum?: number;
}

/** Setting name → spec; each simulator module exports its own (the CLI and config file read them). */
export type SimulatorSettingSpecs = Readonly<Record<string, SimulatorSettingSpec>>;

/** Values for some of a simulator's settings; the rest keep their defaults. */
export type SimulatorSettings = Readonly<Record<string, boolean | number>>;

export interface SimulatorOptions {
  profile?: Profile;
  clock?: Clock;
  /** Server settings (names from the simulator's SimulatorSettingSpecs); an unknown name throws, naming the known ones. */
  settings?: SimulatorSettings;
}

export interface Simulator {
  readonly api: ApiId;
  readonly profile: Profile;
  /** Run one routed request that passed validation (or that the profile accepts anyway). */
  handle(req: SimRequest): SimResponse;
  /**
   * The answer to a request that failed validation against the spec, in the API's own error
   * shape; `undefined` means the profile accepts such requests (e.g. Meta Service `ms-lenient-json`)
   * and the adapter goes on to `handle`.
   */
  rejectInvalid(req: SimRequest, problems: RequestProblem[]): SimResponse | undefined;
  /** The answer to a request that matches no documented operation (unknown path, method, job_type). */
  rejectUnrouted(req: UnroutedRequest): SimResponse;
  /** A response of the given status in the API's own error shape (used by fault injection). */
  errorResponse(status: number, message: string): SimResponse;
  /**
   * True when the profile's server never checks the HTTP method (Meta Service `ms-method-ignored`):
   * a request whose path names one operation but whose method the spec does not map is served
   * as that operation instead of going to `rejectUnrouted`.
   */
  readonly ignoresMethod?: boolean;
  /** The server settings this simulator models (empty when none). */
  readonly settingSpecs?: SimulatorSettingSpecs;
  /** Named scenarios connector developers need (e.g. `all-backends-dead`): name → description. */
  readonly scenarios: Readonly<Record<string, string>>;
  /** Put the state into a named scenario (throws on an unknown name, listing the known ones). */
  applyScenario(name: string): void;
  /** Back to the initial state (fresh fixtures, scenarios cleared). */
  reset(): void;
  /**
   * The state as a JSON document (`specs/state/<api>.schema.json`): every entity and scenario switch
   * a seed file can set, so that `importState(exportState())` changes nothing the API can see.
   * Asynchronous jobs in flight are work, not state: they are not in the document.
   */
  exportState?(): unknown;
  /**
   * Replaces the state with a document that passed the API's state schema. Throws a
   * StateDocumentError naming the JSON pointer for what the schema cannot say (duplicate ids,
   * dangling references); the state is unchanged then.
   */
  importState?(document: unknown): void;
}

/** A state document that passed the schema but cannot be loaded; `pointer` says where. */
export class StateDocumentError extends Error {
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(`${pointer || '/'}: ${message}`);
  }
}

/** A simulator whose state can be read and replaced as a document of type Doc. */
export interface StatefulSimulator<Doc> extends Simulator {
  exportState(): Doc;
  importState(document: Doc): void;
}

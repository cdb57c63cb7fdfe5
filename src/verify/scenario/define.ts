import type { ApiId } from '../../../mocks/shared/types.js';
import type { CheckName } from '../types.js';

/** A response as a scenario step sees it. */
export interface StepResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text. */
  text: string;
  /** The parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  /** 2xx and, on APIs with an envelope, the envelope's success code. */
  ok: boolean;
}

export interface CallOptions {
  /** Query parameters (values serialised as text). */
  query?: Record<string, unknown>;
  /** Path template values. */
  path?: Record<string, string>;
  /** The body: objects are sent as JSON, strings as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  /** A name for this step in reports (defaults to the operationId). */
  label?: string;
  /**
   * The step must be rejected (a documented 4xx, or a failure envelope on APIs that answer 200):
   * says why, e.g. `NORMAL → TO_RESUME is not a documented transition`.
   */
  rejectedBecause?: string;
  /** The documented rejection statuses expected (default: every documented 4xx but 401). */
  rejectedWith?: number[];
}

export interface PollOptions {
  /** Give up after this long (real time); default 15 s. */
  timeoutMs?: number;
  /** How far to push a local mock's clock between polls; default 5 s. */
  advanceMs?: number;
  /** Real wait between polls when the clock cannot be pushed; default 200 ms. */
  intervalMs?: number;
}

/** What a scenario's steps use: calls checked against the spec, and named assertions. */
export interface ScenarioClient {
  readonly api: ApiId;
  /** Calls an operation; its answer is checked like any case's (status, content type, schema, envelope). */
  call(operationId: string, options?: CallOptions): Promise<StepResponse>;
  /**
   * A documented request example of an operation (deep copy), to use as a template: the one named
   * `key`, else the first of `variant` (or of the operation). Throws when there is none.
   */
  example(operationId: string, select?: { key?: string; variant?: string }): { body?: unknown; query: Record<string, unknown> };
  /** Records a named check on the last response; false when it failed. */
  check(name: CheckName, ok: boolean, details: { message: string; pointer?: string; expected?: unknown; actual?: unknown }): boolean;
  /** `ensure_resource_availability`: the step succeeded and the body holds these values at these pointers. */
  expectAvailable(response: StepResponse, what: string, values?: Record<string, unknown>): boolean;
  /** `use_after_free`: after a delete, the resource is gone (a documented rejection, e.g. 404). */
  expectGone(response: StepResponse, what: string): boolean;
  /** Calls `poll` until `done` holds, pushing a local mock's clock (or waiting) in between. */
  pollUntil(what: string, poll: () => Promise<StepResponse>, done: (response: StepResponse) => boolean, options?: PollOptions): Promise<StepResponse>;
  /** Stops the scenario: the case fails with this message. */
  abort(message: string): never;
}

export interface Scenario {
  api: ApiId;
  /** Unique within the API, kebab-case: `instance-lifecycle`. */
  name: string;
  /** One line for reports. */
  title: string;
  /** The operation reports group the scenario under. */
  operationId: string;
  /** Every operation the steps call: `--only` and the safety filter look at these. */
  operations: string[];
  steps: (client: ScenarioClient) => Promise<void>;
}

/** Declares a stateful scenario (src/scenarios/<api>.ts). */
export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}

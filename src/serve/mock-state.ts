import type { Simulator } from '../../mocks/shared/types.js';
import { StateDocumentError } from '../../mocks/shared/types.js';
import { describeStateProblems, stateDocumentProblems, type StateProblem } from './state-schema.js';

/** How a mock starts, and what `reset` returns to. */
export interface MockSetup {
  /** A state document (the API's `specs/state/<api>.schema.json`) loaded at start and by every reset. */
  seed?: unknown;
  /** Scenarios that last, applied after the seed at start and by every reset. */
  scenarios?: string[];
}

/** A seed or start scenario that cannot be used; the message names what is wrong. */
export class MockSetupError extends Error {}

export type StateChange = { ok: true } | { ok: false; status: 400 | 409; message: string; problems: StateProblem[] };

/**
 * The simulator's state as the control endpoints and the MSW modules see it: read and replaced as
 * a document (validated against the API's schema; a refused document leaves the state as it was),
 * and reset to the setup the mock started with.
 */
export class MockState {
  private readonly seed: unknown;

  constructor(
    private readonly simulator: Simulator,
    private readonly setup: MockSetup = {},
  ) {
    const api = simulator.api;
    if (setup.seed !== undefined) {
      const change = this.check(setup.seed);
      if (!change.ok) throw new MockSetupError(`${api} seed: ${change.message}`);
    }
    for (const name of setup.scenarios ?? []) {
      if (!Object.hasOwn(simulator.scenarios, name)) {
        throw new MockSetupError(`unknown scenario '${name}' for ${api}; known: ${Object.keys(simulator.scenarios).join(', ') || '(none)'}`);
      }
    }
    // A private copy: the caller's object may change later, a reset must not.
    this.seed = setup.seed === undefined ? undefined : structuredClone(setup.seed);
    try {
      // A mock that starts from a seed or a scenario starts as a reset would leave it.
      if (this.seed !== undefined || (setup.scenarios ?? []).length > 0) this.reset();
    } catch (error) {
      if (error instanceof StateDocumentError) throw new MockSetupError(`${api} seed: ${error.message}`);
      throw error;
    }
  }

  /** Whether the simulator can be read and replaced as a document. */
  get documented(): boolean {
    return typeof this.simulator.exportState === 'function' && typeof this.simulator.importState === 'function';
  }

  /** Back to the start: fresh simulator, then the seed, then the start scenarios. */
  reset(): void {
    this.simulator.reset();
    if (this.seed !== undefined) this.simulator.importState!(structuredClone(this.seed));
    for (const name of this.setup.scenarios ?? []) this.simulator.applyScenario(name);
  }

  get(): unknown {
    if (!this.documented) throw new Error(`the ${this.simulator.api} simulator has no state document`);
    return this.simulator.exportState!();
  }

  /** Replaces the state with `document`, or says why not (the state is then unchanged). */
  set(document: unknown): StateChange {
    const change = this.check(document);
    if (!change.ok) return change;
    try {
      this.simulator.importState!(structuredClone(document));
    } catch (error) {
      if (error instanceof StateDocumentError) return refused(400, error.message, [{ pointer: error.pointer || '/', message: error.message }]);
      throw error;
    }
    return { ok: true };
  }

  private check(document: unknown): StateChange {
    if (!this.documented) return refused(409, `the ${this.simulator.api} simulator has no state document`, []);
    const deep = deeperThan(document, MAX_STATE_DEPTH);
    if (deep !== undefined) {
      // Cloning, validating or printing such a value would exhaust the stack, now or at the next GET.
      return refused(400, `${deep}: the state document nests deeper than ${MAX_STATE_DEPTH} levels`, [{ pointer: deep, message: `nested deeper than ${MAX_STATE_DEPTH} levels` }]);
    }
    const problems = stateDocumentProblems(this.simulator.api, document);
    if (problems.length > 0) {
      return refused(400, `not a valid ${this.simulator.api} state document (specs/state/${this.simulator.api}.schema.json): ${describeStateProblems(problems)}`, problems);
    }
    return { ok: true };
  }
}

/** No state document needs more; the opaque parts (Meta Service hdfs_info, stages) must not hide a deeper value. */
export const MAX_STATE_DEPTH = 32;

/** The pointer of the first value deeper than `limit` levels, found without recursion. */
function deeperThan(document: unknown, limit: number): string | undefined {
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: document, pointer: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return pointer || '/';
    for (const [key, inner] of Object.entries(value)) stack.push({ value: inner, pointer: `${pointer}/${key}`, depth: depth + 1 });
  }
  return undefined;
}

function refused(status: 400 | 409, message: string, problems: StateProblem[]): StateChange {
  return { ok: false, status, message, problems };
}

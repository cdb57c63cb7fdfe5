import { createSimulator } from '../../../mocks/index.js';
import type { ApiId, Simulator } from '../../../mocks/shared/types.js';
import { createDispatcher, type Dispatcher } from '../../../src/serve/dispatch.js';
import { loadSpec, type IndexedSpec } from '../../../src/spec/index.js';
import type { CaseRequest } from '../../../src/verify/types.js';
import { baseRequest, pathWithQuery } from '../../reliability/support/bad-inputs.js';

/** A simulator behind the servers' shared dispatch (decode, route, validate), without sockets. */
export interface DispatchedSimulator {
  spec: IndexedSpec;
  simulator: Simulator;
  dispatcher: Dispatcher;
  /** The operation's documented request, with the documented credentials: what commands start from. */
  documented(operationId: string): CaseRequest;
  send(request: CaseRequest): { status: number; json: Record<string, unknown> };
}

export async function dispatchedSimulator(api: ApiId): Promise<DispatchedSimulator> {
  const spec = await loadSpec(api);
  const simulator = createSimulator(api);
  const dispatcher = createDispatcher({ spec, simulator });
  return {
    spec,
    simulator,
    dispatcher,
    documented: (operationId) => baseRequest(spec, spec.operationById.get(operationId)!),
    send(request) {
      const outcome = dispatcher.dispatch({ method: request.method, url: pathWithQuery(request.path, request.query), headers: request.headers, rawBody: request.body ?? '' });
      if (outcome.kind !== 'respond') throw new Error(`${request.method} ${request.path}: the simulator dropped the connection`);
      const text = outcome.response.body ?? '';
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new Error(`${request.method} ${request.path}: ${outcome.response.status} is not JSON: ${text.slice(0, 200)}`);
      }
      return { status: outcome.response.status, json };
    },
  };
}

/** The documented request with its JSON body changed. */
export function withJsonBody(request: CaseRequest, body: unknown): CaseRequest {
  return { ...request, body: JSON.stringify(body) };
}

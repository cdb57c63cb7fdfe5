import { routeRequest } from '../../spec/route.js';
import type { IndexedOperation, IndexedSpec, IndexedVariant } from '../../spec/types.js';
import { validateRequest } from '../../validate/index.js';
import type { RequestProblem, UnroutedReason } from '../../../mocks/shared/types.js';
import type { CaseRequest } from '../types.js';

export type InspectedRequest =
  | { operation: IndexedOperation; variant: IndexedVariant; problems: RequestProblem[] }
  | { unrouted: UnroutedReason; operation?: IndexedOperation };

/**
 * Routes a request as it will travel (serialised, then parsed back like a server would) and
 * validates it against the variant it lands on: how generated bad requests are confirmed bad,
 * and how a captured exchange (HAR) finds its operation.
 */
export function inspectRequest(spec: IndexedSpec, request: CaseRequest): InspectedRequest {
  const rawBody = request.body ?? '';
  let body: unknown;
  let bodyIsMalformedJson = false;
  if (rawBody.length > 0) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = rawBody;
      bodyIsMalformedJson = true;
    }
  }
  const routed = routeRequest(spec, { method: request.method, path: request.path, query: request.query, headers: request.headers, body });
  if ('unrouted' in routed) {
    const operation = routed.unrouted.kind === 'no-variant' ? spec.operationById.get(routed.unrouted.operationId) : undefined;
    return { unrouted: routed.unrouted, operation };
  }
  const problems = validateRequest(routed.operation, routed.variant, {
    query: request.query,
    headers: request.headers,
    body,
    rawBody,
    bodyIsMalformedJson,
  });
  return { operation: routed.operation, variant: routed.variant, problems };
}

import { matchEntry } from '../har/index.js';
import type { IndexedSpec } from '../spec/types.js';
import type { CaseRequest } from '../verify/types.js';

/** Why a request may not reach a target that is not local; undefined when it may. */
export type SafetyRefusal = string | undefined;

/**
 * Safe by default, like verify: only requests that route to an operation (or variant) marked
 * `x-safety: read` reach a non-local target. A request no documented operation explains is
 * refused too: an undocumented handler (Meta Service `update_config`) may well change state.
 */
export function refusalOf(spec: IndexedSpec, origin: string, request: CaseRequest): SafetyRefusal {
  const match = matchEntry([spec], { request, origin, durationMs: 0 });
  const fix = 'pass --allow-mutations to forward it (only to a deployment you can throw away)';
  if (!match) return `${request.method} ${request.path} is no documented operation of ${spec.api}, so it may change state; ${fix}`;
  const { operation, variant } = match;
  if (!variant) return `${operation.operationId}: the request matches none of its variants, so its safety is unknown; ${fix}`;
  if (variant.safety === 'read') return undefined;
  const name = variant.name === 'default' ? operation.operationId : `${operation.operationId} [${variant.name}]`;
  return `${name} is x-safety: ${variant.safety} and the target is not local; ${fix}`;
}

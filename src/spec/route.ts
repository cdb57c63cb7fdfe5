import type { UnroutedReason } from '../../mocks/shared/types.js';
import type { IndexedOperation, IndexedSpec, IndexedVariant, MatchCondition } from './types.js';

export interface RoutableRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export type RouteResult =
  | { operation: IndexedOperation; variant: IndexedVariant; pathParams: Record<string, string> }
  | { unrouted: UnroutedReason };

interface TemplatedPath {
  regex: RegExp;
  names: string[];
  byMethod: Map<string, IndexedOperation>;
}

/** Operations grouped by path: literal paths in a map (the common case), templated ones as regexes. */
interface Router {
  literal: Map<string, Map<string, IndexedOperation>>;
  templated: TemplatedPath[];
}

const routers = new WeakMap<IndexedSpec, Router>();

function routerFor(spec: IndexedSpec): Router {
  let router = routers.get(spec);
  if (router) return router;
  router = { literal: new Map(), templated: [] };
  for (const op of spec.operations) {
    if (!op.path.includes('{')) {
      const byMethod = router.literal.get(op.path) ?? new Map<string, IndexedOperation>();
      byMethod.set(op.method, op);
      router.literal.set(op.path, byMethod);
      continue;
    }
    let entry = router.templated.find((t) => t.regex.source === templateToRegex(op.path).regex.source);
    if (!entry) {
      entry = { ...templateToRegex(op.path), byMethod: new Map() };
      router.templated.push(entry);
    }
    entry.byMethod.set(op.method, op);
  }
  routers.set(spec, router);
  return router;
}

function templateToRegex(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}

/** Finds the operation and variant a request belongs to, the first variant whose `match` holds. */
export function routeRequest(spec: IndexedSpec, request: RoutableRequest): RouteResult {
  const router = routerFor(spec);
  let byMethod = router.literal.get(request.path);
  let pathParams: Record<string, string> = {};
  if (!byMethod) {
    for (const entry of router.templated) {
      const m = entry.regex.exec(request.path);
      if (!m) continue;
      byMethod = entry.byMethod;
      pathParams = Object.fromEntries(entry.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      break;
    }
  }
  if (!byMethod) return { unrouted: { kind: 'no-path' } };
  const operation = byMethod.get(request.method.toLowerCase());
  if (!operation) return { unrouted: { kind: 'method-not-allowed', allowed: [...byMethod.keys()].map((m) => m.toUpperCase()) } };
  const variant = matchVariant(operation, request);
  if (!variant) return { unrouted: { kind: 'no-variant', operationId: operation.operationId } };
  return { operation, variant, pathParams };
}

export function matchVariant(operation: IndexedOperation, request: Omit<RoutableRequest, 'method' | 'path'>): IndexedVariant | undefined {
  return operation.variants.find((variant) => variant.match.every((c) => conditionHolds(c, request)));
}

function conditionHolds(condition: MatchCondition, request: Omit<RoutableRequest, 'method' | 'path'>): boolean {
  const value =
    condition.in === 'body'
      ? resolvePointer(request.body, condition.pointer)
      : condition.in === 'query'
        ? request.query[condition.name]
        : request.headers[condition.name.toLowerCase()];
  if (condition.present !== undefined && (value !== undefined) !== condition.present) return false;
  if ('const' in condition && condition.const !== undefined && value !== condition.const) return false;
  return true;
}

/** RFC 6901 JSON pointer lookup; undefined when any step is missing. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

import type { UnroutedReason } from '../../mocks/shared/types.js';
import type { IndexedOperation, IndexedSpec, IndexedVariant, MatchCondition } from './types.js';

export interface RoutableRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

/** A request matched to an operation and the variant whose `match` holds. */
export interface RoutedRequest {
  operation: IndexedOperation;
  variant: IndexedVariant;
  pathParams: Record<string, string>;
}

export type RouteResult =
  | RoutedRequest
  | {
      unrouted: UnroutedReason;
      /**
       * For `method-not-allowed`: the operation the path alone names, when it names exactly one and
       * a variant matches. A server that never checks the method (Meta Service `ms-method-ignored`)
       * answers the request as this operation.
       */
      byPath?: RoutedRequest;
    };

interface TemplatedPath {
  regex: RegExp;
  names: string[];
  byMethod: Map<string, IndexedOperation>;
}

/**
 * Operations grouped by path: literal paths in a map (the common case), templated ones as regexes.
 * Each path maps its methods to operations: the spec's own method and the operation's
 * `x-accepted-methods` (which never take a method the path's spec already gives another operation).
 */
interface Router {
  literal: Map<string, Map<string, IndexedOperation>>;
  templated: TemplatedPath[];
}

const routers = new WeakMap<IndexedSpec, Router>();

function routerFor(spec: IndexedSpec): Router {
  let router = routers.get(spec);
  if (router) return router;
  router = { literal: new Map(), templated: [] };
  const pathMethods = (op: IndexedOperation): Map<string, IndexedOperation> => {
    if (!op.path.includes('{')) {
      const byMethod = router!.literal.get(op.path) ?? new Map<string, IndexedOperation>();
      router!.literal.set(op.path, byMethod);
      return byMethod;
    }
    let entry = router!.templated.find((t) => t.regex.source === templateToRegex(op.path).regex.source);
    if (!entry) {
      entry = { ...templateToRegex(op.path), byMethod: new Map() };
      router!.templated.push(entry);
    }
    return entry.byMethod;
  };
  for (const op of spec.operations) pathMethods(op).set(op.method, op);
  // Accepted methods second, so that a method the spec documents for the path keeps its operation.
  for (const op of spec.operations) {
    const byMethod = pathMethods(op);
    for (const method of op.acceptedMethods) if (!byMethod.has(method)) byMethod.set(method, op);
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
  if (!operation) {
    const unrouted: UnroutedReason = { kind: 'method-not-allowed', allowed: [...byMethod.keys()].map((m) => m.toUpperCase()) };
    const byPath = routeByPath(byMethod, request, pathParams);
    return byPath ? { unrouted, byPath } : { unrouted };
  }
  const variant = matchVariant(operation, request);
  if (!variant) return { unrouted: { kind: 'no-variant', operationId: operation.operationId } };
  return { operation, variant, pathParams };
}

/** The one operation a path names whatever the method, with its matching variant. */
function routeByPath(byMethod: Map<string, IndexedOperation>, request: MatchInput, pathParams: Record<string, string>): RoutedRequest | undefined {
  const operations = [...new Set(byMethod.values())];
  const operation = operations.length === 1 ? operations[0]! : undefined;
  const variant = operation && matchVariant(operation, request);
  return operation && variant ? { operation, variant, pathParams } : undefined;
}

type MatchInput = Omit<RoutableRequest, 'method' | 'path'>;
type CompiledCondition = (request: MatchInput) => boolean;

/**
 * An operation's variants ready to match: each condition compiled once (pointers split ahead of
 * time), and, when every variant names a `const` at one body pointer (Klustron's `job_type`), the
 * variants indexed by that value so a request is checked against its candidates only.
 */
interface VariantMatcher {
  compiled: Array<{ variant: IndexedVariant; conditions: CompiledCondition[] }>;
  discriminator?: { read: (body: unknown) => unknown; byValue: Map<unknown, number[]> };
}

const matchers = new WeakMap<IndexedOperation, VariantMatcher>();

function matcherFor(operation: IndexedOperation): VariantMatcher {
  let matcher = matchers.get(operation);
  if (matcher) return matcher;
  const compiled = operation.variants.map((variant) => ({ variant, conditions: variant.match.map(compileCondition) }));
  matcher = { compiled, discriminator: discriminatorOf(operation.variants) };
  matchers.set(operation, matcher);
  return matcher;
}

type BodyCondition = Extract<MatchCondition, { in: 'body' }>;

/** A variant's first `{in: body, const}` condition: the candidate discriminator. */
function bodyConstCondition(variant: IndexedVariant): BodyCondition | undefined {
  return variant.match.find((c): c is BodyCondition => c.in === 'body' && c.const !== undefined);
}

function discriminatorOf(variants: IndexedVariant[]): VariantMatcher['discriminator'] {
  const pointer = variants[0] && bodyConstCondition(variants[0])?.pointer;
  // A linear scan is as fast for a handful of variants.
  if (pointer === undefined || variants.length < 4) return undefined;
  if (!variants.every((v) => bodyConstCondition(v)?.pointer === pointer)) return undefined;
  const byValue = new Map<unknown, number[]>();
  variants.forEach((v, index) => {
    const value = bodyConstCondition(v)!.const;
    byValue.set(value, [...(byValue.get(value) ?? []), index]);
  });
  return { read: compilePointer(pointer), byValue };
}

function compileCondition(condition: MatchCondition): CompiledCondition {
  const read: (request: MatchInput) => unknown =
    condition.in === 'body'
      ? ((readBody) => (request: MatchInput) => readBody(request.body))(compilePointer(condition.pointer))
      : condition.in === 'query'
        ? (request) => request.query[condition.name]
        : ((name) => (request: MatchInput) => request.headers[name])(condition.name.toLowerCase());
  const { present } = condition;
  const expected = 'const' in condition ? condition.const : undefined;
  return (request) => {
    const value = read(request);
    if (present !== undefined && (value !== undefined) !== present) return false;
    return expected === undefined || value === expected;
  };
}

/** Finds the first variant whose `match` conditions all hold for the request. */
export function matchVariant(operation: IndexedOperation, request: MatchInput): IndexedVariant | undefined {
  const { compiled, discriminator } = matcherFor(operation);
  const holds = (index: number) => compiled[index]!.conditions.every((condition) => condition(request));
  if (discriminator) {
    const candidates = discriminator.byValue.get(discriminator.read(request.body)) ?? [];
    const index = candidates.find(holds);
    return index === undefined ? undefined : compiled[index]!.variant;
  }
  return compiled.find((_, index) => holds(index))?.variant;
}

/** A JSON pointer split into its tokens once, read many times. */
function compilePointer(pointer: string): (document: unknown) => unknown {
  if (pointer === '' || pointer === '/') return (document) => document;
  const tokens = pointer.slice(1).split('/').map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  return (document) => {
    let current: unknown = document;
    for (const token of tokens) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[token];
    }
    return current;
  };
}

/** RFC 6901 JSON pointer lookup; undefined when any step is missing. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  return compilePointer(pointer)(document);
}

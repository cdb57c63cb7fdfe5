import type { IndexedOperation, IndexedSpec, IndexedVariant } from '../spec/types.js';
import { inspectRequest, type InspectedRequest } from '../verify/cases/inspect-request.js';
import type { CaseRequest, Exchange } from '../verify/types.js';

export interface EntryMatch {
  spec: IndexedSpec;
  operation: IndexedOperation;
  /** Undefined when the operation matched but none of its variants (e.g. an unknown Klustron job_type). */
  variant?: IndexedVariant;
  inspected: InspectedRequest;
  /**
   * Set when the request was sent with a method the spec does not give its path (a POST to a
   * handler documented as PUT): it was matched by path, and these are the documented methods.
   */
  undocumentedMethod?: { sent: string; documented: string[] };
}

const portsBySpec = new WeakMap<IndexedSpec, ReadonlySet<string>>();

/** The ports a spec's servers name (literal or as a variable's default), computed once per spec. */
function serverPorts(spec: IndexedSpec): ReadonlySet<string> {
  const known = portsBySpec.get(spec);
  if (known) return known;
  const ports = new Set<string>();
  for (const server of spec.servers) {
    const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => String(server.variables?.[name]?.default ?? name));
    try {
      const parsed = new URL(url);
      ports.add(parsed.port || (parsed.protocol === 'https:' ? '443' : '80'));
    } catch {
      // A server URL that does not parse names no port.
    }
  }
  portsBySpec.set(spec, ports);
  return ports;
}

/** Methods an operation's documents use besides its OpenAPI method (`x-accepted-methods`, upper case). */
function acceptedMethods(operation: IndexedOperation): string[] {
  const listed = (operation.raw as { 'x-accepted-methods'?: unknown })['x-accepted-methods'];
  return [operation.method, ...(Array.isArray(listed) ? listed : [])].filter((m): m is string => typeof m === 'string').map((m) => m.toUpperCase());
}

function toMatch(spec: IndexedSpec, inspected: InspectedRequest): EntryMatch | undefined {
  if ('variant' in inspected) return { spec, operation: inspected.operation, variant: inspected.variant, inspected };
  if (inspected.operation) return { spec, operation: inspected.operation, inspected };
  return undefined;
}

/**
 * The operation a request's path names when its method is not one the spec gives that path: the
 * request is routed with each documented method in turn, and the operation that fits it best wins:
 * a variant reached, the fewest request problems, a body only where the operation reads one (a
 * PUT with a load job's body to Alluxio's /api/v1/load is submit_load_job, not the GET list).
 */
function matchByPath(spec: IndexedSpec, request: CaseRequest, documented: string[]): EntryMatch | undefined {
  let best: EntryMatch | undefined;
  const unreadBody = (m: EntryMatch) => (request.body !== undefined && !m.operation.requestBody ? 1 : 0);
  const score = (m: EntryMatch) => ('problems' in m.inspected ? m.inspected.problems.length + unreadBody(m) : Number.POSITIVE_INFINITY);
  for (const method of documented) {
    const match = toMatch(spec, inspectRequest(spec, { ...request, method }));
    if (match && (!best || score(match) < score(best))) best = match;
  }
  if (!best) return undefined;
  // Methods the document itself uses for the handler (x-accepted-methods) are documented, not a deviation.
  if (acceptedMethods(best.operation).includes(request.method)) return best;
  const documentedForPath = [...new Set([...documented, ...acceptedMethods(best.operation)])];
  return { ...best, undocumentedMethod: { sent: request.method, documented: documentedForPath } };
}

/** The match of one spec, by method and path, else by path alone. */
function matchSpec(spec: IndexedSpec, request: CaseRequest): EntryMatch | undefined {
  const inspected = inspectRequest(spec, request);
  if ('unrouted' in inspected && inspected.unrouted.kind === 'method-not-allowed') {
    return matchByPath(spec, request, inspected.unrouted.allowed.map((m) => m.toUpperCase()));
  }
  const match = toMatch(spec, inspected);
  // A router that serves a path whatever the method still leaves the method to judge.
  if (match && !acceptedMethods(match.operation).includes(request.method)) {
    return { ...match, undocumentedMethod: { sent: request.method, documented: acceptedMethods(match.operation) } };
  }
  return match;
}

/**
 * The API, operation and variant a captured request belongs to: every spec is tried (specs whose
 * servers use the request's port first); the first whose paths know the request's path wins.
 */
export function matchEntry(specs: IndexedSpec[], exchange: Exchange): EntryMatch | undefined {
  const url = new URL(exchange.origin);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const ordered = [...specs].sort((a, b) => Number(serverPorts(b).has(port)) - Number(serverPorts(a).has(port)));
  for (const spec of ordered) {
    const match = matchSpec(spec, exchange.request);
    if (match) return match;
  }
  return undefined;
}

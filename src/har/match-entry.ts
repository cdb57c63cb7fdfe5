import type { IndexedOperation, IndexedSpec, IndexedVariant } from '../spec/types.js';
import { inspectRequest, type InspectedRequest } from '../verify/cases/inspect-request.js';
import type { Exchange } from '../verify/types.js';

export interface EntryMatch {
  spec: IndexedSpec;
  operation: IndexedOperation;
  /** Undefined when the operation matched but none of its variants (e.g. an unknown Klustron job_type). */
  variant?: IndexedVariant;
  inspected: InspectedRequest;
}

/** The ports a spec's servers name (literal or as a variable's default). */
function serverPorts(spec: IndexedSpec): Set<string> {
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
  return ports;
}

/**
 * The API, operation and variant a captured request belongs to: every spec is tried (specs whose
 * servers use the request's port first); the first that routes the method and path wins.
 */
export function matchEntry(specs: IndexedSpec[], exchange: Exchange): EntryMatch | undefined {
  const url = new URL(exchange.origin);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const ordered = [...specs].sort((a, b) => Number(serverPorts(b).has(port)) - Number(serverPorts(a).has(port)));
  for (const spec of ordered) {
    const inspected = inspectRequest(spec, exchange.request);
    if ('variant' in inspected) return { spec, operation: inspected.operation, variant: inspected.variant, inspected };
    if (inspected.operation) return { spec, operation: inspected.operation, inspected };
  }
  return undefined;
}

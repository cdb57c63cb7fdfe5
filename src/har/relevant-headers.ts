import type { IndexedSpec } from '../spec/types.js';

/** Headers every API reads: credentials and the body's media type. */
const ALWAYS_RELEVANT = ['authorization', 'content-type'];

/** contract-kit's own request headers (`x-mock-fault`, `x-mock-scenario`) change what a mock answers. */
const CONTRACT_KIT_PREFIX = 'x-mock-';

const specHeaders = new WeakMap<IndexedSpec, ReadonlySet<string>>();

/**
 * The request headers a spec gives a meaning to: header parameters, header-borne credentials and
 * headers its variants are told apart by. Computed once per spec.
 */
function headersOf(spec: IndexedSpec): ReadonlySet<string> {
  let names = specHeaders.get(spec);
  if (names) return names;
  const found = new Set<string>(ALWAYS_RELEVANT);
  for (const scheme of Object.values(spec.securitySchemes)) {
    if (scheme.type === 'apiKey' && scheme.in === 'header') found.add(scheme.name.toLowerCase());
    if (scheme.type === 'apiKey' && scheme.in === 'cookie') found.add('cookie');
  }
  for (const operation of spec.operations) {
    for (const parameter of operation.parameters) if (parameter.in === 'header') found.add(parameter.name.toLowerCase());
    for (const variant of operation.variants) {
      for (const condition of variant.match) if (condition.in === 'header') found.add(condition.name.toLowerCase());
    }
  }
  names = found;
  specHeaders.set(spec, names);
  return names;
}

/**
 * A captured request's headers without the capturing client's noise (a browser's cookie,
 * user-agent, sec-*, accept-*): what is left is what a curl line needs to reproduce the exchange.
 * With no spec (an unmatched request) the headers any of the given specs reads are kept.
 */
export function relevantHeaders(specs: IndexedSpec[], headers: Record<string, string>): Record<string, string> {
  const known = specs.map(headersOf);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(CONTRACT_KIT_PREFIX) || known.some((names) => names.has(name)) || (known.length === 0 && ALWAYS_RELEVANT.includes(name))) {
      out[name] = value;
    }
  }
  return out;
}

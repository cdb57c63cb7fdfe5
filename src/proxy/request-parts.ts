import { parseQuery } from '../serve/decode.js';
import type { CaseRequest } from '../verify/types.js';
import type { ProxiedExchange } from './types.js';

/** A proxied request as the verify layer reads requests: path and query apart, the body as text (as far as it was kept). */
export function requestParts(request: ProxiedExchange['request']): CaseRequest {
  const { target, method, headers, body } = request;
  const q = target.indexOf('?');
  return {
    method,
    path: q === -1 ? target : target.slice(0, q),
    query: parseQuery(q === -1 ? '' : target.slice(q + 1)),
    headers,
    body: body.bytes > 0 ? body.text : undefined,
  };
}

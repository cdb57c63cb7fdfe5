import { isUtf8 } from 'node:buffer';
import type { DecodedRequestParts, RequestProblem } from '../../mocks/shared/types.js';

/**
 * A request as any adapter receives it, before contract-kit has looked at it: the node:http and
 * MSW adapters both reduce their framework's request to this, so everything after is one code path.
 */
export interface NeutralRequest {
  method: string;
  /** Path plus query string as sent (`/api/backends?is_alive=true`); an absolute URL is accepted too. */
  url: string;
  /** Header names lower-cased (node:http already does; repeated headers may be arrays). */
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer | string;
}

/** The parts of a request that routing, validation and the simulator read. */
export interface DecodedRequest extends DecodedRequestParts {
  bodyIsMalformedJson: boolean;
  /** What is wrong with the body's bytes (invalid UTF-8, NUL bytes), before any schema is applied. */
  byteProblems: RequestProblem[];
}

export function decodeRequest(request: NeutralRequest): DecodedRequest {
  const { path, search } = splitUrl(request.url);
  const { text, byteProblems } = decodeBodyBytes(request.rawBody);
  let body: unknown;
  let bodyIsMalformedJson = false;
  if (text.length > 0) {
    // Whatever the Content-Type: Meta Service clients send JSON as text/plain.
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
      bodyIsMalformedJson = true;
    }
  }
  return {
    method: request.method.toUpperCase(),
    path,
    query: parseQuery(search),
    headers: singleValuedHeaders(request.headers),
    body,
    rawBody: text,
    bodyIsMalformedJson,
    byteProblems,
  };
}

function splitUrl(url: string): { path: string; search: string } {
  let start = 0;
  // Absolute-form request targets (proxies, MSW) carry scheme and authority before the path.
  if (url.charCodeAt(0) !== 47 /* / */) {
    const schemeEnd = url.indexOf('://');
    if (schemeEnd !== -1) {
      const pathStart = url.indexOf('/', schemeEnd + 3);
      start = pathStart === -1 ? url.length : pathStart;
    }
  }
  const hash = url.indexOf('#', start);
  const end = hash === -1 ? url.length : hash;
  const question = url.indexOf('?', start);
  if (question === -1 || question > end) return { path: url.slice(start, end) || '/', search: '' };
  return { path: url.slice(start, question) || '/', search: url.slice(question + 1, end) };
}

/**
 * A record with no Object.prototype in its chain, so that a parameter or header named
 * `constructor` or `__proto__` is just a key. Not `Object.create(null)`: V8 keeps those in
 * dictionary mode, which made reading and serialising every request's query and headers several
 * times slower (node's own querystring uses this same construction for that reason).
 */
const BareRecord = function BareRecord() {} as unknown as new () => Record<string, string>;
BareRecord.prototype = Object.create(null);

/** Query parameters; a repeated name keeps its first value (the SimRequest contract). */
export function parseQuery(search: string): Record<string, string> {
  const query = new BareRecord();
  if (search.length === 0) return query;
  for (const pair of search.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    if (name in query) continue;
    query[name] = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1));
  }
  return query;
}

function decodeComponent(component: string): string {
  const spaced = component.includes('+') ? component.replace(/\+/g, ' ') : component;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape (`%zz`) is kept as sent: the schema or the simulator judges the value.
    return spaced;
  }
}

function singleValuedHeaders(headers: NeutralRequest['headers']): Record<string, string> {
  const result = new BareRecord();
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    result[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return result;
}

const EMPTY: RequestProblem[] = [];

function decodeBodyBytes(raw: Buffer | string): { text: string; byteProblems: RequestProblem[] } {
  if (typeof raw === 'string') {
    return { text: raw, byteProblems: raw.includes('\u0000') ? [nulProblem()] : EMPTY };
  }
  if (raw.length === 0) return { text: '', byteProblems: EMPTY };
  const problems: RequestProblem[] = [];
  if (!isUtf8(raw)) {
    problems.push({ in: 'body', pointer: '', message: 'request body is not valid UTF-8' });
  }
  if (raw.indexOf(0) !== -1) problems.push(nulProblem());
  // Invalid sequences become U+FFFD: the simulator still sees the rest of the text.
  return { text: raw.toString('utf8'), byteProblems: problems.length ? problems : EMPTY };
}

function nulProblem(): RequestProblem {
  return { in: 'body', pointer: '', message: 'request body contains NUL bytes' };
}

import type { ApiId, RequestProblem } from '../../mocks/shared/types.js';
import { API_IDS } from '../../mocks/shared/types.js';
import { loadSpec } from '../spec/load.js';
import type { IndexedSpec } from '../spec/types.js';
import { curlCommand, requestUrl } from '../verify/curl.js';
import { DEFAULT_MAX_RESPONSE_TIME_MS } from '../verify/run.js';
import type { CheckResult, Exchange, Verdict } from '../verify/types.js';
import type { HarEntry, HarFile } from './har-types.js';
import { filteredOut, forcedApiHost, type HostFilter } from './hosts.js';
import { judgeExchange } from './judge-entry.js';
import { matchEntry, type EntryMatch } from './match-entry.js';
import { entryToExchange } from './read-har.js';
import { relevantHeaders } from './relevant-headers.js';
import { describeUndocumentedPath } from './undocumented-path.js';

/**
 * The verdicts of verify (`pass`, `fail`, `known-deviation`, `skip`) plus check-har's own:
 * `unmatched` (API traffic no documented operation has) and `not-api` (other traffic of the
 * capture: page assets, other hosts).
 */
export type HarVerdict = Verdict | 'unmatched' | 'not-api';

export interface HarEntryReport {
  /** Position in the HAR's log.entries. */
  index: number;
  verdict: HarVerdict;
  /** The request URL's host (`name[:port]`); empty when the URL is not absolute http(s). */
  host: string;
  method: string;
  /** The request URL, secrets in the query redacted. */
  url: string;
  status: number;
  durationMs: number;
  api?: ApiId;
  operationId?: string;
  variant?: string;
  /**
   * Set when the request used a method the spec does not give its path: the documented methods,
   * and the `x-observed` id that says real servers accept the method anyway.
   */
  undocumentedMethod?: { documented: string[]; acceptedBy?: string };
  /** How the request breaks the documented request (schema, parameters); absent when it does not. */
  requestProblems?: RequestProblem[];
  /** Failed checks (all checks with `verbose`). */
  checks: CheckResult[];
  /** The `x-observed` ids of the known deviations the exchange shows (method, answer). */
  knownDeviations?: string[];
  /** Why the entry is unmatched, not API traffic or skipped; what a rejection was expected for. */
  reason?: string;
  /** A curl line that reproduces the request: only the headers that matter, secrets redacted. */
  curl?: string;
}

export interface HarReport {
  summary: { pass: number; fail: number; knownDeviation: number; skip: number; unmatched: number; notApi: number };
  entries: HarEntryReport[];
}

export interface CheckHarOptions extends HostFilter {
  /** Match against this API only (default: all four). */
  api?: ApiId;
  /** The specs to judge against (default: the project's, all four or `api`'s). */
  specs?: IndexedSpec[];
  maxResponseTimeMs?: number;
  /** Keep passing checks in the report too. */
  verbose?: boolean;
}

/** One entry on its way through the judgement: its exchange and what it matched. */
interface Located {
  index: number;
  entry: HarEntry;
  exchange?: Exchange;
  url?: URL;
  match?: EntryMatch;
}

/** Verdict → its summary key (verify's camelCase vocabulary); the proxy counts with it too. */
export const SUMMARY_KEY: Record<HarVerdict, keyof HarReport['summary']> = {
  pass: 'pass',
  fail: 'fail',
  'known-deviation': 'knownDeviation',
  skip: 'skip',
  unmatched: 'unmatched',
  'not-api': 'notApi',
};

export function summarise(entries: HarEntryReport[]): HarReport['summary'] {
  const summary = { pass: 0, fail: 0, knownDeviation: 0, skip: 0, unmatched: 0, notApi: 0 };
  for (const e of entries) summary[SUMMARY_KEY[e.verdict]]++;
  return summary;
}

/** A URL that is not absolute http(s) is shown without its query, which may hold secrets. */
function shownUrl(located: Located): string {
  if (located.exchange) return requestUrl(located.exchange.origin, located.exchange.request, true);
  const raw = located.entry.request.url;
  return raw.includes('?') ? `${raw.slice(0, raw.indexOf('?'))}?…` : raw;
}

function judge(located: Located, specs: IndexedSpec[], apiHosts: Set<string>, options: CheckHarOptions): HarEntryReport {
  const { index, entry, exchange, url, match } = located;
  const base = {
    index,
    host: url?.host ?? '',
    method: entry.request.method.toUpperCase(),
    url: shownUrl(located),
    status: entry.response.status,
    durationMs: entry.time ?? 0,
    checks: [] as CheckResult[],
  };
  if (!exchange || !url) return { ...base, verdict: 'not-api', reason: 'not an absolute http(s) URL' };
  const excluded = filteredOut(options, url);
  if (excluded) return { ...base, verdict: 'not-api', reason: excluded };
  if (!apiHosts.has(url.host)) return { ...base, verdict: 'not-api', reason: `no path of host ${url.host} is documented by ${options.api ?? 'any API'}` };
  // Judged and reproduced without the capturing client's own headers (cookies, user-agent, sec-*).
  const request = { ...exchange.request, headers: relevantHeaders(match ? [match.spec] : specs, exchange.request.headers) };
  const curl = curlCommand(exchange.origin, request);
  const named = match && { api: match.spec.api, operationId: match.operation.operationId, variant: match.variant?.name };
  if (request.method === 'OPTIONS' && exchange.request.headers['access-control-request-method'] !== undefined) {
    return { ...base, verdict: 'skip', reason: 'a CORS preflight the browser sent before the request itself (not an API call)', curl };
  }
  if (entry.response.status === 0) {
    return { ...base, ...named, verdict: 'skip', reason: 'no response was captured (status 0: the request was blocked, cancelled or failed)', curl };
  }
  if (!match) return { ...base, verdict: 'unmatched', reason: describeUndocumentedPath(specs, request.path), curl };
  const judgement = judgeExchange(match, { ...exchange, request }, { maxResponseTimeMs: options.maxResponseTimeMs ?? DEFAULT_MAX_RESPONSE_TIME_MS, verbose: options.verbose });
  return { ...base, ...named, ...judgement, curl };
}

/**
 * Judges every entry of a HAR against the specs, in HAR order. A host is API traffic when one of
 * its requests has a documented path (or `onlyHosts` names it); the other hosts' entries are
 * `not-api` and fail nothing. On API hosts a request with an undocumented path is `unmatched`,
 * saying which API's handler or path it resembles.
 */
export async function checkHar(har: HarFile, options: CheckHarOptions = {}): Promise<HarReport> {
  const specs = options.specs ?? (await Promise.all((options.api ? [options.api] : API_IDS).map((api) => loadSpec(api))));
  const located: Located[] = har.log.entries.map((entry, index) => {
    const exchange = entryToExchange(entry);
    if (!exchange) return { index, entry };
    const url = new URL(exchange.origin);
    const skipped = filteredOut(options, url);
    return { index, entry, exchange, url, match: skipped ? undefined : matchEntry(specs, exchange) };
  });
  const apiHosts = new Set<string>();
  for (const { url, match } of located) if (url && (match || forcedApiHost(options, url))) apiHosts.add(url.host);
  const entries = located.map((l) => judge(l, specs, apiHosts, options));
  return { summary: summarise(entries), entries };
}

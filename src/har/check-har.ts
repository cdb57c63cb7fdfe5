import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { loadSpec } from '../spec/load.js';
import { requestUrl } from '../verify/curl.js';
import { carriesCredentials, requiredSchemes } from '../verify/cases/credentials.js';
import { BAD_CREDENTIALS, BAD_DATA, rejectionStatuses } from '../verify/rejections.js';
import { evaluateExchange } from '../verify/checks/index.js';
import { DEFAULT_MAX_RESPONSE_TIME_MS } from '../verify/run.js';
import type { CheckResult, Expectation } from '../verify/types.js';
import type { HarFile } from './har-types.js';
import { matchEntry, type EntryMatch } from './match-entry.js';
import { entryToExchange } from './read-har.js';

export type HarVerdict = 'pass' | 'fail' | 'known-deviation' | 'unmatched';

export interface HarEntryReport {
  /** Position in the HAR's log.entries. */
  index: number;
  verdict: HarVerdict;
  api?: ApiId;
  operationId?: string;
  variant?: string;
  method: string;
  /** The request URL, secrets in the query redacted. */
  url: string;
  status: number;
  /** Failed checks (all checks with `verbose`). */
  checks: CheckResult[];
  /** The `x-observed` id a known deviation matches. */
  observed?: string;
  /** Why the entry is unmatched, or what the request broke. */
  note?: string;
}

export interface HarReport {
  summary: Record<HarVerdict, number>;
  entries: HarEntryReport[];
}

export interface CheckHarOptions {
  /** Match against this API only (default: all four). */
  api?: ApiId;
  maxResponseTimeMs?: number;
  /** Keep passing checks in the report too. */
  verbose?: boolean;
}

/**
 * What the captured exchange should have got: a rejection when the request breaks its variant's
 * schema or lacks the credentials the operation requires (and the spec documents the rejection),
 * else a documented answer.
 */
function expectationOf(match: EntryMatch, request: Parameters<typeof carriesCredentials>[0]): { expectation: Expectation; note?: string } {
  const { spec, operation, variant, inspected } = match;
  if (!carriesCredentials(request, requiredSchemes(spec, operation))) {
    const statuses = rejectionStatuses(spec, operation, variant, BAD_CREDENTIALS);
    if (statuses) return { expectation: { kind: 'rejected', statuses, why: 'the request carries no credentials' }, note: 'no credentials' };
  }
  const problems = 'problems' in inspected ? inspected.problems : [];
  if (problems.length > 0 || !variant) {
    const why = variant ? `the request is invalid: ${problems.map((p) => p.message).join('; ')}` : 'the request matches none of the operation\'s variants';
    const statuses = rejectionStatuses(spec, operation, variant, BAD_DATA);
    return { expectation: { kind: 'rejected', statuses: statuses ?? [], why }, note: why };
  }
  return { expectation: { kind: 'documented' } };
}

/** Judges every entry of a HAR against the specs, in HAR order. */
export async function checkHar(har: HarFile, options: CheckHarOptions = {}): Promise<HarReport> {
  const specs = await Promise.all((options.api ? [options.api] : API_IDS).map((api) => loadSpec(api)));
  const entries: HarEntryReport[] = har.log.entries.map((entry, index) => {
    const exchange = entryToExchange(entry);
    const base = { index, method: entry.request.method.toUpperCase(), status: entry.response.status, checks: [] as CheckResult[] };
    if (!exchange) return { ...base, verdict: 'unmatched', url: entry.request.url, note: 'not an absolute http(s) URL' };
    const url = requestUrl(exchange.origin, exchange.request, true);
    const match = matchEntry(specs, exchange);
    if (!match) {
      return { ...base, verdict: 'unmatched', url, note: `no documented operation of ${options.api ?? 'any API'} has this method and path` };
    }
    const { expectation, note } = expectationOf(match, exchange.request);
    const evaluation = evaluateExchange(
      { spec: match.spec, operation: match.operation, variant: match.variant, maxResponseTimeMs: options.maxResponseTimeMs ?? DEFAULT_MAX_RESPONSE_TIME_MS },
      exchange,
      expectation,
    );
    const failed = evaluation.checks.filter((c) => c.status === 'fail');
    const verdict: HarVerdict = failed.length === 0 ? 'pass' : failed.every((c) => c.knownDeviation) ? 'known-deviation' : 'fail';
    return {
      ...base,
      verdict,
      api: match.spec.api,
      operationId: match.operation.operationId,
      variant: match.variant?.name,
      url,
      checks: options.verbose ? evaluation.checks : failed,
      observed: evaluation.knownDeviation,
      note,
    };
  });
  const summary: Record<HarVerdict, number> = { pass: 0, fail: 0, 'known-deviation': 0, unmatched: 0 };
  for (const e of entries) summary[e.verdict]++;
  return { summary, entries };
}

/** One line per entry, failures with their check messages, and a summary line. */
export function harConsoleReport(report: HarReport): string {
  const lines = report.entries.map((e) => {
    const what = e.operationId ? `${e.api} ${e.operationId}${e.variant && e.variant !== 'default' ? ` [${e.variant}]` : ''}` : '';
    const head = `#${e.index} ${e.verdict.toUpperCase()} ${e.method} ${e.url} → ${e.status} ${what}${e.observed ? ` (known deviation: ${e.observed})` : ''}${e.verdict === 'unmatched' && e.note ? ` (${e.note})` : ''}`;
    const details = e.verdict === 'fail' ? e.checks.filter((c) => c.status === 'fail').map((c) => `    ${c.message?.replace(/\n/g, '\n    ')}`) : [];
    return [head, ...details].join('\n');
  });
  const s = report.summary;
  lines.push(`${s.pass} passed, ${s.fail} failed, ${s['known-deviation']} known-deviation, ${s.unmatched} unmatched`);
  return lines.join('\n');
}

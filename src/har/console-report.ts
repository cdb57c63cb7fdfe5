import { show } from '../verify/checks/context.js';
import type { CheckResult } from '../verify/types.js';
import type { HarEntryReport, HarReport } from './check-har.js';

/** Failed check messages end with their curl line; an entry prints its curl line once. */
function withoutCurl(message: string): string[] {
  return message.split('\n').filter((line) => !line.startsWith('  reproduce: '));
}

/** A failed check: its message, then every further problem it found (schema checks find several). */
function checkLines(check: CheckResult, brief: boolean): string[] {
  const [head = check.name, ...details] = withoutCurl(check.message ?? check.name);
  const lines = [`${head}${check.knownDeviation ? ` [known deviation ${check.knownDeviation}]` : ''}`];
  if (!brief) lines.push(...details);
  for (const problem of check.problems?.slice(1) ?? []) {
    lines.push(`  also at ${problem.pointer || '(root)'}: ${problem.message} (expected ${show(problem.expected)}, actual ${show(problem.actual)})`);
  }
  return lines;
}

/**
 * Every problem of an entry, one line each: an undocumented method, each way the request breaks
 * its documented request, each failed check with all its problems, and why an entry was not judged.
 * `brief` leaves out the expected/actual lines of checks a known deviation explains.
 */
export function entryProblems(entry: HarEntryReport, brief = false): string[] {
  const lines: string[] = [];
  if (entry.undocumentedMethod) {
    const { documented, acceptedBy } = entry.undocumentedMethod;
    lines.push(
      `method ${entry.method} is not documented for ${entry.operationId} (the spec documents ${documented.join(', ')})` +
        (acceptedBy ? `; real servers accept it (x-observed ${acceptedBy})` : ''),
    );
  }
  for (const problem of entry.requestProblems ?? []) lines.push(`request invalid: ${problem.message}`);
  for (const check of entry.checks) if (check.status === 'fail') lines.push(...checkLines(check, brief && check.knownDeviation !== undefined));
  if (entry.verdict === 'fail' && entry.reason) lines.push(entry.reason);
  return lines;
}

function headLine(e: HarEntryReport): string {
  const what = e.operationId ? `  ${e.api} ${e.operationId}${e.variant && e.variant !== 'default' ? ` [${e.variant}]` : ''}` : '';
  const known = e.knownDeviations ? `  (known deviation: ${e.knownDeviations.join(', ')})` : '';
  const why = e.verdict === 'unmatched' || e.verdict === 'skip' || e.verdict === 'not-api' ? `  (${e.reason})` : '';
  return `#${e.index} ${e.verdict.toUpperCase()} ${e.method} ${e.url} → ${e.status}${what}${known}${why}`;
}

/** `4 on cdn.example, 1 on localhost:3000`: where the traffic that was not judged went. */
function notApiLine(entries: HarEntryReport[]): string | undefined {
  const byHost = new Map<string, number>();
  for (const e of entries) if (e.verdict === 'not-api') byHost.set(e.host || '(no host)', (byHost.get(e.host || '(no host)') ?? 0) + 1);
  if (byHost.size === 0) return undefined;
  const hosts = [...byHost].sort((a, b) => b[1] - a[1]).map(([host, n]) => `${n} on ${host}`);
  return `not API traffic, not judged: ${hosts.join(', ')} (--only-host <host> judges a host's traffic)`;
}

export function summaryLine(summary: HarReport['summary']): string {
  const s = summary;
  return `${s.pass} passed, ${s.fail} failed, ${s.knownDeviation} known-deviation, ${s.skip} skipped, ${s.unmatched} unmatched, ${s.notApi} not-api`;
}

/**
 * The text report: one line per judged entry; failures with every problem and a curl line; known
 * deviations with the facts that explain them and what the request broke; traffic that is not
 * API traffic summed up per host (listed entry by entry with `verbose`); a summary line.
 */
export function harConsoleReport(report: HarReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  for (const e of report.entries) {
    if (e.verdict === 'not-api' && !options.verbose) continue;
    lines.push(headLine(e));
    lines.push(...entryProblems(e, true).map((line) => `    ${line}`));
    if ((e.verdict === 'fail' || e.verdict === 'unmatched') && e.curl) lines.push(`    reproduce: ${e.curl}`);
  }
  const notApi = options.verbose ? undefined : notApiLine(report.entries);
  if (notApi) lines.push(notApi);
  lines.push(summaryLine(report.summary));
  return lines.join('\n');
}

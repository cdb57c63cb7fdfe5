import type { CaseResult, ContractReport } from '../types.js';
import { coverageLine, coverageTable } from './coverage.js';

export const MARK: Record<CaseResult['verdict'], string> = { pass: '✓', fail: '✗', 'known-deviation': '~', skip: '-' };

export function summaryLine(summary: ContractReport['summary']): string {
  return `${summary.pass} passed, ${summary.fail} failed, ${summary.knownDeviation} known-deviation, ${summary.skip} skipped`;
}

function indent(text: string, by: string): string {
  return text.split('\n').map((line) => by + line).join('\n');
}

export interface ConsoleOptions {
  /** List passing and skipped cases, and the coverage table. */
  verbose?: boolean;
  /** Only failures, the coverage gate and the summary. */
  quiet?: boolean;
  /** Per-operation count lines (false when progress already printed them). */
  operationLines?: boolean;
}

function caseLines(r: CaseResult, options: ConsoleOptions): string[] {
  if ((r.verdict === 'pass' || r.verdict === 'skip') && !options.verbose) return [];
  if (r.verdict === 'known-deviation' && options.quiet) return [];
  const note = r.verdict === 'known-deviation' ? ` (known deviation: ${r.knownDeviations?.join(', ')})` : r.verdict === 'skip' ? ` (${r.reason})` : '';
  const lines = [`    ${MARK[r.verdict]} ${r.title}${note}`];
  if (r.verdict !== 'fail') return lines;
  if (r.reason) lines.push(indent(r.reason, '        '));
  for (const c of r.checks) if (c.status === 'fail' && c.message) lines.push(indent(`${c.step ? `[${c.step}] ` : ''}${c.message}`, '        '));
  return lines;
}

/**
 * The console report: cases grouped by operation, failures with their check messages (pointer,
 * expected/actual, curl), known deviations with their x-observed id, skip reasons, coverage and a
 * summary line per API. `verbose` lists passing cases and the coverage table too.
 */
export function consoleReport(report: ContractReport, options: ConsoleOptions = {}): string {
  const operationLines = options.operationLines ?? !options.quiet;
  const lines = [`${report.api} against ${report.target}${report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : ''}`];
  if (report.preflight?.status === 'fail') {
    // Nothing ran: one message with the cause and the fix instead of one failure per case.
    lines.push(`  ${MARK.fail} preflight (${report.preflight.probe}): ${report.preflight.message}`);
    lines.push(`${report.api}: preflight failed, no case ran (${Math.round(report.durationMs)} ms)`);
    return lines.join('\n');
  }
  const byOperation = new Map<string, CaseResult[]>();
  for (const r of report.cases) byOperation.set(r.operationId, [...(byOperation.get(r.operationId) ?? []), r]);
  for (const [operationId, results] of byOperation) {
    const details = results.flatMap((r) => caseLines(r, options));
    if (operationLines) {
      const counts = { pass: 0, fail: 0, 'known-deviation': 0, skip: 0 };
      for (const r of results) counts[r.verdict]++;
      lines.push(`  ${operationId}: ${counts.pass} passed, ${counts.fail} failed, ${counts['known-deviation']} known-deviation, ${counts.skip} skipped`);
    } else if (details.length) lines.push(`  ${operationId}:`);
    lines.push(...details);
  }
  const skips = new Set(report.cases.filter((r) => r.verdict === 'skip').map((r) => r.reason));
  if (skips.size && !options.verbose && !options.quiet) lines.push(`  skipped because: ${[...skips].join('; ')}`);
  if (options.verbose || (report.coverageGate && !options.quiet)) lines.push(coverageTable(report));
  else if (report.coverageGate || !options.quiet) lines.push(coverageLine(report));
  if (report.incomplete) lines.push(`${report.api}: INCOMPLETE — the run was interrupted; only the cases that finished are reported`);
  lines.push(`${report.api}: ${summaryLine(report.summary)} (${Math.round(report.durationMs)} ms)`);
  return lines.join('\n');
}

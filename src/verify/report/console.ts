import type { CaseResult, ContractReport } from '../types.js';

const MARK: Record<CaseResult['verdict'], string> = { pass: '✓', fail: '✗', 'known-deviation': '~', skip: '-' };

export function summaryLine(summary: ContractReport['summary']): string {
  return `${summary.pass} passed, ${summary.fail} failed, ${summary.knownDeviation} known-deviation, ${summary.skip} skipped`;
}

function indent(text: string, by: string): string {
  return text.split('\n').map((line) => by + line).join('\n');
}

/**
 * The console report: cases grouped by operation, failures with their check messages (pointer,
 * expected/actual, curl), known deviations with their x-observed id, a summary line per API.
 * `verbose` lists passing cases too.
 */
export function consoleReport(report: ContractReport, options: { verbose?: boolean } = {}): string {
  const lines = [`${report.api} against ${report.target}`];
  const byOperation = new Map<string, CaseResult[]>();
  for (const r of report.cases) byOperation.set(r.operationId, [...(byOperation.get(r.operationId) ?? []), r]);
  for (const [operationId, results] of byOperation) {
    const counts = { pass: 0, fail: 0, 'known-deviation': 0, skip: 0 };
    for (const r of results) counts[r.verdict]++;
    lines.push(`  ${operationId}: ${counts.pass} passed, ${counts.fail} failed, ${counts['known-deviation']} known-deviation, ${counts.skip} skipped`);
    for (const r of results) {
      if (r.verdict === 'pass' && !options.verbose) continue;
      if (r.verdict === 'skip' && !options.verbose) continue;
      const note = r.verdict === 'known-deviation' ? ` (known deviation: ${r.knownDeviations?.join(', ')})` : r.verdict === 'skip' ? ` (${r.reason})` : '';
      lines.push(`    ${MARK[r.verdict]} ${r.title}${note}`);
      if (r.verdict !== 'fail') continue;
      if (r.reason) lines.push(indent(r.reason, '        '));
      for (const c of r.checks) if (c.status === 'fail' && c.message) lines.push(indent(`${c.step ? `[${c.step}] ` : ''}${c.message}`, '        '));
    }
  }
  const skips = new Set(report.cases.filter((r) => r.verdict === 'skip').map((r) => r.reason));
  if (skips.size && !options.verbose) lines.push(`  skipped because: ${[...skips].join('; ')}`);
  lines.push(`${report.api}: ${summaryLine(report.summary)} (${Math.round(report.durationMs)} ms)`);
  return lines.join('\n');
}

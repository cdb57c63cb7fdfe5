import type { ContractReport, CoverageEntry } from '../types.js';

export interface CoverageTotals {
  documented: number;
  exercised: number;
  /** Exercised over documented statuses, 0-100, one decimal; 100 when nothing is documented. */
  percent: number;
}

/** Coverage over operations × variants × documented statuses. */
export function coverageTotals(coverage: CoverageEntry[]): CoverageTotals {
  let documented = 0;
  let exercised = 0;
  for (const entry of coverage) {
    documented += entry.documented.length;
    exercised += entry.exercised.length;
  }
  return { documented, exercised, percent: documented === 0 ? 100 : Math.floor((exercised / documented) * 1000) / 10 };
}

/** `--min-coverage 80%` (or `80`): the gate in percent. */
export function parseCoverageGate(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return value >= 0 && value <= 100 ? value : undefined;
}

export function coverageLine(report: ContractReport): string {
  const totals = coverageTotals(report.coverage);
  const gate = report.coverageGate ? ` (gate ${report.coverageGate.minPercent}%: ${report.coverageGate.passed ? 'met' : 'NOT met'})` : '';
  return `${report.api} coverage: ${totals.percent}% of documented statuses (${totals.exercised} of ${totals.documented} over operations × variants)${gate}`;
}

/** The coverage table: one row per operation/variant, what is documented, exercised and missing. */
export function coverageTable(report: ContractReport): string {
  const rows = report.coverage.map((e) => [
    e.variant === 'default' ? e.operationId : `${e.operationId} [${e.variant}]`,
    `${e.exercised.length}/${e.documented.length}`,
    e.documented.filter((s) => !e.exercised.includes(s)).join(' ') || '-',
  ]);
  const header = ['operation [variant]', 'exercised', 'missing statuses'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), coverageLine(report)].join('\n');
}

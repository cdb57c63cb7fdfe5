import type { ContractReport } from '../types.js';

/** The `--json` report: `{ api, target, summary, coverage, cases }` (see issue 4). */
export function jsonReport(reports: ContractReport[]): string {
  const body = reports.length === 1 ? reports[0] : { reports };
  return `${JSON.stringify(body, null, 2)}\n`;
}

import type { LintResult } from './types.js';

/** The lint results of several files, ready to print. */
export interface LintReport {
  files: { file: string; diagnostics: LintResult }[];
  errors: number;
  warnings: number;
}

export function summarize(files: LintReport['files']): LintReport {
  const all = files.flatMap((entry) => entry.diagnostics);
  return {
    files,
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
  };
}

/** `file:line  severity  code  message` per problem, then a one-line summary. */
export function formatText(report: LintReport): string {
  const lines = report.files.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => `${file}:${d.line}  ${d.severity}  ${d.code}  ${d.message}  (${d.path})`),
  );
  const problems = report.errors + report.warnings;
  const others = report.files.reduce((n, f) => n + f.diagnostics.length, 0) - problems;
  lines.push(
    `${report.files.length} spec(s) linted: ${report.errors} error(s), ${report.warnings} warning(s)` +
      (others > 0 ? `, ${others} info/hint(s)` : '') +
      (report.errors === 0 ? ' — OK' : ''),
  );
  return lines.join('\n') + '\n';
}

export function formatJson(report: LintReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

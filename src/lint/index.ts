import { isAbsolute, relative } from 'node:path';
import { API_IDS } from '../../mocks/shared/types.js';
import { specPath } from '../spec/locate.js';
import { lintSpec } from './lint-spec.js';
import { formatJson, formatText, summarize } from './report.js';

export { lintSpec, formatJsonPath } from './lint-spec.js';
export { contractKitRuleset } from './ruleset.js';
export type { LintDiagnostic, LintResult, LintSeverity } from './types.js';
export type { LintReport } from './report.js';

export interface LintCommandOptions {
  format: 'text' | 'json';
  /** Where the report goes; stdout by default. */
  write?: (text: string) => void;
}

/** The project's own specs are shown relative to the working directory when they are under it. */
function shortPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : file;
}

/**
 * `contract-kit lint [files...]`: lints the given specs (all four when none are given), prints
 * the report and returns the exit code: 0 when there is no error (warnings allowed), 1 otherwise.
 */
export async function runLintCommand(files: string[], opts: LintCommandOptions): Promise<number> {
  const targets = files.length > 0 ? files : API_IDS.map((api) => shortPath(specPath(api)));
  const results = [];
  for (const file of targets) results.push({ file, diagnostics: await lintSpec(file) });
  const report = summarize(results);
  const write = opts.write ?? ((text: string) => process.stdout.write(text));
  write(opts.format === 'json' ? formatJson(report) : formatText(report));
  return report.errors === 0 ? 0 : 1;
}

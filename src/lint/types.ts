export type LintSeverity = 'error' | 'warning' | 'info' | 'hint';

/** One problem found in a spec. */
export interface LintDiagnostic {
  severity: LintSeverity;
  /** The rule that found it: a Spectral `oas` rule name or a project rule (`ck-...`). */
  code: string;
  message: string;
  /** Where, as a JSON path into the spec (`$.paths['/api/backends'].get['x-safety']`). */
  path: string;
  /** 1-based line in the spec file; 0 when the problem has no position (e.g. an unreadable file). */
  line: number;
}

/** Every problem found in one spec file, in file order. */
export type LintResult = LintDiagnostic[];

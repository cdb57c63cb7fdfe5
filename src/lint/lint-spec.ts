import { readFile } from 'node:fs/promises';
import { Document, Spectral, type ISpectralDiagnostic } from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { contractKitRuleset } from './ruleset.js';
import type { LintDiagnostic, LintResult, LintSeverity } from './types.js';

// Spectral's DiagnosticSeverity enum: Error 0, Warning 1, Information 2, Hint 3.
const SEVERITIES: readonly LintSeverity[] = ['error', 'warning', 'info', 'hint'];

let spectral: Spectral | undefined;

/** One Spectral instance per process: building the ruleset compiles the oas rules' schemas. */
function sharedSpectral(): Spectral {
  if (!spectral) {
    spectral = new Spectral();
    spectral.setRuleset(contractKitRuleset);
  }
  return spectral;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * `['paths', '/api/backends', 'get']` → `$.paths['/api/backends'].get`. Spectral gives array
 * indices as strings, so the document decides whether a segment is an index or a key ('200').
 */
export function formatJsonPath(path: ISpectralDiagnostic['path'], document: unknown): string {
  let text = '$';
  let node = document;
  for (const segment of path) {
    const key = String(segment);
    if (Array.isArray(node)) text += `[${key}]`;
    else text += IDENTIFIER.test(key) ? `.${key}` : `['${key.replace(/'/g, "\\'")}']`;
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return text;
}

function toDiagnostic(result: ISpectralDiagnostic, document: unknown): LintDiagnostic {
  return {
    severity: SEVERITIES[result.severity] ?? 'error',
    code: String(result.code),
    message: result.message,
    path: formatJsonPath(result.path, document),
    line: result.range.start.line + 1,
  };
}

/** Lints one spec file with Spectral's `oas` ruleset and the project rules, in file order. */
export async function lintSpec(file: string): Promise<LintResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return [{ severity: 'error', code: 'file-unreadable', message: (error as Error).message, path: '$', line: 0 }];
  }
  const document = new Document(text, spectralParsers.Yaml, file);
  const results = await sharedSpectral().run(document);
  return results.map((result) => toDiagnostic(result, document.data)).sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * The project's layer rules as data, checked over the real import graph (TypeScript's own
 * pre-processor lists each file's imports; nothing is parsed by hand). README "Architecture"
 * states the same rules in prose.
 */
export interface LayerRule {
  /** Files the rule is about (repository-relative, `/` separators). */
  files: RegExp;
  /** What those files may import besides node built-ins and packages. */
  mayImport: RegExp[];
  why: string;
}

export const LAYER_RULES: LayerRule[] = [
  {
    files: /^mocks\/shared\//,
    mayImport: [/^mocks\/shared\//],
    why: 'the model shared by simulators and engine depends on nothing',
  },
  {
    files: /^mocks\//,
    mayImport: [/^mocks\//],
    why: 'simulators are pure: no engine, no HTTP adapter, no tests',
  },
  {
    files: /^src\/(spec|validate)\//,
    mayImport: [/^src\/(spec|validate)\//, /^mocks\/shared\//],
    why: 'spec loading and validation are the bottom of the engine',
  },
  {
    files: /^src\/serve\//,
    mayImport: [/^src\/(spec|validate|serve|redact|optional)\//, /^mocks\//],
    why: 'the adapters serve simulators from the spec; they know nothing of verify, docs or the CLI',
  },
  {
    files: /^src\/(?!cli\/|index\.ts|api\/|scenarios\/)/,
    mayImport: [/^src\/(?!cli\/|index\.ts|api\/|scenarios\/)/, /^mocks\//],
    why: 'the tools are handed the shipped scenarios; only the scenarios and the entry points (CLI, programmatic API) sit above them',
  },
  {
    files: /^src\/scenarios\//,
    mayImport: [/^src\/(?!cli\/|index\.ts|api\/)/, /^mocks\//],
    why: 'the shipped scenarios are data over the verify engine, handed to it by the entry points',
  },
  {
    files: /^src\//,
    mayImport: [/^src\//, /^mocks\//],
    why: 'the engine never imports the contract suites, the tests or the benchmarks',
  },
  {
    files: /^contracts\//,
    mayImport: [/^contracts\//, /^src\//, /^mocks\//],
    why: 'contract suites use the engine; tests and benchmarks are not theirs to import',
  },
];

export interface Violation {
  file: string;
  imports: string;
  why: string;
}

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(root, path));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path.split(sep).join('/'));
  }
  return out;
}

/** The repository-relative files a file imports (relative specifiers only: packages are not layers). */
export function importsOf(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(root, join(root, dirname(file), specifier)).split(sep).join('/').replace(/\.js$/, '.ts'));
}

/** Every import that breaks the first rule matching its file. */
export function layerViolations(root: string, dirs: string[], rules: LayerRule[] = LAYER_RULES): Violation[] {
  const violations: Violation[] = [];
  for (const file of dirs.flatMap((dir) => sourceFiles(root, dir))) {
    for (const imported of importsOf(root, file)) {
      for (const rule of rules.filter((r) => r.files.test(file))) {
        if (!rule.mayImport.some((allowed) => allowed.test(imported))) violations.push({ file, imports: imported, why: rule.why });
      }
    }
  }
  return violations;
}

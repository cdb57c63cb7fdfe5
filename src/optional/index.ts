import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../spec/locate.js';

/**
 * The heavy tools contract-kit can use but does not install: optional peer dependencies in
 * package.json, so that `npm install contract-kit` for MSW or `mock` pulls only what serving
 * needs. Each is loaded by the one command (or function) that needs it, after `requireOptional`
 * has checked it is there, so a missing tool is a message naming the install command rather
 * than an ERR_MODULE_NOT_FOUND stack from deep inside.
 */
export const OPTIONAL_TOOLS = {
  prism: { packages: ['@stoplight/prism-cli'], usedBy: '`--engine prism` (Prism serving the specs)' },
  lint: {
    packages: ['@stoplight/spectral-core', '@stoplight/spectral-functions', '@stoplight/spectral-parsers', '@stoplight/spectral-rulesets'],
    usedBy: '`contract-kit lint` (Spectral)',
  },
  containers: { packages: ['testcontainers'], usedBy: '`verify --container` and the container helpers (testcontainers)' },
  docs: { packages: ['swagger-ui-dist'], usedBy: 'the docs site (Swagger UI)' },
} as const satisfies Record<string, { packages: readonly string[]; usedBy: string }>;

export type OptionalTool = keyof typeof OPTIONAL_TOOLS;

/** A tool's packages are not installed; the message names the exact install command. */
export class OptionalPackageMissingError extends Error {
  readonly tool: OptionalTool;
  readonly missing: readonly string[];
  readonly installCommand: string;

  constructor(tool: OptionalTool, missing: readonly string[]) {
    const installCommand = `npm install --save-dev ${missing.map(withPinnedVersion).join(' ')}`;
    super(`${OPTIONAL_TOOLS[tool].usedBy} needs ${missing.join(', ')}, an optional dependency of contract-kit that is not installed; install it with:\n  ${installCommand}`);
    this.name = 'OptionalPackageMissingError';
    this.tool = tool;
    this.missing = missing;
    this.installCommand = installCommand;
  }
}

// Resolved from contract-kit's own location, as Node would resolve the tool's import from here.
const requireHere = createRequire(import.meta.url);

function isInstalled(name: string): boolean {
  try {
    requireHere.resolve(name);
    return true;
  } catch (error) {
    // An ESM-only package (no "require" condition) is installed but refuses require.resolve.
    return (error as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
  }
}

/** The tool's packages that are not installed (empty when it can be loaded). */
export function missingPackages(tool: OptionalTool): string[] {
  return OPTIONAL_TOOLS[tool].packages.filter((name) => !isInstalled(name));
}

/** Throws OptionalPackageMissingError unless every package of the tool is installed. */
export function requireOptional(tool: OptionalTool): void {
  const missing = missingPackages(tool);
  if (missing.length > 0) throw new OptionalPackageMissingError(tool, missing);
}

/** `load()` (a dynamic import of the tool, or of the module that imports it), once it is there. */
export async function loadOptional<T>(tool: OptionalTool, load: () => Promise<T>): Promise<T> {
  requireOptional(tool);
  return load();
}

let peerRanges: Record<string, string> | undefined;

/** `name@range` as contract-kit's package.json declares the peer, so the install matches what was tested. */
function withPinnedVersion(name: string): string {
  peerRanges ??= (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> }).peerDependencies ?? {};
  const range = peerRanges[name];
  return range ? `${name}@${range}` : name;
}

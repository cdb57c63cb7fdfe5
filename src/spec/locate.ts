import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiId } from '../../mocks/shared/types.js';

/**
 * The package root, found by walking up from this module: the same code runs from `src/` under
 * vitest and from `dist/src/` when built, so a fixed relative path would be wrong in one of them.
 */
export const packageRoot: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'contract-kit') return dir;
    if (dirname(dir) === dir) throw new Error(`contract-kit: cannot find the package root above ${start}`);
  }
}

export function specPath(api: ApiId): string {
  return resolve(packageRoot, 'specs', `${api}.yaml`);
}

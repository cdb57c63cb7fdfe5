import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { packageRoot } from '../../src/spec/locate.js';

/**
 * The typed in-process API as a consumer sees it: a project with contract-kit in node_modules
 * type-checks a test file (fixtures/typed-consumer.ts.txt) with `tsc --strict` against the built
 * package's declarations (`npm run build` first; `npm test` does).
 */

const work = mkdtempSync(join(tmpdir(), 'contract-kit-consumer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the contract-kit/msw/<api> modules type-check in a strict consumer without casts', async () => {
  expect(existsSync(join(packageRoot, 'dist', 'src', 'serve', 'msw', 'doris-fe.d.ts')), 'run npm run build first').toBe(true);
  mkdirSync(join(work, 'node_modules', '@types'), { recursive: true });
  symlinkSync(packageRoot, join(work, 'node_modules', 'contract-kit'), 'dir');
  symlinkSync(join(packageRoot, 'node_modules', 'msw'), join(work, 'node_modules', 'msw'), 'dir');
  symlinkSync(join(packageRoot, 'node_modules', '@types', 'node'), join(work, 'node_modules', '@types', 'node'), 'dir');
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module' }));
  writeFileSync(join(work, 'consumer.ts'), readFileSync(join(import.meta.dirname, 'fixtures', 'typed-consumer.ts.txt'), 'utf8'));
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023', 'DOM'], types: ['node'], skipLibCheck: true },
      files: ['consumer.ts'],
    }),
  );
  const tsc = join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], { cwd: work }).then(
    () => ({ ok: true, output: '' }),
    (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
  expect(result.output).toBe('');
  expect(result.ok).toBe(true);
}, 120_000);

/**
 * A project of a user's, made the way a user makes one: an empty folder, `npm install` of the
 * packed contract-kit tarball plus msw and vitest from the registry, nothing from this checkout.
 * Packing and installing take a while, so the project is kept in the system's temporary folder and
 * reused while the tarball's content is the same (the package test and the container suite share it).
 * It must not live under the checkout: Node would resolve the checkout's node_modules from it,
 * and a missing optional tool would be found there.
 *
 * Packs dist/ as built: `npm test` builds first; alone, run `npm run build` before.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

export interface ConsumerProject {
  dir: string;
  tarball: string;
  /** Paths inside the tarball, without the `package/` prefix. */
  tarballFiles: string[];
  /** How the project came to be, for the test log. */
  note: string;
}

export function consumerProject(): ConsumerProject {
  if (!existsSync(join(repositoryRoot, 'dist', 'src', 'index.js'))) {
    throw new Error('dist/src/index.js is missing: run `npm run build` first (npm test does)');
  }
  const cache = join(tmpdir(), 'contract-kit-package-consumer', createHash('sha256').update(repositoryRoot).digest('hex').slice(0, 12));
  const packs = join(cache, 'packs');
  mkdirSync(packs, { recursive: true });
  // --ignore-scripts: prepack would build again; dist is what `npm test` just built.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packs], { cwd: repositoryRoot, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[];
  const tarball = join(packs, packed[0]!.filename);
  const tarballFiles = packed[0]!.files.map((file) => file.path);
  const sha = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  const dir = join(cache, 'project');
  const stamp = join(dir, '.installed-from');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sha) return { dir, tarball, tarballFiles, note: `reused ${dir} (same tarball)` };

  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'contract-kit-consumer', private: true, type: 'module' }, null, 2)}\n`);
  // The tarball is copied in so the project does not depend on the pack folder's name.
  writeFileSync(join(dir, 'contract-kit.tgz'), readFileSync(tarball));
  const fromRegistry = ['msw', 'vitest'].map((name) => `${name}@${manifest.devDependencies[name]}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-dev', './contract-kit.tgz', ...fromRegistry], { cwd: dir, stdio: 'pipe' });
  writeFileSync(stamp, sha);
  return { dir, tarball, tarballFiles, note: `installed ${dir} in ${Date.now() - started} ms` };
}

/** The packages a plain `npm install contract-kit` brings: its dependencies and required peers, transitively. */
export function installClosure(projectDir: string): { packages: Map<string, string>; bytes: number } {
  const packages = new Map<string, string>(); // dir -> name@version
  const pending: { name: string; from: string }[] = [{ name: 'contract-kit', from: projectDir }];
  while (pending.length > 0) {
    const { name, from } = pending.pop()!;
    const dir = findPackageDir(name, from, projectDir);
    if (!dir || packages.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      version: string;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    packages.set(dir, `${name}@${pkg.version}`);
    const requiredPeers = Object.keys(pkg.peerDependencies ?? {}).filter((peer) => !pkg.peerDependenciesMeta?.[peer]?.optional);
    // npm installs optionalDependencies by default (where the platform allows), required peers too.
    for (const dependency of [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), ...requiredPeers]) {
      pending.push({ name: dependency, from: dir });
    }
  }
  let bytes = 0;
  for (const dir of packages.keys()) bytes += Number(execFileSync('du', ['-sb', '--exclude=node_modules', dir], { encoding: 'utf8' }).split('\t')[0]);
  return { packages, bytes };
}

function findPackageDir(name: string, from: string, root: string): string | undefined {
  for (let dir = from; dir.startsWith(root); dir = join(dir, '..')) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/**
 * The published package as a user gets it: packed, installed into a fresh project with only msw
 * and vitest from the registry, and used from there — a consumer's MSW test and verify() test
 * (test/package/fixtures/consumer), type-checked against the package's own declarations, the CLI
 * of a lean install, and what the tarball and a plain install hold.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerProject, installClosure, repositoryRoot, type ConsumerProject } from './support/consumer-project.js';

let project: ConsumerProject;

beforeAll(() => {
  project = consumerProject();
  console.info(`[package] ${project.note}`);
}, 300_000);

describe('the tarball', () => {
  it('holds no bench, no tests, no contracts suite, no source maps', () => {
    const files = project.tarballFiles;
    expect(files.filter((file) => /^dist\/bench\/|\.test\.|\.map$|^test\/|^bench\/|contract-suite|client-journeys/.test(file))).toEqual([]);
    // The scenarios verify runs ship in dist/src/scenarios: nothing of contracts/ is needed.
    expect(files.filter((file) => file.startsWith('dist/contracts/'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/src/scenarios/index.js', 'dist/src/scenarios/klustron-job-paras.js']));
    expect(files).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/cli/main.js', 'specs/doris-fe.yaml', 'docker/sim.Dockerfile', 'docker/healthcheck.mjs']));
  });

  it('runs no script on install', () => {
    const installed = JSON.parse(readFileSync(join(project.dir, 'node_modules', 'contract-kit', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const onInstall = ['preinstall', 'install', 'postinstall', 'prepare'].filter((name) => installed.scripts?.[name] !== undefined);
    expect(onInstall).toEqual([]);
  });

  it('ships every file its shipped modules import', () => {
    const shipped = new Set(project.tarballFiles);
    const missing: string[] = [];
    for (const file of project.tarballFiles.filter((path) => /\.(m?js)$/.test(path))) {
      const source = readFileSync(join(project.dir, 'node_modules', 'contract-kit', file), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = normalize(join(dirname(file), specifier!));
        if (!shipped.has(target)) missing.push(`${file} imports ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('a plain `npm install contract-kit`', () => {
  it('brings at most 150 packages and 60 MB, none of the optional tools', () => {
    const { packages, bytes } = installClosure(project.dir);
    const megabytes = bytes / 1e6;
    console.info(`[package] npm install contract-kit: ${packages.size} packages, ${megabytes.toFixed(1)} MB`);
    expect(packages.size).toBeLessThanOrEqual(150);
    expect(megabytes).toBeLessThanOrEqual(60);
    const names = [...packages.values()].map((entry) => entry.slice(0, entry.lastIndexOf('@')));
    const heavy = ['@stoplight/prism-cli', '@stoplight/spectral-core', 'testcontainers', 'swagger-ui-dist', 'ssh2', 'cpu-features', '@scarf/scarf'];
    expect(names.filter((name) => heavy.includes(name))).toEqual([]);
  });
});

describe('a consumer project', () => {
  beforeAll(() => {
    const testDir = join(project.dir, 'test');
    rmSync(testDir, { recursive: true, force: true });
    mkdirSync(testDir);
    const fixtures = join(import.meta.dirname, 'fixtures', 'consumer');
    for (const name of ['msw', 'verify']) cpSync(join(fixtures, `${name}.consumer.ts`), join(testDir, `${name}.test.ts`));
    cpSync(join(fixtures, 'tsconfig.json'), join(project.dir, 'tsconfig.json'));
  });

  it('passes its MSW test and its verify() test, with the package from the tarball', () => {
    const run = spawnSync(process.execPath, [join(project.dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=verbose'], {
      cwd: project.dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 120_000,
    });
    // Without colour codes, whatever the terminal settings say.
    const output = `${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/Test Files\s+2 passed \(2\)/);
    expect(output).toMatch(/Tests\s+7 passed \(7\)/);
  }, 150_000);

  it('type-checks against the package\'s exports (no deep dist/ imports)', () => {
    const tsc = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(project.dir, 'tsconfig.json'), '--typeRoots', join(repositoryRoot, 'node_modules', '@types')], {
      cwd: project.dir,
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);

  it('cannot reach past the exports map', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('contract-kit/dist/src/verify/index.js')"], { cwd: project.dir, encoding: 'utf8' });
    expect(run.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});

describe('the CLI of a lean install', () => {
  const cli = () => join(project.dir, 'node_modules', 'contract-kit', 'dist', 'src', 'cli', 'main.js');
  const runCli = (...args: string[]) => spawnSync(process.execPath, [cli(), ...args], { cwd: project.dir, encoding: 'utf8', timeout: 60_000 });

  it.each([
    [['lint'], '@stoplight/spectral-core'],
    [['docs', '--out', 'site'], 'swagger-ui-dist'],
    [['mock', 'doris-fe', '--engine', 'prism'], '@stoplight/prism-cli'],
    [['verify', 'doris-fe', '--engine', 'prism'], '@stoplight/prism-cli'],
    [['verify', 'doris-fe', '--container'], 'testcontainers'],
  ])('%j names the package to install (exit 2, no stack trace)', (args, name) => {
    const run = runCli(...args);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain(`npm install --save-dev ${name}@`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('verifies the in-process simulator without any optional tool', () => {
    const run = runCli('verify', 'klustron-cluster-manager');
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  });

  it('mocks without Swagger UI: the APIs are served, the docs are off with the reason', async () => {
    const child = spawn(process.execPath, [cli(), 'mock', 'doris-fe', '--port', 'doris-fe=0'], { cwd: project.dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    try {
      await expect.poll(() => stdout, { timeout: 30_000 }).toMatch(/ready in/);
      const url = /doris-fe\s+(http:\/\/\S+)/.exec(stdout)![1]!;
      const health = await fetch(`${url}/__contract-kit/health`);
      expect(health.status).toBe(200);
      expect(stdout).not.toMatch(/^\s+docs\s/m);
      expect(stderr).toMatch(/not serving the docs site: .*swagger-ui-dist/s);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the repository', () => {
  it('installs every optional tool for its own tests (devDependencies)', () => {
    const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.peerDependencies).filter((name) => manifest.devDependencies[name] === undefined)).toEqual([]);
    expect(execFileSync(process.execPath, ['-e', "for (const n of ['@stoplight/prism-cli/package.json','testcontainers','swagger-ui-dist']) require.resolve(n)"], { cwd: repositoryRoot, encoding: 'utf8' })).toBe('');
  });
});

#!/usr/bin/env node
// Stages the build context of the `contract-kit-sim` image: everything the simulators need at run
// time, copied from this machine, so that the image builds `FROM scratch` without pulling anything.
// It runs from a checkout and from an installed package alike (`contract-kit image build`), so
// it never needs the sources or dev tools: only the built dist/ and the installed node_modules.
//
//   node docker/stage-sim-image.mjs <context-dir>
//
// The context gets three trees, one image layer each, ordered from the least to the most often
// changed so that the builder's layer cache keeps the big ones:
//   runtime/  the node binary and the shared libraries it links (from `ldd`), at their host paths
//   modules/  /app/node_modules: only the packages reachable from the entry points' import graph,
//             with their dependency closure (no dev tools, no optional tools, no bundler needed)
//   app/      /app/node_modules/contract-kit: package.json, dist/, specs/ and docker/ (the
//             container entry and its health check), laid out as an installed package
// It prints the list of packages it kept, so that an image that grew is easy to explain.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const contextDir = resolve(process.argv[2] ?? join(projectRoot, '.cache', 'sim-image', 'context'));

/** Files the container runs; their import graphs decide which packages ship. */
const entryFiles = [join(projectRoot, 'docker', 'sim-entry.mjs'), join(projectRoot, 'docker', 'healthcheck.mjs')];

const builtins = new Set(builtinModules);

/**
 * The folder whose node_modules resolve contract-kit's dependencies: the checkout itself, or the
 * project that installed contract-kit (`<project>/node_modules/contract-kit`).
 */
const installRoot = basename(dirname(projectRoot)) === 'node_modules' ? dirname(dirname(projectRoot)) : projectRoot;

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));

/**
 * Reachable from the CLI but never used by the image's entry (`mock --no-docs`), and large: the
 * optional peer dependencies (Prism, Spectral, testcontainers, Swagger UI) stay out of the image.
 */
const excludedPackages = new Set(
  Object.entries(manifest.peerDependenciesMeta ?? {})
    .filter(([, meta]) => meta.optional)
    .map(([name]) => name),
);

main();

function main() {
  for (const required of ['dist/src/cli/main.js', 'specs']) {
    if (!existsSync(join(projectRoot, required))) {
      fail(`${required} is missing in ${projectRoot}; in a checkout, run \`npm run build\` first`);
    }
  }
  rmSync(contextDir, { recursive: true, force: true });
  mkdirSync(contextDir, { recursive: true });
  stageRuntime(join(contextDir, 'runtime'));
  const packages = stageModules(join(contextDir, 'modules'));
  stageApp(join(contextDir, 'app'));
  cpSync(join(projectRoot, 'docker', 'sim.Dockerfile'), join(contextDir, 'Dockerfile'));
  console.log(`staged ${contextDir}: node ${process.version}, ${packages.length} packages: ${packages.join(' ')}`);
}

/** The node binary and every shared object it loads, at the same absolute paths as on the host. */
function stageRuntime(dir) {
  const node = realpathSync(process.execPath);
  copyInto(dir, node, '/usr/bin/node');
  for (const library of sharedLibraries(node)) copyInto(dir, library, library);
  // Node writes nothing here at run time, but os.tmpdir() must name a directory that exists.
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o1777);
}

/** Absolute paths of the libraries `ldd` resolves for a binary (the vdso has no file). */
function sharedLibraries(binary) {
  const output = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const paths = [];
  for (const line of output.split('\n')) {
    const resolved = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (resolved) paths.push(resolved[1]);
    else if (/not found/.test(line)) fail(`ldd cannot resolve a library of ${binary}: ${line.trim()}`);
  }
  return paths;
}

/** Copies a host file (symlinks followed) to `target` inside a staged root. */
function copyInto(root, source, target) {
  const destination = join(root, target);
  mkdirSync(dirname(destination), { recursive: true });
  cpSync(realpathSync(source), destination, { dereference: true });
}

/** node_modules reduced to the import graph of the entry files plus each package's dependencies. */
function stageModules(dir) {
  const packageDirs = new Map(); // package dir -> name
  const pending = [];
  for (const specifier of bareImportsOf(entryFiles)) pending.push({ name: specifier, from: projectRoot });
  while (pending.length > 0) {
    const { name, from } = pending.pop();
    // Type declarations (often peer dependencies) are never loaded at run time.
    if (name.startsWith('@types/') || excludedPackages.has(name)) continue;
    const packageDir = findPackageDir(name, from);
    if (!packageDir) continue; // an optional dependency not installed on this platform
    if (packageDirs.has(packageDir)) continue;
    packageDirs.set(packageDir, name);
    const dependencyManifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    // Optional peers (msw's typescript, ...) are the installer's choice, never needed to run.
    const optionalPeers = Object.entries(dependencyManifest.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([peer]) => peer);
    const dependencies = [
      ...Object.keys(dependencyManifest.dependencies ?? {}),
      ...Object.keys(dependencyManifest.optionalDependencies ?? {}),
      ...Object.keys(dependencyManifest.peerDependencies ?? {}).filter((peer) => !optionalPeers.includes(peer)),
    ];
    for (const dependency of dependencies) pending.push({ name: dependency, from: packageDir });
  }
  const destinations = new Map(); // path under /app/node_modules -> package dir
  for (const packageDir of packageDirs.keys()) {
    const destination = modulesPath(packageDir);
    const other = destinations.get(destination);
    if (other) fail(`${other} and ${packageDir} would both be /app/node_modules/${destination}; install with a flat node_modules (npm install) and try again`);
    destinations.set(destination, packageDir);
    // A package's own nested node_modules are copied only when they are in the closure themselves.
    cpSync(packageDir, join(dir, destination), {
      recursive: true,
      filter: (source) => !isNestedNodeModules(packageDir, source),
    });
  }
  return [...new Set(packageDirs.values())].sort();
}

/**
 * Where a package goes under /app/node_modules: its path below the first `node_modules` that
 * holds it, seen from where contract-kit is installed. A checkout's `node_modules/ajv` and an
 * install's `<project>/node_modules/ajv` (or a workspace root's, hoisted above) are both `ajv`;
 * a copy nested under another package keeps its nesting (`msw/node_modules/x`).
 */
function modulesPath(packageDir) {
  const segments = relative(installRoot, packageDir).split(sep);
  while (segments[0] === '..') segments.shift();
  const first = segments.indexOf('node_modules');
  if (first < 0) fail(`${packageDir} is not inside a node_modules folder`);
  return segments.slice(first + 1).join(sep);
}

function isNestedNodeModules(packageDir, source) {
  return source !== packageDir && relative(packageDir, source).split(sep).includes('node_modules');
}

/** Node's lookup: `<dir>/node_modules/<name>` from the importer's directory up to the root. */
function findPackageDir(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Bare package names imported (statically, by `import('literal')`, `require('literal')` or
 * `require.resolve('literal')`) anywhere in the graph of
 * relative imports that starts at the given files.
 */
function bareImportsOf(files) {
  const seen = new Set();
  const packages = new Set();
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file), specifier);
        if (existsSync(target)) queue.push(target);
      } else if (!specifier.startsWith('node:') && !builtins.has(specifier)) {
        packages.add(packageName(specifier));
      }
    }
  }
  return packages;
}

function importSpecifiers(source) {
  // `.resolve('x')` covers require.resolve and createRequire(...).resolve; a false positive
  // (path.resolve('name')) names no installed package and is dropped by findPackageDir.
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\.resolve\s*\(\s*)(['"])([^'"\n]+)\1/g;
  return [...source.matchAll(pattern)].map((match) => match[2]);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * The app tree, contract-kit as an installed package: built code (no bench, no maps, no type
 * declarations), specs, the container entry and health check, and a package.json that keeps
 * `"type": "module"` and the name the code finds its root by.
 */
function stageApp(dir) {
  mkdirSync(dir, { recursive: true });
  const { name, version, type, license, peerDependencies } = manifest;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version, type, license, peerDependencies }, null, 2)}\n`);
  const runtimeOnly = (source) =>
    !source.endsWith('.map') && !source.endsWith('.d.ts') && relative(join(projectRoot, 'dist'), source).split(sep)[0] !== 'bench';
  cpSync(join(projectRoot, 'dist'), join(dir, 'dist'), { recursive: true, filter: runtimeOnly });
  cpSync(join(projectRoot, 'specs'), join(dir, 'specs'), { recursive: true });
  for (const file of ['sim-entry.mjs', 'healthcheck.mjs']) cpSync(join(projectRoot, 'docker', file), join(dir, 'docker', file));
}

function fail(message) {
  console.error(`stage-sim-image: ${message}`);
  process.exit(1);
}

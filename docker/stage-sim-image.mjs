#!/usr/bin/env node
// Stages the build context of the `contract-kit-sim` image: everything the simulators need at run
// time, copied from this machine, so that the image builds `FROM scratch` without pulling anything.
//
//   node docker/stage-sim-image.mjs <context-dir>
//
// The context gets three trees, one image layer each, ordered from the least to the most often
// changed so that the builder's layer cache keeps the big ones:
//   runtime/  the node binary and the shared libraries it links (from `ldd`), at their host paths
//   modules/  /app/node_modules: only the packages reachable from the entry points' import graph,
//             with their dependency closure (no dev tools, no bundler needed)
//   app/      /app: package.json, dist/, specs/ and the container entry (docker/sim-entry.mjs)
// It prints the list of packages it kept, so that an image that grew is easy to explain.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const contextDir = resolve(process.argv[2] ?? join(projectRoot, '.cache', 'sim-image', 'context'));

/** Files the container runs; their import graphs decide which packages ship. */
const entryFiles = [join(projectRoot, 'docker', 'sim-entry.mjs')];

const builtins = new Set(builtinModules);

/** Reachable from the CLI but never used by the image's entry, and large: left out on purpose. */
const excludedPackages = new Map([
  ['@stoplight/prism-cli', '`mock --engine prism` only; the image runs the simulators (about 150 MB of dependencies)'],
  ['testcontainers', '`verify --container` only, imported lazily; a container does not start containers (about 25 MB)'],
]);

main();

function main() {
  for (const required of ['dist', 'specs', 'package.json']) {
    if (!existsSync(join(projectRoot, required))) {
      fail(`${required} is missing in ${projectRoot}; run \`npm run build\` first`);
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
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const dependencies = {
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
      ...manifest.peerDependencies,
    };
    for (const dependency of Object.keys(dependencies)) pending.push({ name: dependency, from: packageDir });
  }
  const nodeModules = join(projectRoot, 'node_modules');
  for (const packageDir of packageDirs.keys()) {
    const target = join(dir, relative(nodeModules, packageDir));
    // A package's own nested node_modules are copied only when they are in the closure themselves.
    cpSync(packageDir, target, {
      recursive: true,
      filter: (source) => !isNestedNodeModules(packageDir, source),
    });
  }
  return [...new Set(packageDirs.values())].sort();
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

/** The app tree: built code, specs and a package.json that keeps `"type": "module"`. */
function stageApp(dir) {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: manifest.name, version: manifest.version, type: manifest.type, license: manifest.license }, null, 2)}\n`,
  );
  const withoutMaps = { recursive: true, filter: (source) => !source.endsWith('.map') && !source.endsWith('.d.ts') };
  cpSync(join(projectRoot, 'dist'), join(dir, 'dist'), withoutMaps);
  cpSync(join(projectRoot, 'specs'), join(dir, 'specs'), { recursive: true });
  cpSync(join(projectRoot, 'docker', 'sim-entry.mjs'), join(dir, 'docker', 'sim-entry.mjs'));
}

function fail(message) {
  console.error(`stage-sim-image: ${message}`);
  process.exit(1);
}

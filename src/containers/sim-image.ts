/**
 * Builds the `contract-kit-sim` image from the package as it is installed (or from a checkout
 * after `npm run build`): docker/stage-sim-image.mjs stages node, its libraries, the runtime
 * packages and the built app, and `docker build` turns that into a `FROM scratch` image. Nothing
 * is pulled, so it works where no registry is reachable.
 *
 * Tag policy: `contract-kit-sim:<package version>`, so an image always says which contract-kit
 * (specs, simulators) it serves; a build is skipped when an image of that tag was built from the
 * same staged inputs (their hash is the `io.contract-kit.inputs` label).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../spec/locate.js';

const run = promisify(execFile);

export const SIMULATOR_IMAGE_NAME = 'contract-kit-sim';
/** The label that holds the hash of the staged build context. */
export const INPUTS_LABEL = 'io.contract-kit.inputs';

/** `contract-kit-sim:<version of the installed contract-kit>`. */
export function defaultSimulatorTag(): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return `${SIMULATOR_IMAGE_NAME}:${version}`;
}

export interface BuildSimulatorImageOptions {
  /** Default defaultSimulatorTag(). */
  tag?: string;
  /** Build even when the image was built from the same inputs. */
  force?: boolean;
  /** Progress lines (staging, building); default none. */
  log?: (line: string) => void;
}

export interface BuiltSimulatorImage {
  tag: string;
  imageId: string;
  /** False when the existing image already had these inputs. */
  built: boolean;
  sizeBytes: number;
  /** Hash of the staged context. */
  inputs: string;
  durationMs: number;
}

/** A build that could not run or failed; the message says why and what to do. */
export class SimulatorImageError extends Error {
  override name = 'SimulatorImageError';
}

export async function buildSimulatorImage(options: BuildSimulatorImageOptions = {}): Promise<BuiltSimulatorImage> {
  const started = performance.now();
  const tag = options.tag ?? defaultSimulatorTag();
  const log = options.log ?? (() => {});
  await requireEngine();
  const context = mkdtempSync(join(tmpdir(), 'contract-kit-sim-'));
  try {
    log(`staging the build context in ${context}`);
    const staged = await runStep(process.execPath, [join(packageRoot, 'docker', 'stage-sim-image.mjs'), context], 'staging the image');
    log(staged.trim());
    const inputs = await hashTree(context);
    const previous = await inspect(tag);
    if (!options.force && previous?.inputs === inputs) {
      return { tag, imageId: previous.id, built: false, sizeBytes: previous.size, inputs, durationMs: performance.now() - started };
    }
    log(`building ${tag}`);
    const version = tag.slice(tag.lastIndexOf(':') + 1);
    // Debian's docker.io has no buildx plugin: its legacy builder needs none; BuildKit when there.
    const buildkit = await run('docker', ['buildx', 'version']).then(() => '1', () => '0');
    await runStep('docker', ['build', '--quiet', '--label', `${INPUTS_LABEL}=${inputs}`, '--label', `org.opencontainers.image.version=${version}`, '--tag', tag, context], `docker build of ${tag}`, {
      ...process.env,
      DOCKER_BUILDKIT: buildkit,
    });
    const current = await inspect(tag);
    if (!current) throw new SimulatorImageError(`docker build reported success but ${tag} is not there`);
    // The image this one replaces is left untagged; remove it unless a container still uses it.
    if (previous && previous.id !== current.id) await run('docker', ['image', 'rm', previous.id]).catch(() => undefined);
    return { tag, imageId: current.id, built: true, sizeBytes: current.size, inputs, durationMs: performance.now() - started };
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

async function requireEngine(): Promise<void> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}']);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SimulatorImageError(
      missing
        ? 'the docker command is not installed; install Docker (Debian: apt-get install docker.io) and try again'
        : `no Docker engine answers (${firstLine((error as { stderr?: string }).stderr ?? (error as Error).message)}); start one (e.g. dockerd, or Docker Desktop) and try again`,
    );
  }
}

/** Runs a command; a failure becomes a SimulatorImageError carrying its output. */
async function runStep(command: string, args: string[], what: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await run(command, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new SimulatorImageError(`${what} failed:\n${`${stdout}\n${stderr}`.trim() || (error as Error).message}`);
  }
}

async function inspect(tag: string): Promise<{ id: string; size: number; inputs: string } | undefined> {
  try {
    const { stdout } = await run('docker', ['image', 'inspect', '--format', `{{.Id}} {{.Size}} {{ index .Config.Labels "${INPUTS_LABEL}" }}`, tag]);
    const [id, size, inputs] = stdout.trim().split(' ');
    return { id: id!, size: Number(size), inputs: inputs ?? '' };
  } catch {
    return undefined;
  }
}

/** sha256 over every file's path and content, in a stable order. */
async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(`${relative(root, file)}\0`);
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

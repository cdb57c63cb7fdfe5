/**
 * The multi-container path of the real targets, run for real: the Doris FE target's plan (FE
 * first, then a BE told the FE's address, each filling FE_SERVERS / BE_ADDR with its own address
 * at start, ready once the FE lists an alive backend) started through startTarget with stand-in
 * images, since apache/doris cannot be pulled here. The stand-in (fixtures/fake-doris) validates
 * the variables as the Doris images do and makes the BE register with the FE over the network.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  containerEngineStatus,
  startTarget,
  startTargetPlan,
  SIMULATOR_IMAGE_SLOT,
  TargetStartError,
  type ContainerPlan,
  type StartedTarget,
  type TargetPlan,
} from '../../src/containers/index.js';

const engine = await containerEngineStatus();
const projectRoot = join(import.meta.dirname, '..', '..');
const FAKE_DORIS_IMAGE = 'contract-kit-fake-doris:local';

function buildFakeDorisImage(): void {
  execFileSync(join(projectRoot, 'scripts', 'build-sim-image.sh'), ['--skip-compile'], { stdio: 'inherit' });
  const context = mkdtempSync(join(tmpdir(), 'fake-doris-'));
  cpSync(join(import.meta.dirname, 'fixtures', 'fake-doris'), context, { recursive: true });
  cpSync(realpathSync('/bin/sh'), join(context, 'sh'));
  const simulatorImage = process.env[SIMULATOR_IMAGE_SLOT.envVar] ?? SIMULATOR_IMAGE_SLOT.defaultImage;
  execFileSync('docker', ['build', '--quiet', '--build-arg', `SIM_IMAGE=${simulatorImage}`, '--tag', FAKE_DORIS_IMAGE, context], {
    // Errors surface in the thrown error's message; the legacy builder's notice is dropped.
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DOCKER_BUILDKIT: '0' },
  });
}

/** Runs `use` with the Doris image variables pointing at the stand-in, restoring them after. */
async function withDorisImages<T>(images: Record<string, string>, use: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(images).map((name) => [name, process.env[name]]));
  Object.assign(process.env, images);
  try {
    return await use();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe.skipIf(!engine.available)('deployment targets started for real (stand-in images)', () => {
  let target: StartedTarget | undefined;

  beforeAll(() => buildFakeDorisImage());

  afterEach(async () => {
    await target?.stop();
    target = undefined;
  });

  it('starts FE then BE on one network, each with its own address, and waits for the alive backend', async () => {
    target = await withDorisImages(
      { CONTRACT_KIT_IMAGE_DORIS_FE: FAKE_DORIS_IMAGE, CONTRACT_KIT_IMAGE_DORIS_BE: FAKE_DORIS_IMAGE },
      () => startTarget('doris-fe'),
    );
    expect(target.kind).toBe('deployment');
    const response = await fetch(`${target.baseUrl}/api/backends`);
    const body = (await response.json()) as { data: { backends: Array<{ ip: string; is_alive: boolean }> } };
    expect(body.data.backends).toHaveLength(1);
    const logs = await target.logs(20);
    // The BE registered from the address it put in BE_ADDR, at the FE address the plan gave it.
    const beAddress = /\[be\] fake-doris be: BE_ADDR=([\d.]+):9050, registering with ([\d.]+)/.exec(logs);
    const feAddress = /\[fe\] fake-doris fe: FE_SERVERS=fe1:([\d.]+):9010/.exec(logs);
    expect(beAddress, logs).not.toBeNull();
    expect(feAddress, logs).not.toBeNull();
    expect(body.data.backends[0]!.ip).toBe(beAddress![1]);
    expect(beAddress![2]).toBe(feAddress![1]);
  });

  it('fails with the logs of the container that broke, and leaves nothing running', async () => {
    // The stand-in exits on a malformed FE_SERVERS, as apache/doris images do.
    const attempt = withDorisImages({ CONTRACT_KIT_IMAGE_DORIS_FE: FAKE_DORIS_IMAGE }, () =>
      startTarget('doris-fe', { env: { BE_ADDR: 'not-an-address' } }),
    );
    const error = await attempt.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(TargetStartError);
    expect((error as TargetStartError).logs).toContain("[fe] fake-doris: BE_ADDR rule error: 'not-an-address'");
    const running = execFileSync('docker', ['ps', '--quiet', '--filter', `ancestor=${FAKE_DORIS_IMAGE}`], { encoding: 'utf8' });
    expect(running.trim()).toBe('');
  });

  // The Meta Service plan's path: a container ready by a log line, then a command run in it
  // (FoundationDB's `configure new single ssd`) before the next container starts.
  const planWithCommand = (command: string[]): TargetPlan => {
    const frontend: ContainerPlan = {
      role: 'fe',
      image: FAKE_DORIS_IMAGE,
      exposedPorts: [8030],
      env: { FE_SERVERS: 'fe1:127.0.0.1:9010' },
      readiness: [{ kind: 'log', pattern: /fake-doris fe: FE_SERVERS=/ }],
      startupTimeoutMs: 30_000,
      afterReady: [command],
    };
    return { api: 'doris-fe', kind: 'deployment', description: 'stand-in FE', steps: [() => frontend], endpoint: { role: 'fe', port: 8030, access: {} } };
  };

  it('waits for a log line and runs the commands that follow readiness', async () => {
    target = await startTargetPlan(planWithCommand(['/bin/sh', '-c', 'echo "database created"']));
    expect((await fetch(`${target.baseUrl}/api/bootstrap`)).status).toBe(200);
  });

  it('fails the start when a command after readiness fails, naming its exit code and output', async () => {
    const error = await startTargetPlan(planWithCommand(['/bin/sh', '-c', 'echo "cluster file missing"; exit 3'])).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(TargetStartError);
    expect((error as Error).message).toMatch(/exited 3: cluster file missing/);
    expect((error as TargetStartError).logs).toContain('[fe] fake-doris fe: FE_SERVERS=fe1:127.0.0.1:9010');
  });
});

/**
 * The container target definitions, checked without an engine: which images, in which order,
 * wired to each other how, reachable where. Real product images cannot be pulled here, so this is
 * where their plans are pinned to what the products' container docs and API documents say.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import {
  deploymentPlan,
  MissingImageError,
  parseSimulatorPorts,
  readContainersConfig,
  runInContainer,
  ContainerRunError,
  simulatorPlan,
  SIMULATOR_PORTS_LABEL,
  type ContainersConfig,
} from '../../src/containers/index.js';
import type { DeploymentInputs } from '../../src/containers/deployment-targets.js';
import { LogTail } from '../../src/containers/log-tail.js';

function inputs(overrides: Partial<DeploymentInputs> = {}): DeploymentInputs {
  return { env: {}, config: {}, apiEnv: {}, ...overrides };
}

const projectRoot = join(import.meta.dirname, '..', '..');

describe('Doris FE target', () => {
  it('starts the public FE image, then a BE that registers with the FE by its address', () => {
    const plan = deploymentPlan('doris-fe', inputs());
    const fe = plan.steps[0]!([]);
    const be = plan.steps[1]!([{ role: 'fe', ip: '172.18.0.2' }]);
    expect(fe.image).toBe('apache/doris:fe-3.0.4');
    expect(be.image).toBe('apache/doris:be-3.0.4');
    // The Doris images validate FE_SERVERS as fe<id>:<ip>:<edit_log_port> and BE_ADDR as <ip>:<heartbeat_port>.
    expect(fe.envFromOwnAddress).toEqual({ FE_SERVERS: 'fe1:{ip}:9010' });
    expect(be.env.FE_SERVERS).toBe('fe1:172.18.0.2:9010');
    expect(be.envFromOwnAddress).toEqual({ BE_ADDR: '{ip}:9050' });
    expect(fe.exposedPorts).toContain(8030);
    expect(plan.endpoint).toMatchObject({ role: 'fe', port: 8030, access: { basicAuth: { username: 'root', password: '' } } });
  });

  it('is ready only when the FE lists an alive backend', () => {
    const { endpointReadiness } = deploymentPlan('doris-fe', inputs());
    expect(endpointReadiness).toMatchObject({ path: '/api/backends?is_alive=true', statuses: [200], bodyIncludes: '"is_alive":true' });
  });

  it('takes the caller image first, then the env var, then the config file', () => {
    const config: ContainersConfig = { images: { 'doris-fe': 'config.local/fe:1', 'doris-be': 'config.local/be:1' } };
    const env = { CONTRACT_KIT_IMAGE_DORIS_FE: 'env.local/fe:2' };
    const image = (overrides: Partial<DeploymentInputs>) => deploymentPlan('doris-fe', inputs(overrides)).steps[0]!([]).image;
    expect(image({ config })).toBe('config.local/fe:1');
    expect(image({ config, env })).toBe('env.local/fe:2');
    expect(image({ config, env, explicit: 'cli.local/fe:3' })).toBe('cli.local/fe:3');
    // The caller's image is the API's container only: the BE keeps its own configuration.
    expect(deploymentPlan('doris-fe', inputs({ config, explicit: 'cli.local/fe:3' })).steps[1]!([{ role: 'fe', ip: '10.0.0.2' }]).image).toBe(
      'config.local/be:1',
    );
  });

  it('runs one all-in-one container when such an image is configured or given', () => {
    const configured = deploymentPlan('doris-fe', inputs({ env: { CONTRACT_KIT_IMAGE_DORIS_ALL_IN_ONE: 'apache/doris:all-in-one-4.1.3' } }));
    expect(configured.steps).toHaveLength(1);
    expect(configured.steps[0]!([]).image).toBe('apache/doris:all-in-one-4.1.3');
    expect(configured.steps[0]!([]).readiness[0]).toMatchObject({ path: '/api/backends?is_alive=true' });
    expect(deploymentPlan('doris-fe', inputs({ explicit: 'registry.local/doris:all-in-one-4.1.3' })).steps).toHaveLength(1);
  });
});

describe('Doris Meta Service target', () => {
  it('starts FoundationDB, creates its database, then points the Meta Service at it', () => {
    const plan = deploymentPlan('doris-meta-service', inputs());
    const fdb = plan.steps[0]!([]);
    const ms = plan.steps[1]!([{ role: 'fdb', ip: '172.18.0.5' }]);
    expect(fdb.image).toBe('foundationdb/foundationdb:7.1.23');
    expect(fdb.afterReady?.[0]?.join(' ')).toContain('configure new single ssd');
    expect(ms.image).toBe('apache/doris:ms-3.0.4');
    expect(ms.env.FDB_ENDPOINT).toBe('docker:docker@172.18.0.5:4500');
    // The document's samples call the Meta Service on port 5000 with token greedisgood9999.
    expect(plan.endpoint).toMatchObject({ role: 'meta-service', port: 5000, access: { token: 'greedisgood9999' } });
  });
});

describe('targets without a public image', () => {
  for (const [api, envVar] of [
    ['alluxio-coordinator', 'CONTRACT_KIT_IMAGE_ALLUXIO_COORDINATOR'],
    ['klustron-cluster-manager', 'CONTRACT_KIT_IMAGE_KLUSTRON_CLUSTER_MANAGER'],
  ] as const) {
    it(`${api} needs an image and says every way to give one`, () => {
      const attempt = () => deploymentPlan(api, inputs());
      expect(attempt).toThrow(MissingImageError);
      expect(attempt).toThrow(envVar);
      expect(attempt).toThrow('--container <image>');
      expect(attempt).toThrow(`"${api}": "<image>"`);
    });
  }

  it('Klustron listens on the documented port 35001 and is probed with POST /HttpService/Emit', () => {
    const plan = deploymentPlan('klustron-cluster-manager', inputs({ explicit: 'registry.local/cluster_mgr:1.0.2' }));
    expect(plan.endpoint.port).toBe(35001);
    expect(plan.steps[0]!([]).readiness[0]).toMatchObject({ kind: 'http', path: '/HttpService/Emit', method: 'POST', port: 35001 });
  });

  it('Alluxio defaults to 19999; installs that differ set the port by env var', () => {
    const byDefault = deploymentPlan('alluxio-coordinator', inputs({ explicit: 'registry.local/alluxio:3' }));
    expect(byDefault.endpoint.port).toBe(19999);
    const moved = deploymentPlan('alluxio-coordinator', inputs({ explicit: 'registry.local/alluxio:3', env: { CONTRACT_KIT_PORT_ALLUXIO_COORDINATOR: '28080' } }));
    expect(moved.endpoint.port).toBe(28080);
    expect(moved.steps[0]!([]).exposedPorts).toEqual([28080]);
    expect(() => deploymentPlan('alluxio-coordinator', inputs({ explicit: 'x', env: { CONTRACT_KIT_PORT_ALLUXIO_COORDINATOR: 'http' } }))).toThrow('not a TCP port');
  });

  // The variable names docker/README.md documents (`CONTRACT_KIT_PORT_<API>`).
  it.each([
    ['doris-fe', 'CONTRACT_KIT_PORT_DORIS_FE'],
    ['doris-meta-service', 'CONTRACT_KIT_PORT_DORIS_META_SERVICE'],
    ['klustron-cluster-manager', 'CONTRACT_KIT_PORT_KLUSTRON_CLUSTER_MANAGER'],
  ] as const)('%s: %s moves the endpoint port', (api, variable) => {
    const plan = deploymentPlan(api, inputs({ explicit: 'registry.local/image:1', env: { [variable]: '28081' } }));
    expect(plan.endpoint.port).toBe(28081);
  });

  it('passes the configured environment to the API container', () => {
    const plan = deploymentPlan('alluxio-coordinator', inputs({ explicit: 'registry.local/alluxio:3', apiEnv: { ALLUXIO_JAVA_OPTS: '-Xmx1g' } }));
    expect(plan.steps[0]!([]).env).toEqual({ ALLUXIO_JAVA_OPTS: '-Xmx1g' });
  });
});

describe('simulator image target', () => {
  const dockerfile = readFileSync(join(projectRoot, 'docker', 'sim.Dockerfile'), 'utf8');
  const label = new RegExp(`LABEL ${SIMULATOR_PORTS_LABEL.replaceAll('.', '\\.')}="([^"]+)"`).exec(dockerfile)?.[1];

  it('reads the ports the image declares, the default ports of the four APIs', () => {
    expect(label).toBeDefined();
    expect(parseSimulatorPorts(label!)).toEqual({
      'doris-fe': 8030,
      'doris-meta-service': 5000,
      'alluxio-coordinator': 19999,
      'klustron-cluster-manager': 35001,
    });
    expect(dockerfile).toMatch(/^EXPOSE 8030 5000 19999 35001$/m);
  });

  it('rejects a label that leaves an API out or names no port', () => {
    expect(() => parseSimulatorPorts('doris-fe=8030')).toThrow('lacks doris-meta-service, alluxio-coordinator, klustron-cluster-manager');
    expect(() => parseSimulatorPorts('doris-fe=http')).toThrow('is not <api>=<port>');
  });

  it('selects the profile by env and waits for every API it will verify', () => {
    const ports = parseSimulatorPorts(label!);
    const plan = simulatorPlan('doris-fe', { image: 'contract-kit-sim:0.1.0', ports, profile: 'observed' }, API_IDS);
    const container = plan.steps[0]!([]);
    expect(container.env).toEqual({ CONTRACT_KIT_PROFILE: 'observed' });
    expect(container.readiness.map((check) => check.kind === 'http' && check.port)).toEqual([8030, 5000, 19999, 35001]);
    expect(plan.kind).toBe('simulator');
  });
});

describe('contract-kit.config.json', () => {
  const write = (content: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ck-config-')), 'contract-kit.config.json');
    writeFileSync(file, content);
    return file;
  };

  it('reads the containers section; a missing file or section is no configuration', () => {
    expect(readContainersConfig(write('{"containers":{"images":{"doris-fe":"r/fe:1"},"startupTimeoutSeconds":90}}'))).toEqual({
      images: { 'doris-fe': 'r/fe:1' },
      startupTimeoutSeconds: 90,
    });
    expect(readContainersConfig(write('{"other":1}'))).toEqual({});
    expect(readContainersConfig(join(tmpdir(), 'no-such-dir', 'contract-kit.config.json'))).toEqual({});
  });

  it('names the file when it is broken', () => {
    const broken = write('{"containers":');
    expect(() => readContainersConfig(broken)).toThrow(broken);
    expect(() => readContainersConfig(write('{"containers":{"images":{"doris-fe":""}}}'))).toThrow('containers.images.doris-fe');
  });
});

describe('LogTail', () => {
  it('keeps the last lines, across chunk boundaries, up to its capacity', async () => {
    const tail = new LogTail(3);
    tail.consume(Readable.from(['one\ntw', 'o\nthree\r\nfour\nfi', 've']));
    await new Promise((resolve) => setImmediate(resolve));
    expect(tail.last(10)).toEqual(['three', 'four', 'five']);
    expect(tail.last(1)).toEqual(['five']);
    expect(tail.last(0)).toEqual([]);
  });
});

describe('runInContainer', () => {
  const target = () => ({ logs: vi.fn(async (tail: number) => `last ${tail} lines`), stop: vi.fn(async () => undefined) });

  it('stops the target and attaches logs only to a failing result', async () => {
    const passing = target();
    expect(await runInContainer(passing, async () => ({ passed: true }), (r) => !r.passed)).toEqual({ result: { passed: true } });
    expect(passing.stop).toHaveBeenCalledOnce();
    expect(passing.logs).not.toHaveBeenCalled();

    const failing = target();
    const outcome = await runInContainer(failing, async () => ({ passed: false }), (r) => !r.passed, 7);
    expect(outcome.containerLogs).toBe('last 7 lines');
    expect(failing.stop).toHaveBeenCalledOnce();
  });

  it('stops the target and carries the logs when the run throws', async () => {
    const broken = target();
    const run = runInContainer(broken, async () => Promise.reject(new Error('connection reset')), () => true, 5);
    await expect(run).rejects.toThrow(ContainerRunError);
    await expect(run).rejects.toThrow(/connection reset\n--- last container log lines ---\nlast 5 lines/);
    expect(broken.stop).toHaveBeenCalledOnce();
  });
});

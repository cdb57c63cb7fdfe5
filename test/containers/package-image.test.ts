/**
 * The simulator image as a user of the published package builds and starts it: `contract-kit
 * image build` run from the consumer project of test/package (the packed tarball installed, no
 * checkout), then started through ContractKitContainer and waited for through the image's own
 * HEALTHCHECK. Expected answers come from the specs' x-observed entries, not from the simulator.
 *
 * Needs a container engine; skipped locally with the reason when there is none, failed in CI.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractKitContainer, type StartedContractKitContainer } from '../../src/containers/contract-kit-container.js';
import { containerEngineStatus } from '../../src/containers/index.js';
import { verifyTarget } from '../../src/verify/index.js';
import { consumerProject, repositoryRoot, type ConsumerProject } from '../package/support/consumer-project.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

const engine = await containerEngineStatus();
if (!engine.available && process.env.CI !== 'true') console.warn(`[test:containers] package image skipped: ${engine.reason}`);

const { version } = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: repositoryRoot, encoding: 'utf8' })) as { version: string };
// Its own tag, so that it does not replace the checkout's build (scripts/build-sim-image.sh) of the same version.
const tag = `contract-kit-sim:${version}-from-package`;

describe.skipIf(!engine.available && process.env.CI !== 'true')('the simulator image built from an installed package', () => {
  let project: ConsumerProject;
  let container: StartedContractKitContainer | undefined;
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, [join(project.dir, 'node_modules', 'contract-kit', 'dist', 'src', 'cli', 'main.js'), ...args], { cwd: project.dir, encoding: 'utf8' });

  beforeAll(async () => {
    project = consumerProject();
    const started = Date.now();
    expect(cli('image', 'build', '--tag', tag, '--quiet').trim()).toBe(tag);
    console.info(`[test:containers] ${project.note}; ${tag} built from it in ${Date.now() - started} ms`);
    container = await new ContractKitContainer(tag).withApis('doris-fe', 'klustron-cluster-manager').withProfile('observed').start();
  }, 300_000);

  afterAll(async () => {
    await container?.stop();
  });

  it('is tagged with the package version by default', () => {
    expect(cli('image', 'build', '--help')).toContain(`contract-kit-sim:${version}`);
    expect(execFileSync('docker', ['image', 'inspect', '--format', '{{ index .Config.Labels "org.opencontainers.image.version" }}', tag], { encoding: 'utf8' }).trim()).toBe(
      `${version}-from-package`,
    );
  });

  it('is started through ContractKitContainer once its HEALTHCHECK says healthy', () => {
    const health = execFileSync('docker', ['inspect', '--format', '{{.State.Health.Status}}', container!.getId()], { encoding: 'utf8' }).trim();
    expect(health).toBe('healthy');
  });

  it('serves the APIs it was given, in the profile it was given', async () => {
    // x-observed fe-auth: a real FE answers a request without credentials with HTTP 200 and envelope code 401.
    const response = await fetch(`${container!.getBaseUrl('doris-fe')}/api/backends`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { code: number }).code).toBe(401);
    expect(() => container!.getBaseUrl('alluxio-coordinator')).toThrow(/not served by this container/);
  });

  it('keeps the Klustron contract up to its observed deviations, verified through its mapped port', async () => {
    const report = await verifyTarget('klustron-cluster-manager', container!.getBaseUrl('klustron-cluster-manager'), SCENARIOS['klustron-cluster-manager']);
    expect(report.cases.filter((result) => result.verdict === 'fail').map((result) => result.title)).toEqual([]);
    // The observed profile answers like a real ClusterManager, so many answers are its known deviations.
    expect(report.summary.pass + report.summary.knownDeviation).toBeGreaterThan(0);
  });
});

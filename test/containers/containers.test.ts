/**
 * Contract verification in containers, end to end: the simulator image (built locally, no pulls)
 * is started through testcontainers exactly as a real product image would be, and the full
 * contract suite of each API runs against it. A second container, started in a configuration that
 * breaks the documented contract, must be reported failing together with its last log lines.
 *
 * Needs a container engine (scripts/docker-engine.sh). Without one the suite is skipped with the
 * reason printed, unless CI=true, where a missing engine is a failure.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import {
  containerEngineStatus,
  runInContainer,
  SIMULATOR_IMAGE_SLOT,
  startSimulator,
  startTarget,
  type StartedSimulator,
} from '../../src/containers/index.js';
import { verifyTarget } from '../../src/verify/index.js';
import type { ContractReport } from '../../src/verify/types.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

const engine = await containerEngineStatus();
const engineRequired = process.env.CI === 'true';
if (!engine.available && !engineRequired) {
  console.warn(`[test:containers] skipped: ${engine.reason} (CI=true makes this a failure)`);
}

const projectRoot = join(import.meta.dirname, '..', '..');

/** The failing cases of a report, one line each, for assertion messages. */
function failures(report: ContractReport): string[] {
  return report.cases
    .filter((result) => result.verdict === 'fail')
    .map((result) => `${result.title}: ${result.checks.filter((check) => check.status === 'fail').map((check) => (check.message ?? check.name).split('\n')[0]).join(' / ')}`);
}

/** Builds the simulator image from dist/ (cached: a no-op when nothing changed). */
function buildSimulatorImage(): void {
  execFileSync(join(projectRoot, 'scripts', 'build-sim-image.sh'), ['--skip-compile'], { stdio: 'inherit' });
}

describe.skipIf(!engine.available && !engineRequired)('container engine', () => {
  it('answers, so the container suite can run', () => {
    expect(engine.available, engine.available ? '' : engine.reason).toBe(true);
  });
});

describe.skipIf(!engine.available)('simulator image verified through testcontainers', () => {
  let simulator: StartedSimulator | undefined;

  beforeAll(async () => {
    buildSimulatorImage();
    const started = Date.now();
    simulator = await startSimulator();
    console.info(`[test:containers] ${simulator.image} up with four APIs in ${Date.now() - started} ms`);
  });

  afterAll(async () => {
    await simulator?.stop();
  });

  for (const api of API_IDS) {
    it(`${api} passes its contract suite`, async () => {
      const report = await verifyTarget(api, simulator!.baseUrls[api], SCENARIOS[api], { description: `${api} in ${simulator!.image}` });
      const failed = failures(report);
      const logs = failed.length === 0 ? '' : `\n--- last container log lines ---\n${await simulator!.logs(30)}`;
      expect(failed, `${api} failures${logs}`).toEqual([]);
      expect(report.summary.pass, 'cases actually ran').toBeGreaterThan(0);
    });
  }
});

describe.skipIf(!engine.available)('a deployment that breaks the contract', () => {
  beforeAll(() => buildSimulatorImage());

  it('is reported failing, with the container log lines', async () => {
    // The observed profile behaves like real FEs (every answer HTTP 200, fe-envelope-200; extra
    // `alive` key, fe-alive-key). Verified strictly against the documents, those deviations fail:
    // an unauthenticated request must be rejected with HTTP 401.
    // Started the way `verify doris-fe --container <image>` starts an image.
    const image = process.env[SIMULATOR_IMAGE_SLOT.envVar] ?? SIMULATOR_IMAGE_SLOT.defaultImage;
    const target = await startTarget('doris-fe', { image, profile: 'observed' });
    expect(target.kind).toBe('simulator');
    const outcome = await runInContainer(
      target,
      () => verifyTarget('doris-fe', target.baseUrl, SCENARIOS['doris-fe'], { strict: true }),
      (report) => report.summary.fail > 0,
      20,
    );
    const failed = failures(outcome.result);
    expect(failed.join('\n')).toMatch(/rejects: no credentials.*negative_data_rejection: the request was not rejected/);
    expect(outcome.containerLogs, 'the last container log lines come with the failure').toBeDefined();
    // The container's own start-up lines name the profile it runs: proof the logs are its own.
    expect(outcome.containerLogs).toMatch(/\[simulator\] .*observed/);
    console.info(`[test:containers] failing deployment reported:\n${failed.join('\n')}\n--- last container log lines ---\n${outcome.containerLogs}`);
  });
});

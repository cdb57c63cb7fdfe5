/**
 * Contract verification in containers, end to end: the simulator image (built locally, no pulls)
 * is started through testcontainers exactly as a real product image would be, and each API in it
 * is verified against its documents. A second container, started in a configuration that breaks
 * the documented contract, must be reported failing together with the container's last log lines.
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
import { verifyTarget } from './documented-requests.js';

const engine = await containerEngineStatus();
const engineRequired = process.env.CI === 'true';
if (!engine.available && !engineRequired) {
  console.warn(`[test:containers] skipped: ${engine.reason} (CI=true makes this a failure)`);
}

const projectRoot = join(import.meta.dirname, '..', '..');

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
    it(`${api} answers its documented requests`, async () => {
      const verdict = await verifyTarget(api, simulator!.baseUrls[api]);
      const logs = verdict.passed ? '' : `\n${await simulator!.logs(30)}`;
      expect(verdict.failures, `${api} failures${logs}`).toEqual([]);
    });
  }
});

describe.skipIf(!engine.available)('a deployment that breaks the contract', () => {
  beforeAll(() => buildSimulatorImage());

  it('is reported failing, with the container log lines', async () => {
    // The observed profile behaves like real FEs (every answer HTTP 200, fe-envelope-200), which
    // breaks the documented contract: an unauthenticated request must be answered HTTP 401.
    // Started the way `verify doris-fe --container <image>` starts an image.
    const image = process.env[SIMULATOR_IMAGE_SLOT.envVar] ?? SIMULATOR_IMAGE_SLOT.defaultImage;
    const target = await startTarget('doris-fe', { image, profile: 'observed' });
    expect(target.kind).toBe('simulator');
    const outcome = await runInContainer(
      target,
      () => verifyTarget('doris-fe', target.baseUrl),
      (verdict) => !verdict.passed,
      20,
    );
    expect(outcome.result.passed).toBe(false);
    expect(outcome.result.failures.join('\n')).toContain('GET /api/backends without credentials: expected HTTP 401, got 200');
    expect(outcome.containerLogs, 'the last container log lines come with the failure').toBeDefined();
    // The container's own start-up lines name the profile it runs: proof the logs are its own.
    expect(outcome.containerLogs).toMatch(/observed/);
    console.info(`[test:containers] failing deployment reported with logs:\n${outcome.result.failures.join('\n')}\n${outcome.containerLogs}`);
  });
});

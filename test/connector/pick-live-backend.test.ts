import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDorisFeSimulator } from '../../mocks/doris-fe/index.js';
import { createMswHandlers } from '../../src/serve/msw.js';
import { DorisConnectorError, pickLiveBackend, type PickOptions } from '../../contracts/doris-fe/spark-connector.js';

/**
 * A connector developer's test: the Spark-like client runs in-process against MSW handlers backed
 * by the doris-fe simulator, with no FE at hand.
 */

const FE = 'fe.doris.test:8030';
const simulator = createDorisFeSimulator({ users: { root: '', etl: 'etl-pass' } });
const observedSimulator = createDorisFeSimulator({ profile: 'observed' });
const documented = createMswHandlers('doris-fe', { baseUrl: `http://${FE}`, simulator });
const OBSERVED_FE = 'observed-fe.doris.test:8030';
const observed = createMswHandlers('doris-fe', { baseUrl: `http://${OBSERVED_FE}`, simulator: observedSimulator });
const server = setupServer(...documented.handlers, ...observed.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  documented.reset();
  observed.reset();
});
afterAll(() => server.close());

const options = (extra: Partial<PickOptions> = {}): PickOptions => ({ fenodes: FE, user: 'root', password: '', ...extra });

describe('pickLiveBackend against the doris-fe mock', () => {
  it('picks one of the live backends, never the dead one', async () => {
    const picks = new Set<string>();
    for (let index = 0; index < 3; index++) {
      picks.add(await pickLiveBackend(options({ random: (n) => Math.min(index, n - 1) })));
    }
    expect([...picks].sort()).toEqual(['192.168.1.1:8040', '192.168.1.2:8040']);
  });

  it('follows the cluster: a BE that goes down is no longer picked', async () => {
    simulator.setAlive('192.168.1.1', false);
    expect(await pickLiveBackend(options({ random: () => 0 }))).toBe('192.168.1.2:8040');
  });

  it('fails clearly when every backend is dead (scenario all-backends-dead)', async () => {
    simulator.applyScenario('all-backends-dead');
    await expect(pickLiveBackend(options())).rejects.toThrow(/no live Doris BE to load into/);
  });

  it('fails clearly with wrong credentials and works with a configured user', async () => {
    await expect(pickLiveBackend(options({ password: 'wrong' }))).rejects.toThrow(DorisConnectorError);
    expect(await pickLiveBackend(options({ user: 'etl', password: 'etl-pass', random: () => 0 }))).toBe('192.168.1.1:8040');
  });

  it('reports an injected server error and a dropped connection', async () => {
    await expect(pickLiveBackend(options({ headers: { 'x-mock-fault': 'status=503' } }))).rejects.toThrow(/http code is 503/);
    await expect(pickLiveBackend(options({ headers: { 'x-mock-fault': 'reset' } }))).rejects.toThrow(/Connect to .* failed/);
  });

  it('gives up on a slow FE after its timeout', async () => {
    const slow = pickLiveBackend(options({ timeoutMs: 50, headers: { 'x-mock-fault': 'latency=1000' } }));
    await expect(slow).rejects.toThrow(/failed/);
  });

  it('checks the envelope code, because a real FE answers errors with HTTP 200 (observed profile)', async () => {
    await expect(pickLiveBackend(options({ fenodes: OBSERVED_FE, password: 'wrong' }))).rejects.toThrow(/code 401/);
    observedSimulator.applyScenario('fe-internal-error');
    await expect(pickLiveBackend(options({ fenodes: OBSERVED_FE }))).rejects.toThrow(/code 500/);
  });
});

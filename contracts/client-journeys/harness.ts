import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import type { ApiId, Profile } from '../../mocks/shared/types.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { createMswHandlers } from '../../src/serve/msw.js';
import { DEFAULT_PORTS } from '../../src/serve/ports.js';

/**
 * Client journeys: what a real public client (a connector, an operator, a script) sends and what
 * it needs to see, written from that client's published behaviour. Each journey is a plain
 * function of a base URL using the global `fetch`, so the same code runs against the network
 * server and through the MSW handlers, in both profiles. Expected answers come from the documents
 * and the specs' `x-observed` facts, never from the simulator.
 */

export type Transport = 'http' | 'msw';

export interface JourneyTarget {
  api: ApiId;
  profile: Profile;
  transport: Transport;
  /** Where the client sends its requests (no trailing slash). */
  baseUrl: string;
  /** Moves the mock's clock forward through its control endpoint (async jobs finish on it). */
  advanceClock(ms: number): Promise<void>;
}

export interface JourneyOptions {
  /** Default both. A journey a profile cannot serve stays in the list and fails: never leave it out to hide that. */
  profiles?: Profile[];
  /** Default both. */
  transports?: Transport[];
}

const PROFILES: Profile[] = ['documented', 'observed'];
const TRANSPORTS: Transport[] = ['http', 'msw'];

/**
 * Registers `body` once per profile × transport, each in its own describe block with a fresh mock
 * (reset after every test). `body` receives a getter because the target exists only once the
 * block's `beforeAll` has run.
 */
export function describeClientJourneys(api: ApiId, title: string, body: (target: () => JourneyTarget) => void, options: JourneyOptions = {}): void {
  for (const profile of options.profiles ?? PROFILES) {
    for (const transport of options.transports ?? TRANSPORTS) {
      describe(`${api} client journeys: ${title} [${profile}, ${transport}]`, () => {
        let current: JourneyTarget | undefined;
        let stop: () => Promise<void> = async () => {};
        let reset: () => Promise<void> = async () => {};
        beforeAll(async () => {
          const opened = transport === 'http' ? await openHttp(api, profile) : openMsw(api, profile);
          current = opened.target;
          stop = opened.stop;
          reset = opened.reset;
        });
        afterEach(async () => reset());
        afterAll(async () => stop());
        body(() => {
          if (!current) throw new Error('client journey target used outside a test (it opens in beforeAll)');
          return current;
        });
      });
    }
  }
}

interface OpenedTarget {
  target: JourneyTarget;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function controlClock(baseUrl: string) {
  return async (ms: number) => {
    const answer = await fetch(`${baseUrl}/__contract-kit/clock/advance?ms=${ms}`, { method: 'POST' });
    if (!answer.ok) throw new Error(`clock/advance?ms=${ms} answered ${answer.status}: ${await answer.text()}`);
  };
}

async function openHttp(api: ApiId, profile: Profile): Promise<OpenedTarget> {
  const server: MockServer = await startMockServer({ api, profile, port: 0 });
  return {
    target: { api, profile, transport: 'http', baseUrl: server.url.replace(/\/+$/, ''), advanceClock: controlClock(server.url.replace(/\/+$/, '')) },
    reset: async () => server.simulator.reset(),
    stop: () => server.close(),
  };
}

function openMsw(api: ApiId, profile: Profile): OpenedTarget {
  // The API's default local origin, as a connector configured for a local cluster would call it.
  const baseUrl = `http://127.0.0.1:${DEFAULT_PORTS[api]}`;
  const mock = createMswHandlers(api, { baseUrl, profile });
  const server = setupServer(...mock.handlers);
  // Other journeys' network servers (127.0.0.1 on other ports) must still be reachable.
  server.listen({ onUnhandledRequest: 'bypass' });
  return {
    target: { api, profile, transport: 'msw', baseUrl, advanceClock: controlClock(baseUrl) },
    reset: async () => mock.reset(),
    stop: async () => server.close(),
  };
}

import { setupServer } from 'msw/node';
import type { ApiId } from '../../mocks/shared/types.js';
import { startMockServer, type MockServerOptions } from '../../src/serve/http.js';
import type { RequestJournal } from '../../src/serve/journal.js';
import { createMswHandlers, type MswHandlersOptions } from '../../src/serve/msw.js';

/** What a control test needs of a running mock, whichever adapter serves it. */
export interface ControlTarget {
  url: string;
  journal: RequestJournal;
  close(): Promise<void>;
}

export type Adapter = 'node:http' | 'msw';
export const ADAPTERS: readonly Adapter[] = ['node:http', 'msw'];

/** Setup both adapters accept. */
export type CommonSetup = Pick<MockServerOptions, 'seed' | 'scenarios' | 'journalSize' | 'settings' | 'clock' | 'profile'>;

let mswOrigins = 0;

/** A mock of `api` served over the network (port 0) or intercepted by MSW at an origin of its own. */
export async function startTarget(adapter: Adapter, api: ApiId, setup: CommonSetup = {}): Promise<ControlTarget> {
  if (adapter === 'node:http') {
    const server = await startMockServer({ api, port: 0, ...setup });
    return { url: server.url, journal: server.journal, close: server.close };
  }
  const baseUrl = `http://msw-control-${++mswOrigins}.test:${9000 + mswOrigins}`;
  const mock = createMswHandlers(api, { ...(setup as MswHandlersOptions), baseUrl });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  return { url: baseUrl, journal: mock.journal(), close: async () => server.close() };
}

export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

export const FE_AUTH = { authorization: `Basic ${Buffer.from('root:').toString('base64')}` };
export const MS_TOKEN = 'greedisgood9999';

/** A Klustron job request as the document's samples send it. */
export function klustronJob(jobType: string, paras?: Record<string, unknown>, jobId = ''): string {
  return JSON.stringify({ version: '1.0', job_id: jobId, job_type: jobType, timestamp: '1435749309', user_name: 'kunlun_test', ...(paras && { paras }) });
}

export async function emit(target: ControlTarget, body: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${target.url}/HttpService/Emit`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return JSON.parse(await res.text()) as Record<string, unknown>;
}

export async function advance(target: ControlTarget, ms: number | string): Promise<Response> {
  return fetch(`${target.url}/__contract-kit/clock/advance?ms=${ms}`, { method: 'POST' });
}

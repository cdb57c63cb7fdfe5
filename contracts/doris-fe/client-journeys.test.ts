import { createServer } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeClientJourneys } from '../client-journeys/harness.js';
import { discoverBackendsLikeFlink, FlinkDorisError, type FlinkBackendRow } from './flink-connector.js';
import { DorisConnectorError, pickLiveBackend } from './spark-connector.js';

/**
 * What the Doris connectors need from `GET /api/backends`, run against both profiles over
 * node:http and through MSW. Expected answers come from the document (is_alive=true returns only
 * live backends, each `{ip, http_port, is_alive}`), the spec's x-observed entries (fe-envelope-200,
 * fe-auth) and what each connector does with an answer.
 */

/** An FE address nothing listens on: a port the OS just gave out and took back. */
async function closedFeAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

let deadFe: string;
beforeAll(async () => {
  deadFe = await closedFeAddress();
});

const inOrder = (nodes: string[]) => nodes;

/** Every backend the FE knows, by the documented call without is_alive (dead ones included). */
async function allBackends(baseUrl: string): Promise<FlinkBackendRow[]> {
  const authorization = `Basic ${Buffer.from('root:').toString('base64')}`;
  const answer = (await (await fetch(`${baseUrl}/api/backends`, { headers: { authorization } })).json()) as { data: { backends: FlinkBackendRow[] } };
  return answer.data.backends;
}

describeClientJourneys('doris-fe', 'Flink / SeaTunnel / Kafka connector FE discovery', (target) => {
  it('skips an FE it cannot reach and reads the live backends from the next one', async () => {
    const { baseUrl } = target();
    const rows = await discoverBackendsLikeFlink({ feNodes: [deadFe, baseUrl], user: 'root', password: '', shuffle: inOrder });
    const live = (await allBackends(baseUrl)).filter((row) => row.is_alive);
    expect(live.length).toBeGreaterThan(0);
    expect(rows).toEqual(live.map(({ ip, http_port }) => ({ ip, http_port, is_alive: true })));
  });

  it('asks the FEs in the shuffled order and stops at the first that answers', async () => {
    const { baseUrl } = target();
    const rows = await discoverBackendsLikeFlink({ feNodes: [deadFe, baseUrl], user: 'root', password: '', shuffle: (nodes) => [...nodes].reverse() });
    expect(rows.every((row) => row.is_alive)).toBe(true);
  });

  it('goes on past an FE that answers non-200, and says so when none is left', async () => {
    const failing = discoverBackendsLikeFlink({
      feNodes: [deadFe, target().baseUrl],
      user: 'root',
      password: '',
      shuffle: inOrder,
      headers: { 'x-mock-fault': 'status=503' },
    });
    await expect(failing).rejects.toThrow(new FlinkDorisError('No Doris FE is available, please check configuration'));
  });

  it('sees a wrong password as its profile answers it: HTTP 401 (no FE left) or HTTP 200 code 401 (data is no backend list)', async () => {
    const { baseUrl, profile } = target();
    const attempt = discoverBackendsLikeFlink({ feNodes: [baseUrl], user: 'root', password: 'wrong', shuffle: inOrder });
    if (profile === 'documented') {
      // The spec's reading: HTTP 401, so the connector tries the next FE and runs out.
      await expect(attempt).rejects.toThrow('No Doris FE is available');
    } else {
      // fe-envelope-200 + fe-auth: HTTP 200 with code 401; the connector unwraps `data`, the
      // "Access denied ..." string, and fails to map it.
      await expect(attempt).rejects.toThrow(/cannot map to schema\. res: "Access denied for user 'root' \(using password: YES\)"/);
    }
  });

  it('gets an empty list when every backend is dead (scenario all-backends-dead)', async () => {
    const rows = await discoverBackendsLikeFlink({
      feNodes: [target().baseUrl],
      user: 'root',
      password: '',
      headers: { 'x-mock-scenario': 'all-backends-dead' },
    });
    expect(rows).toEqual([]);
  });
});

describeClientJourneys('doris-fe', 'Spark connector BE pick', (target) => {
  /** The connector's `doris.fenodes` is `host:port`, without a scheme. */
  const fenodes = () => target().baseUrl.replace(/^http:\/\//, '');

  it('picks one of the live backends as ip:http_port', async () => {
    const live = (await allBackends(target().baseUrl)).filter((row) => row.is_alive).map((row) => `${row.ip}:${row.http_port}`);
    for (let index = 0; index < live.length; index++) {
      expect(await pickLiveBackend({ fenodes: fenodes(), user: 'root', password: '', random: (n) => Math.min(index, n - 1) })).toBe(live[index]);
    }
  });

  it('fails on a wrong password through the HTTP status or, on a real FE, the envelope code', async () => {
    const attempt = pickLiveBackend({ fenodes: fenodes(), user: 'root', password: 'wrong' });
    // documented: HTTP 401; observed: HTTP 200 with code 401 (fe-envelope-200, fe-auth), caught only because Spark checks `code`.
    await expect(attempt).rejects.toThrow(target().profile === 'documented' ? /http code is 401/ : /answered code 401/);
  });

  it('fails on an FE internal error the same two ways (scenario fe-internal-error)', async () => {
    const attempt = pickLiveBackend({ fenodes: fenodes(), user: 'root', password: '', headers: { 'x-mock-scenario': 'fe-internal-error' } });
    await expect(attempt).rejects.toThrow(target().profile === 'documented' ? /http code is 500/ : /answered code 500/);
  });

  it('refuses to load when no backend is alive (scenario all-backends-dead)', async () => {
    const attempt = pickLiveBackend({ fenodes: fenodes(), user: 'root', password: '', headers: { 'x-mock-scenario': 'all-backends-dead' } });
    await expect(attempt).rejects.toThrow(new DorisConnectorError('no live Doris BE to load into (beNodes: [])'));
  });
});

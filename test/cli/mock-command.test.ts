import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import { CLI_MAIN, killCliRuns, runCli, type CliRun } from '../support/cli.js';

afterEach(killCliRuns);

/** Waits for the `ready` line and returns the printed service → URL table. */
async function ready(run: CliRun, timeoutMs = 30_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  while (!/^ready in \d+ ms/m.test(run.stdout())) {
    if (run.child.exitCode !== null) throw new Error(`mock exited ${run.child.exitCode}: ${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`mock not ready after ${timeoutMs} ms: ${run.stdout()}${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Object.fromEntries([...run.stdout().matchAll(/^ {2}(\S+)\s+(http:\/\/\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

const ALL_ON_FREE_PORTS = [...API_IDS, 'docs'].flatMap((service) => ['--port', `${service}=0`]);

describe('contract-kit mock', () => {
  test('the built CLI exists', () => {
    expect(existsSync(CLI_MAIN), `${CLI_MAIN} missing: run npm run build`).toBe(true);
  });

  test('starts all four simulators and the docs, prints their URLs, answers, and exits 0 on SIGTERM', async () => {
    const run = runCli(['mock', ...ALL_ON_FREE_PORTS]);
    const urls = await ready(run);
    expect(Object.keys(urls).sort()).toEqual([...API_IDS, 'docs'].sort());
    for (const api of API_IDS) {
      expect(urls[api]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${urls[api]}/__contract-kit/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ api, profile: 'documented' });
    }
    const docs = await fetch(urls.docs!);
    expect(docs.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain('stopped');
  });

  test('serves only the APIs named, in the profile asked, and stops on SIGINT', async () => {
    const run = runCli(['mock', 'doris-fe', '--profile', 'observed', '--port', 'doris-fe=0', '--no-docs']);
    const urls = await ready(run);
    expect(Object.keys(urls)).toEqual(['doris-fe']);
    // Observed FEs answer every request with HTTP 200 (fe-envelope-200), also a missing login.
    const res = await fetch(`${urls['doris-fe']}/api/backends`);
    expect(res.status).toBe(200);
    expect((await res.json()).code).toBe(401);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  });

  test('a port in use fails with a message naming the port and the flag, exit 1', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const run = runCli(['mock', 'alluxio-coordinator', '--port', `alluxio-coordinator=${port}`, '--no-docs']);
      expect(await run.exit).toBe(1);
      expect(run.stderr()).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.stderr()).toContain('--port alluxio-coordinator=<port>');
    } finally {
      holder.close();
    }
  });

  test.each([
    [['mock', 'doris-be'], "unknown api 'doris-be'"],
    [['mock', '--port', 'doris-fe:8030'], "bad --port 'doris-fe:8030'"],
    [['mock', '--port', 'doris-fe=70000'], "bad --port 'doris-fe=70000'"],
    [['mock', 'doris-fe', '--port', 'alluxio-coordinator=1'], 'alluxio-coordinator is not among the APIs being started'],
    [['mock', '--engine', 'wiremock'], 'wiremock'],
  ])('usage error %j exits 2 with a clear message', async (args, message) => {
    const run = runCli(args);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain(message);
  });

  test('binding a non-loopback host is allowed but warned about', async () => {
    const run = runCli(['mock', 'doris-fe', '--host', '0.0.0.0', '--port', 'doris-fe=0', '--no-docs']);
    const urls = await ready(run);
    expect(run.stderr()).toMatch(/warning: binding 0\.0\.0\.0/);
    const port = new URL(urls['doris-fe']!).port;
    expect((await fetch(`http://127.0.0.1:${port}/__contract-kit/health`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  test('--engine prism serves the spec with Prism', async () => {
    const run = runCli(['mock', 'doris-fe', '--engine', 'prism', '--port', 'doris-fe=0', '--no-docs']);
    const urls = await ready(run, 60_000);
    const res = await fetch(`${urls['doris-fe']}/api/backends`, {
      headers: { authorization: `Basic ${Buffer.from('root:').toString('base64')}`, prefer: 'example=all_backends' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.backends).toHaveLength(3);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  }, 90_000);
});

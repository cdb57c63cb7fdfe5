/**
 * Mocks bind 127.0.0.1 unless told otherwise (DESIGN.md); binding anything else is explicit and
 * the CLI says so on stderr.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import { startDocsServer } from '../../src/docs/server.js';
import { startMockServer } from '../../src/serve/http.js';
import { CLI_MAIN, runCli, waitForOutput, type CliRun } from '../support/cli.js';
import { listeningAddresses } from './support/sockets.js';

const runs: CliRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null) {
      run.child.kill('SIGTERM');
      await run.exit;
    }
  }
});

function expectLoopbackOnly(port: number): void {
  const bound = listeningAddresses(port);
  if (bound === undefined) {
    console.log(`/proc/net/tcp is not readable here: the bound address of port ${port} is taken from the server's own report`);
    return;
  }
  expect(bound, `addresses listening on ${port}`).toEqual(['127.0.0.1']);
}

describe('default bind address', () => {
  test.each(API_IDS)('%s: startMockServer listens on 127.0.0.1 only', async (api) => {
    const server = await startMockServer({ api, port: 0 });
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expectLoopbackOnly(server.port);
    } finally {
      await server.close();
    }
  });

  test('the docs server listens on 127.0.0.1 only', async () => {
    const docs = await startDocsServer({ port: 0 });
    try {
      const port = Number(new URL(docs.url).port);
      expect(new URL(docs.url).hostname).toBe('127.0.0.1');
      expectLoopbackOnly(port);
    } finally {
      await docs.close();
    }
  });
});

describe('contract-kit mock (built CLI)', () => {
  test('the built CLI exists (npm run build)', () => {
    expect(existsSync(CLI_MAIN), `${CLI_MAIN} missing: run npm run build`).toBe(true);
  });

  test('by default it binds 127.0.0.1 and warns about nothing', async () => {
    const run = runCli(['mock', 'doris-fe', '--port', 'doris-fe=0', '--no-docs']);
    runs.push(run);
    await waitForOutput(run, /^ready in \d+ ms/m);
    const url = /doris-fe\s+(http:\/\/\S+)/.exec(run.stdout())?.[1];
    expect(url, run.stdout()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expectLoopbackOnly(Number(new URL(url!).port));
    expect(run.stderr()).not.toMatch(/warning/i);
  });

  test('--host 0.0.0.0 is honoured and printed as a warning on stderr', async () => {
    const run = runCli(['mock', 'doris-fe', '--host', '0.0.0.0', '--port', 'doris-fe=0', '--no-docs']);
    runs.push(run);
    await waitForOutput(run, /^ready in \d+ ms/m);
    expect(run.stderr()).toMatch(/warning: binding 0\.0\.0\.0: the mocks are reachable from the network/);
    const url = /doris-fe\s+(http:\/\/\S+)/.exec(run.stdout())?.[1];
    expect(url, run.stdout()).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    const bound = listeningAddresses(Number(new URL(url!).port));
    if (bound !== undefined) expect(bound).toEqual(['0.0.0.0']);
  });
});

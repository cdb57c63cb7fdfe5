/**
 * SIGINT/SIGTERM in the middle of a run: the reports hold the cases that finished, marked
 * `incomplete: true`, written whole (no half file, no temporary file), exit 130/143.
 * Runs the built CLI (`npm run build`) as users do.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ContractReport } from '../../src/verify/index.js';
import { killCliRuns, runCli, type CliRun } from '../support/cli.js';

let server: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  // A slow Doris FE: every answer after 250 ms, so that a signal lands mid-run.
  server = createServer((_req, res) =>
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ msg: 'success', code: 0, data: { backends: [{ ip: '10.0.0.1', http_port: 8040, is_alive: true }] }, count: 0 }));
    }, 250),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'interrupt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => killCliRuns());

async function waitForCases(cli: CliRun, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((cli.stdout().match(/^ {4}[✓✗~-] /gm)?.length ?? 0) < n) {
    if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`no ${n} case lines: ${cli.stdout()}${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('an interrupted run', () => {
  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: exit %i, JSON and JUnit hold the finished cases, marked incomplete', async (signal, code) => {
    const out = join(dir, signal);
    const cli = runCli(['verify', 'doris-fe', '--base-url', url, '--verbose', '--json', join(out, 'r.json'), '--junit', join(out, 'r.xml')]);
    await waitForCases(cli, 2);
    cli.child.kill(signal);
    expect(await cli.exit).toBe(code);
    const report = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')) as ContractReport;
    expect(report.incomplete).toBe(true);
    expect(report.cases.length).toBeGreaterThanOrEqual(2);
    expect(report.cases.length).toBeLessThan(7);
    expect(readFileSync(join(out, 'r.xml'), 'utf8')).toContain('<property name="incomplete" value="true"/>');
    expect(readdirSync(out).sort()).toEqual(['r.json', 'r.xml']);
    expect(cli.stdout()).toContain('doris-fe: INCOMPLETE');
    expect(cli.stderr()).toContain(`${signal}: stopping`);
  }, 30_000);
});

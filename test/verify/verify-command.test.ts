import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCommand } from '../support/run-command.js';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';
import { startMockServer } from '../../src/serve/http.js';
import type { ContractReport } from '../../src/verify/index.js';

const run = (args: string[]) => runCommand(registerVerifyCommand, ['verify', ...args]);

describe('contract-kit verify', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('verifies the in-process simulator by default, exits 0, writes the JSON and JUnit reports', async () => {
    const json = join(dir, 'out/report.json');
    const junit = join(dir, 'out/junit.xml');
    const { exitCode, output } = await run(['doris-fe', '--json', json, '--junit', junit]);
    expect(exitCode).toBe(0);
    expect(output).toMatch(/^doris-fe: \d+ passed, 0 failed, 0 known-deviation, 0 skipped/m);
    const report = JSON.parse(readFileSync(json, 'utf8')) as ContractReport;
    expect(report).toMatchObject({ api: 'doris-fe', summary: { fail: 0, knownDeviation: 0, skip: 0 } });
    expect(report.summary.pass).toBe(report.cases.length);
    expect(report.cases.map((c) => c.id)).toContain('get_backends/default/negative/credentials:missing');
    // Coverage: the documented statuses of get_backends that the cases exercised.
    expect(report.coverage).toEqual([{ operationId: 'get_backends', variant: 'default', documented: ['200', '400', '401', '500'], exercised: ['200', '400', '401'] }]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="doris-fe — in-process doris-fe simulator \(documented\)" tests="\d+" failures="0"/);
    expect(xml).toContain('<testcase classname="doris-fe.get_backends" name="get_backends rejects: no credentials (basicAuth)"');
  });

  test('exits 1 with the failing checks when a case fails (wrong credentials given: the scenario cannot read the backends)', async () => {
    const { exitCode, output } = await run(['doris-fe', '--user', 'root', '--password', 'not-the-password', '--only', 'get_backends']);
    expect(exitCode).toBe(1);
    expect(output).toContain('✗ scenario alive-filter');
    expect(output).toContain('[get_backends (all)] ensure_resource_availability: the full list: the call did not succeed');
    expect(output).toContain("-H 'authorization: ***'");
    expect(output).not.toContain('not-the-password');
  });

  test('--base-url verifies a running mock over HTTP; --only narrows to one operation', async () => {
    const server = await startMockServer({ api: 'alluxio-coordinator', port: 0 });
    try {
      const json = join(dir, 'report.json');
      const { exitCode } = await run(['alluxio-coordinator', '--base-url', server.url, '--only', 'query_mount_points', '--json', json]);
      expect(exitCode).toBe(0);
      const report = JSON.parse(readFileSync(json, 'utf8')) as ContractReport;
      expect(report.target).toBe(server.url);
      const ran = report.cases.filter((c) => c.verdict !== 'skip' && c.kind !== 'scenario');
      expect(ran.length).toBeGreaterThan(0);
      expect(new Set(ran.map((c) => c.operationId))).toEqual(new Set(['query_mount_points']));
      // A scenario runs when it calls a selected operation.
      expect(report.cases.find((c) => c.id === 'create_mount_point/scenario/mount-lifecycle')?.verdict).toBe('pass');
      expect(report.cases.find((c) => c.id === 'submit_load_job/scenario/load-job-lifecycle')?.verdict).toBe('skip');
    } finally {
      await server.close();
    }
  });

  test('exits 2 on usage errors', async () => {
    expect((await run(['nope'])).exitCode).toBe(2);
    expect((await run(['all', '--base-url', 'http://127.0.0.1:1'])).exitCode).toBe(2);
    expect((await run(['doris-fe', '--base-url', 'ftp://x'])).exitCode).toBe(2);
    expect((await run(['doris-fe', '--engine', 'wiremock'])).exitCode).toBe(2);
    expect((await run(['doris-fe', '--timeout-ms', '0'])).exitCode).toBe(2);
    expect((await run(['doris-fe', '--password', 'x'])).exitCode).toBe(2);
  });
});

/**
 * --min-coverage: coverage over operations × variants × documented statuses, printed as a table,
 * reported in JSON and as a JUnit test, exit 1 below the gate.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';
import { loadSpec } from '../../src/spec/load.js';
import type { ContractReport } from '../../src/verify/index.js';
import { runCommand } from '../support/run-command.js';

const run = (args: string[]) => runCommand(registerVerifyCommand, ['verify', ...args]);
let dir: string;
let documented: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverage-gate-'));
  // The spec documents get_backends' statuses; the documented request (200), a bad is_alive (400)
  // and missing credentials (401) exercise three of them; 500 needs a failing FE.
  documented = (await loadSpec('doris-fe')).operationById.get('get_backends')!.responses.map((r) => r.status);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--min-coverage', () => {
  test('the spec documents four statuses of get_backends', () => {
    expect(documented.sort()).toEqual(['200', '400', '401', '500']);
  });

  test('below the gate: exit 1, the table names what is missing, JSON and JUnit carry the gate', async () => {
    const json = join(dir, 'below.json');
    const junit = join(dir, 'below.xml');
    const { exitCode, output } = await run(['doris-fe', '--min-coverage', '80%', '--json', json, '--junit', junit]);
    expect(exitCode).toBe(1);
    expect(output).toMatch(/^ {2}operation \[variant\] +exercised +missing statuses$/m);
    expect(output).toMatch(/^ {2}get_backends +3\/4 +500$/m);
    expect(output).toContain('doris-fe coverage: 75% of documented statuses (3 of 4 over operations × variants) (gate 80%: NOT met)');
    const report = JSON.parse(readFileSync(json, 'utf8')) as ContractReport;
    expect(report.summary.fail).toBe(0);
    expect(report.coverageGate).toEqual({ minPercent: 80, percent: 75, passed: false });
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite [^>]*tests="7" failures="1"/);
    expect(xml).toContain('<testcase classname="doris-fe.coverage" name="coverage of documented statuses &gt;= 80%" time="0.000">');
    expect(xml).toContain('<failure type="coverage" message="75% is below 80%">not exercised:\nget_backends: 500</failure>');
  });

  test('at the gate: exit 0, the gate a passing JUnit test', async () => {
    const junit = join(dir, 'at.xml');
    const { exitCode, output } = await run(['doris-fe', '--min-coverage', '75', '--junit', junit]);
    expect(exitCode).toBe(0);
    expect(output).toContain('(gate 75%: met)');
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="doris-fe.coverage" name="coverage of documented statuses &gt;= 75%" time="0.000">\n {6}<system-out>75% \(3 of 4\)<\/system-out>/);
  });

  test('bad gates are usage errors; a shard cannot be gated', async () => {
    for (const gate of ['120%', 'abc', '-5', '']) expect((await run(['doris-fe', '--min-coverage', gate])).exitCode, gate).toBe(2);
    const sharded = await run(['doris-fe', '--min-coverage', '50%', '--shard', '1/2']);
    expect(sharded.exitCode).toBe(2);
    expect(sharded.output).toContain('--min-coverage needs the full run');
  });
});

/**
 * Progress while verify runs: a live line on a terminal (cases done/total, failures so far, the
 * operation running), plain per-operation lines elsewhere; --quiet and --verbose.
 * The terminal case runs the built CLI under util-linux `script`, which gives it a pseudo-TTY.
 */
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';
import { CLI_MAIN } from '../support/cli.js';
import { runCommand } from '../support/run-command.js';

const run = (args: string[]) => runCommand(registerVerifyCommand, ['verify', ...args]);
const ERASE = '\r\x1b[2K';

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs the built CLI on a pseudo-TTY and returns everything the terminal received. */
function onTerminal(args: string[]): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI_MAIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COLUMNS: '120' } });
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, screen })));
}

const terminal = hasScript() ? describe : describe.skip;
if (!hasScript()) {
  if (process.env.CI === 'true') throw new Error('util-linux script is required for the terminal progress test in CI');
  console.log('skipping the terminal progress test: util-linux `script` is not installed');
}

terminal('on a terminal', () => {
  test('one live line, repainted in place: done/total, failures so far, the current operation; erased before the report', async () => {
    const { code, screen } = await onTerminal(['verify', 'doris-fe', '--user', 'root', '--password', 'wrong-password']);
    expect(code).toBe(1);
    expect(screen).toContain(`${ERASE}doris-fe 0/6 · 0 failed`);
    expect(screen).toMatch(/\r\x1b\[2Kdoris-fe 6\/6 · [1-9] failed · get_backends/);
    // The live line is erased, then the report follows on a clean line.
    expect(screen).toMatch(/\r\x1b\[2K(\r\n)?doris-fe against in-process doris-fe simulator/);
    expect(screen).toMatch(/doris-fe: \d+ passed, [1-9] failed/);
  }, 60_000);

  test('--quiet paints no live line', async () => {
    const { code, screen } = await onTerminal(['verify', 'doris-fe', '--quiet']);
    expect(code).toBe(0);
    expect(screen).not.toContain(ERASE);
    expect(screen).toMatch(/doris-fe: 6 passed, 0 failed/);
  }, 60_000);
});

describe('not on a terminal (CI logs)', () => {
  test('one plain line per operation when its cases are done, not repeated by the report', async () => {
    const { exitCode, output } = await run(['alluxio-coordinator', '--only', 'query_nodes', 'query_mount_points']);
    expect(exitCode).toBe(0);
    expect(output).not.toContain('\x1b[');
    expect(output).toMatch(/^alluxio-coordinator: 122 cases$/m);
    expect(output).toMatch(/^ {2}✓ query_nodes: \d+ passed, 0 failed, 0 known-deviation, \d+ skipped \(\d+ ms\)$/m);
    expect(output).toMatch(/^ {2}✓ query_mount_points: /m);
    // Every operation gets exactly one line (skipped ones too).
    expect(output.match(/^ {2}. submit_load_job: /gm)).toHaveLength(1);
    expect(output).not.toMatch(/^ {2}query_nodes: \d+ passed/m);
  });

  test('--verbose adds a line per case; --quiet prints only the summary', async () => {
    const verbose = await run(['doris-fe', '--verbose']);
    expect(verbose.output.match(/^ {4}✓ get_backends/gm)?.length).toBeGreaterThanOrEqual(6);
    const quiet = await run(['doris-fe', '--quiet']);
    expect(quiet.output.split('\n')).toEqual(['doris-fe against in-process doris-fe simulator (documented)', expect.stringMatching(/^doris-fe: 6 passed, 0 failed, 0 known-deviation, 0 skipped \(\d+ ms\)$/)]);
    expect((await run(['doris-fe', '--quiet', '--verbose'])).exitCode).toBe(2);
  });
});

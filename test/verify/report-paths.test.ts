/**
 * --json/--junit paths: checked before the run (exit 2 with the reason, no stack trace, no mkdir
 * loop), missing directories created, regular files replaced atomically with no temporary file
 * left, devices and FIFOs written through (never replaced), symlinks followed only inside their
 * own directory.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';
import { prepareReportPath, ReportPathError, writeReport } from '../../src/verify/report/write-atomic.js';
import { runCommand } from '../support/run-command.js';

const run = (args: string[]) => runCommand(registerVerifyCommand, ['verify', ...args]);
/** A fast, passing run: Doris FE's six cases against the in-process simulator. */
const FAST = ['doris-fe', '--quiet'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-paths-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

async function usageError(args: string[], reason: RegExp): Promise<void> {
  const started = performance.now();
  const { exitCode, output } = await run([...FAST, ...args]);
  expect(exitCode, output).toBe(2);
  expect(output).toMatch(reason);
  expect(output).not.toMatch(/\n\s+at /); // no stack trace
  expect(performance.now() - started).toBeLessThan(5_000); // no loop
}

describe('paths that cannot take a report: exit 2 before the run, with the reason', () => {
  test('/proc/x.json and /proc/x/r.json (the crash and the mkdir loop of the issue)', async () => {
    await usageError(['--json', '/proc/x.json'], /\/proc is a kernel file system/);
    await usageError(['--json', '/proc/x/r.json'], /\/proc is a kernel file system/);
    await usageError(['--junit', '/sys/contract-kit/r.xml'], /\/sys is a kernel file system/);
  });

  test('a directory, a path ending in /, a parent that is a file', async () => {
    await usageError(['--json', dir], /is a directory; give a file name inside it/);
    await usageError(['--json', `${dir}/`], /names a directory/);
    writeFileSync(join(dir, 'plain'), 'x');
    await usageError(['--json', join(dir, 'plain', 'r.json')], /is not a directory|a parent of it is a file/);
  });

  test('a directory that does not take new files (read-only, or no permission)', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    if (process.getuid?.() === 0) {
      // Root writes through permissions; a read-only mount is what stops it. /proc/self/ is one
      // that exists everywhere Linux does (files cannot be created in it).
      await usageError(['--json', '/proc/self/contract-kit.json'], /kernel file system/);
    } else {
      await usageError(['--json', join(locked, 'r.json')], /does not take new files: permission denied/);
    }
  });

  test('--json and --junit naming the same file, also through a link', async () => {
    await usageError(['--json', join(dir, 'r'), '--junit', join(dir, 'r')], /--json and --junit name the same file/);
    writeFileSync(join(dir, 'real.json'), '');
    symlinkSync(join(dir, 'real.json'), join(dir, 'alias.json'));
    await usageError(['--json', join(dir, 'real.json'), '--junit', join(dir, 'alias.json')], /name the same file/);
  });

  test('a symlink to a file outside its directory is refused, saying where it leads', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'report-paths-outside-'));
    try {
      writeFileSync(join(outside, 'passwd'), 'root:x:0:0\n');
      symlinkSync(join(outside, 'passwd'), join(dir, 'r.json'));
      await usageError(['--json', join(dir, 'r.json')], /is a symbolic link to .*passwd, outside .*refusing to write through it/);
      expect(readFileSync(join(outside, 'passwd'), 'utf8')).toBe('root:x:0:0\n');
      expect(lstatSync(join(dir, 'r.json')).isSymbolicLink()).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('paths that take a report', () => {
  test('missing directories are created; the report is complete JSON; no temporary file is left', async () => {
    const json = join(dir, 'a', 'b', 'c', 'r.json');
    const junit = join(dir, 'a', 'x', 'r.xml');
    const { exitCode } = await run([...FAST, '--json', json, '--junit', junit]);
    expect(exitCode).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ api: 'doris-fe', summary: { fail: 0 } });
    expect(readFileSync(junit, 'utf8')).toMatch(/^<\?xml/);
    expect(readdirSync(join(dir, 'a', 'b', 'c'))).toEqual(['r.json']);
    expect(readdirSync(join(dir, 'a', 'x'))).toEqual(['r.xml']);
  });

  test('an existing file is replaced (its mode kept); a symlink inside the directory is followed and stays a link', async () => {
    writeFileSync(join(dir, 'old.json'), 'old');
    chmodSync(join(dir, 'old.json'), 0o600);
    writeFileSync(join(dir, 'target.xml'), 'old');
    symlinkSync('target.xml', join(dir, 'link.xml'));
    const { exitCode } = await run([...FAST, '--json', join(dir, 'old.json'), '--junit', join(dir, 'link.xml')]);
    expect(exitCode).toBe(0);
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toMatch(/^\{/);
    expect(lstatSync(join(dir, 'old.json')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(dir, 'link.xml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(readdirSync(dir).sort()).toEqual(['link.xml', 'old.json', 'target.xml']);
  });

  test('/dev/null is written through and stays a character device', async () => {
    const { exitCode } = await run([...FAST, '--json', '/dev/null']);
    expect(exitCode).toBe(0);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('a FIFO is written through (a reader gets the whole report), never replaced', async () => {
    const fifo = join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const destination = prepareReportPath(fifo);
    expect(destination.kind).toBe('stream');
    // The reader runs in another process: opening a FIFO for writing waits for one.
    const reader = import('node:child_process').then(({ spawn }) => {
      const child = spawn('cat', [fifo]);
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      return new Promise<string>((resolve) => child.on('exit', () => resolve(text)));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    writeReport(destination, '{"whole":true}\n');
    expect(await reader).toBe('{"whole":true}\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  test('/dev/stdout (a link out of /dev) is a stream, not refused and not replaced', () => {
    expect(prepareReportPath('/dev/stdout').kind).toBe('stream');
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  test('a write that fails leaves no temporary file behind', () => {
    const destination = prepareReportPath(join(dir, 'r.json'));
    // The directory disappears between the check and the write.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const gone = { ...destination, path: join(dir, 'missing', 'r.json') };
    expect(() => writeReport(gone, '{}')).toThrow(ReportPathError);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

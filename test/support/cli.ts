import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/spec/locate.js';

/** The built CLI, run as users run it (`npm run build` first; `npm test` does). */
export const CLI_MAIN = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills what a test left running (call in afterEach), so a failed test leaves no server behind. */
export function killCliRuns(): void {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  running.clear();
}

export function runCli(args: string[]): CliRun {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stdout: () => stdout, stderr: () => stderr, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** Waits until the output matches (or the process exits, or the time runs out). */
export async function waitForOutput(run: CliRun, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.stdout())) {
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode} before ${pattern}: ${run.stdout()}${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} after ${timeoutMs} ms: ${run.stdout()}${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

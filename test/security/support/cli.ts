import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/spec/locate.js';

/** The built CLI, run as users run it (`npm run build` first; `npm test` does). */
export const CLI_MAIN = join(packageRoot, 'dist', 'src', 'cli', 'main.js');

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

export function runCli(args: string[]): CliRun {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * The local addresses listening on a TCP port, read from the kernel's socket table
 * (/proc/net/tcp, tcp6): what was actually bound, not what the server says it bound.
 * undefined where the table is not readable.
 */
export function listeningAddresses(port: number): string[] | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      if (table.endsWith('tcp')) return undefined;
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A' /* LISTEN */) continue;
      const [address, portHex] = local.split(':') as [string, string];
      if (portHex === hexPort) found.push(decodeAddress(address));
    }
  }
  return found;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    // IPv4, little-endian.
    return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
  }
  if (/^0{32}$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  return hex;
}

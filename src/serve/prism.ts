import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { ApiId } from '../../mocks/shared/types.js';
import { requireOptional } from '../optional/index.js';
import { specPath } from '../spec/locate.js';
import { bindError, DEFAULT_HOST, DEFAULT_PORTS, httpUrl } from './ports.js';

export interface PrismMockOptions {
  /** Default the API's real port; 0 picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default specs/<api>.yaml. */
  specFile?: string;
  /** How long Prism may take to start listening; default 60 s. */
  startTimeoutMs?: number;
}

export interface PrismMock {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a spec with the installed `@stoplight/prism-cli` (static examples; a variant's example is
 * chosen with `Prefer: example=<key>`, a status with `Prefer: code=<status>`).
 */
export async function startPrismMock(api: ApiId, options: PrismMockOptions = {}): Promise<PrismMock> {
  const host = options.host ?? DEFAULT_HOST;
  const requested = options.port ?? DEFAULT_PORTS[api];
  // Prism has no "port 0": find a free port first.
  const port = requested === 0 ? await freePort(host) : requested;
  const child = spawn(process.execPath, [prismBinary(), 'mock', '-h', host, '-p', String(port), options.specFile ?? specPath(api)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitUntilListening(child, api, host, port, options.startTimeoutMs ?? 60_000);
  return { url: httpUrl(host, port), port, close: () => stopChild(child) };
}

function prismBinary(): string {
  // An optional peer dependency: a missing Prism is an install command, not a resolve stack.
  requireOptional('prism');
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  return resolve(dirname(manifestPath), typeof bin === 'string' ? bin : bin.prism!);
}

function waitUntilListening(child: ChildProcess, api: ApiId, host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onOutput = (chunk: Buffer) => {
      // A tail of the start-up output, for error messages.
      output = (output + chunk.toString('utf8')).slice(-4000);
      if (/Prism is listening on/.test(output)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        // Prism logs every request: from now on its output is drained and dropped.
        for (const stream of [child.stdout!, child.stderr!]) stream.off('data', onOutput).resume();
        resolvePromise();
      }
    };
    const onExit = (code: number | null) => {
      if (/EADDRINUSE/.test(output)) fail(bindError(Object.assign(new Error(output), { code: 'EADDRINUSE' }), api, host, port));
      else fail(new Error(`Prism for ${api} exited (code ${code}) before listening:\n${output.trim()}`));
    };
    const timer = setTimeout(() => fail(new Error(`Prism for ${api} did not listen on ${host}:${port} within ${timeoutMs} ms:\n${output.trim()}`)), timeoutMs);
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

function freePort(host: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePromise(port));
    });
  });
}

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./load-worker.js', import.meta.url));

export interface LoadRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers that were not 2xx (a mock answering 4xx to a bench request means the bench is wrong). */
  non2xx: number;
  total: number;
}

/**
 * Runs autocannon in its own process (so the load generator does not share an event loop with the
 * server) and reads its summary.
 */
export async function runLoad(
  request: LoadRequest,
  options: { connections: number; durationSec?: number; amount?: number; uniqueIdPlaceholder?: string },
): Promise<LoadResult> {
  const input = { ...request, ...options };
  const { stdout } = await run(process.execPath, [worker, JSON.stringify(input)], { maxBuffer: 64 * 1024 * 1024 });
  const summary = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: summary.requests.average,
    p50Ms: summary.latency.p50,
    p99Ms: summary.latency.p99,
    errors: summary.errors + summary.timeouts,
    non2xx: summary.non2xx,
    total: summary.requests.total,
  };
}

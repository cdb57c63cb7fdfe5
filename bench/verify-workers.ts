/**
 * `verify all` over HTTP with 1 worker and with 4: each worker verifies its own
 * `contract-kit mock <api>` process (workers on one mock would have to take turns, since every
 * case resets the mock's state first). The mock processes are started before the clock starts.
 *
 *   npm run build && node dist/bench/verify-workers.js     (BENCH_VERIFY_PORT moves the ports)
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_IDS } from '../mocks/shared/types.js';
import { packageRoot } from '../src/spec/index.js';
import { connectUrlTarget, runContract } from '../src/verify/index.js';
import { startServerProcess, type RunningProcess } from './lib/processes.js';
import { SCENARIOS } from '../src/scenarios/index.js';

const cli = join(packageRoot, 'dist/src/cli/main.js');
const BASE_PORT = Number(process.env.BENCH_VERIFY_PORT ?? 18_400);
const ROUNDS = Number(process.env.BENCH_VERIFY_ROUNDS ?? 3);
export const WORKER_COUNTS = [1, 4] as const;

export interface VerifyWorkersResult {
  rounds: number;
  cases: number;
  /** Median wall-clock ms of the four APIs' runs, per worker count. */
  medianMs: Record<number, number>;
  /** The same against "deployments" 20 ms away (read cases only, one shared target per API). */
  remote: { cases: number; medianMs: Record<number, number> };
}

const REMOTE_DELAY_MS = 20;

/** A forwarder that answers like a deployment on another network: 20 ms later, no control endpoints. */
async function distant(origin: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url!.startsWith('/__contract-kit/')) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () =>
      setTimeout(() => {
        const upstream = request(`${origin}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        upstream.end(Buffer.concat(chunks));
      }, REMOTE_DELAY_MS),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function verifyAllRemote(workers: number, urls: Record<string, string>): Promise<{ ms: number; cases: number }> {
  const started = performance.now();
  let cases = 0;
  for (const api of API_IDS) {
    const report = await runContract(api, await connectUrlTarget(urls[api]!), SCENARIOS[api], { workers });
    cases += report.cases.filter((c) => c.verdict !== 'skip').length;
  }
  return { ms: performance.now() - started, cases };
}

async function verifyAllOverHttp(workers: number, ports: Record<string, number[]>): Promise<{ ms: number; cases: number }> {
  const started = performance.now();
  let cases = 0;
  for (const api of API_IDS) {
    const urls = ports[api]!.slice(0, workers).map((port) => `http://127.0.0.1:${port}`);
    let next = 1;
    const report = await runContract(api, await connectUrlTarget(urls[0]!), SCENARIOS[api], {
      workers,
      openWorkerTarget: () => connectUrlTarget(urls[next++]!),
    });
    if (report.summary.fail > 0) throw new Error(`${api}: ${report.summary.fail} cases failed with ${workers} workers`);
    cases += report.cases.length;
  }
  return { ms: performance.now() - started, cases };
}

export async function measureVerifyWorkers(): Promise<VerifyWorkersResult> {
  const most = Math.max(...WORKER_COUNTS);
  const processes: RunningProcess[] = [];
  const ports: Record<string, number[]> = {};
  try {
    let port = BASE_PORT;
    for (const api of API_IDS) {
      ports[api] = [];
      for (let i = 0; i < most; i++, port++) {
        processes.push(await startServerProcess(process.execPath, [cli, 'mock', api, '--port', `${api}=${port}`, '--no-docs'], port));
        ports[api]!.push(port);
      }
    }
    const samples: Record<number, number[]> = {};
    let cases = 0;
    await verifyAllOverHttp(1, ports); // warm-up: JIT, compiled validators
    for (let round = 0; round < ROUNDS; round++) {
      for (const workers of WORKER_COUNTS) {
        const { ms, cases: n } = await verifyAllOverHttp(workers, ports);
        (samples[workers] ??= []).push(ms);
        cases = n;
        process.stderr.write(`  verify all over HTTP, ${workers} worker(s): ${Math.round(ms)} ms\n`);
      }
    }
    const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    const forwarders = await Promise.all(API_IDS.map((api) => distant(`http://127.0.0.1:${ports[api]![0]}`)));
    const remoteSamples: Record<number, number[]> = {};
    let remoteCases = 0;
    try {
      const urls = Object.fromEntries(API_IDS.map((api, i) => [api, forwarders[i]!.url]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const workers of WORKER_COUNTS) {
          const { ms, cases: n } = await verifyAllRemote(workers, urls);
          (remoteSamples[workers] ??= []).push(ms);
          remoteCases = n;
          process.stderr.write(`  verify all read-only, ${REMOTE_DELAY_MS} ms away, ${workers} worker(s): ${Math.round(ms)} ms\n`);
        }
      }
    } finally {
      for (const f of forwarders) await new Promise((resolve) => f.server.close(resolve));
    }
    return {
      rounds: ROUNDS,
      cases,
      medianMs: Object.fromEntries(WORKER_COUNTS.map((w) => [w, median(samples[w]!)])),
      remote: { cases: remoteCases, medianMs: Object.fromEntries(WORKER_COUNTS.map((w) => [w, median(remoteSamples[w]!)])) },
    };
  } finally {
    for (const p of processes) await p.stop();
  }
}

/** The BENCHMARKS.md section. */
export function verifyWorkersSection(result: VerifyWorkersResult): string {
  const row = (w: number) =>
    `| ${w} | ${result.medianMs[w]} | ${(result.medianMs[1]! / result.medianMs[w]!).toFixed(2)}x | ${result.remote.medianMs[w]} | ${(result.remote.medianMs[1]! / result.remote.medianMs[w]!).toFixed(2)}x |`;
  return `## Verify with workers

\`verify all\` over HTTP with 1 and 4 workers, median of ${result.rounds} runs after a warm-up;
command: \`npm run build && node dist/bench/verify-workers.js\`.
**Local mocks**: all ${result.cases} cases, each worker verifying its own \`contract-kit mock <api>\` process
(CPU-bound: client and mocks share the machine's cores). **Deployments ${REMOTE_DELAY_MS} ms away**: the
${result.remote.cases} read cases that run against a non-local target, through a forwarder that answers
${REMOTE_DELAY_MS} ms later (latency-bound: what --workers is for).

| workers | local mocks ms | speed-up | ${REMOTE_DELAY_MS} ms away ms | speed-up |
|---:|---:|---:|---:|---:|
${WORKER_COUNTS.map(row).join('\n')}
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  measureVerifyWorkers().then(
    (result) => process.stdout.write(verifyWorkersSection(result)),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * `npm run bench`: measures, on this machine and in one run, the simulator server against Prism
 * serving the same spec and a bare node:http server answering a fixed body, on the same requests;
 * the time from `contract-kit mock` to all four APIs answering; a full four-API verify; and the
 * mock process's memory under 100k+ state-creating requests. Writes BENCHMARKS.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/spec/index.js';
import { writeFileAtomic } from '../src/verify/report/write-atomic.js';
import { benchRequests, type BenchRequest } from './requests.js';
import { runLoad, type LoadRequest, type LoadResult } from './lib/load.js';
import { startServerProcess, sleep } from './lib/processes.js';
import { measureJournalMemory, measureMemory, type JournalMemoryResult, type MemoryResult } from './memory.js';
import { measureProxy, proxySection } from './proxy.js';
import { measureStartup, measureVerify } from './timings.js';
import { measureVerifyWorkers, verifyWorkersSection } from './verify-workers.js';

const cli = join(packageRoot, 'dist/src/cli/main.js');
const prism = join(packageRoot, 'node_modules/.bin/prism');
const bare = join(packageRoot, 'dist/bench/bare-server.js');
const DURATION_SEC = Number(process.env.BENCH_DURATION_SEC ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORTS = { sim: 18_100, prism: 18_200, bare: 18_300 };

type Engine = 'sim' | 'prism' | 'bare';

interface Row {
  title: string;
  results: Record<Engine, LoadResult>;
}

/** Rounds of sim and bare per request (the best of each kept): one disturbed round does not decide a ratio. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** The bytes the simulator answers to the request, which the bare server then answers too. */
interface Answer {
  body: string;
  contentType: string;
}

async function startEngine(engine: Engine, request: BenchRequest, port: number, answer: Answer | undefined) {
  switch (engine) {
    case 'sim':
      return startServerProcess(process.execPath, [cli, 'mock', request.api, '--port', `${request.api}=${port}`, '--no-docs'], port);
    case 'prism':
      return startServerProcess(prism, ['mock', '-h', '127.0.0.1', '-p', String(port), join(packageRoot, 'specs', `${request.api}.yaml`)], port, 60_000);
    case 'bare':
      return startServerProcess(process.execPath, [bare, String(port), ...(answer ? [answer.body, answer.contentType] : [])], port);
  }
}

async function answerOf(load: LoadRequest): Promise<Answer> {
  const response = await fetch(load.url, { method: load.method, headers: load.headers, body: load.body });
  return { body: await response.text(), contentType: response.headers.get('content-type') ?? 'application/json' };
}

async function measureEngine(engine: Engine, request: BenchRequest, answer: Answer | undefined): Promise<{ result: LoadResult; answer?: Answer }> {
  const port = PORTS[engine];
  const server = await startEngine(engine, request, port, answer);
  try {
    const base = `http://127.0.0.1:${port}`;
    const state = engine === 'sim' && request.setup ? await request.setup(base) : {};
    const load = request.build(base, state);
    const sample = engine === 'sim' ? await answerOf(load) : undefined;
    await runLoad(load, { connections: CONNECTIONS, durationSec: 1 }); // warm-up (JIT, keep-alive sockets)
    const result = await runLoad(load, { connections: CONNECTIONS, durationSec: DURATION_SEC });
    process.stderr.write(`  ${engine.padEnd(5)} ${request.title}: ${Math.round(result.requestsPerSecond)} req/s\n`);
    return { result, answer: sample };
  } finally {
    await server.stop();
    await sleep(200);
  }
}

const better = (a: LoadResult | undefined, b: LoadResult) => (a && a.requestsPerSecond >= b.requestsPerSecond ? a : b);

/**
 * Sim and bare alternate for ROUNDS rounds (the best round of each kept, the same rule for both),
 * bare answering the very bytes the simulator answered; Prism runs once (it is an order of
 * magnitude off, and slow to start).
 */
async function measure(request: BenchRequest): Promise<Row> {
  const results = {} as Record<Engine, LoadResult>;
  let answer: Answer | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const sim = await measureEngine('sim', request, undefined);
    results.sim = better(results.sim, sim.result);
    answer ??= sim.answer;
    results.bare = better(results.bare, (await measureEngine('bare', request, answer)).result);
  }
  results.prism = (await measureEngine('prism', request, undefined)).result;
  return { title: request.title, results };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

function throughputTable(rows: Row[]): string {
  const lines = [
    '| request | engine | req/s | p50 ms | p99 ms | errors | non-2xx |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    for (const engine of ['sim', 'prism', 'bare'] as const) {
      const r = row.results[engine];
      lines.push(`| ${row.title} | ${engine} | ${fmt(r.requestsPerSecond)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |`);
    }
  }
  lines.push('', '| request | sim / Prism (goal ≥ 10x) | sim / bare (goal ≥ 0.80x) |', '|---|---:|---:|');
  for (const row of rows) {
    const { sim, prism: p, bare: b } = row.results;
    lines.push(`| ${row.title} | ${ratio(sim.requestsPerSecond, p.requestsPerSecond)} | ${ratio(sim.requestsPerSecond, b.requestsPerSecond)} |`);
  }
  return lines.join('\n');
}

function memoryTable(memory: MemoryResult): string {
  const lines = ['| after requests | RSS MiB | heap used MiB |', '|---:|---:|---:|'];
  for (const s of memory.samples) lines.push(`| ${fmt(s.requests)} | ${(s.rssBytes / 2 ** 20).toFixed(1)} | ${(s.heapUsedBytes / 2 ** 20).toFixed(1)} |`);
  return lines.join('\n');
}

function journalTable(memory: JournalMemoryResult): string {
  const base = memory.samples[0]?.heapUsedBytes ?? 0;
  const lines = ['| --journal-size | heap used MiB | journal (heap above size 0) MiB |', '|---:|---:|---:|'];
  for (const s of memory.samples) {
    lines.push(`| ${fmt(s.journalSize)} | ${(s.heapUsedBytes / 2 ** 20).toFixed(1)} | ${((s.heapUsedBytes - base) / 2 ** 20).toFixed(2)} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  // Other work on the machine lowers every engine's numbers, the ratios less so; the report says how busy it was.
  const loadAtStart = loadavg()[0]!;
  const requests = await benchRequests();
  process.stderr.write(`throughput: ${requests.length} requests x 3 engines, ${DURATION_SEC} s each, ${CONNECTIONS} connections\n`);
  const rows: Row[] = [];
  for (const request of requests) rows.push(await measure(request));
  process.stderr.write('startup: contract-kit mock -> all four APIs answering\n');
  const startup = await measureStartup(cli);
  process.stderr.write('verify: full four-API verify against the simulators\n');
  const verify = await measureVerify(cli);
  process.stderr.write('verify workers: verify all over HTTP with 1 and 4 workers\n');
  const verifyWorkers = await measureVerifyWorkers();
  process.stderr.write('memory: mock process under state-creating load\n');
  const memory = await measureMemory(cli);
  process.stderr.write('proxy: through contract-kit proxy vs direct, and its memory with --har\n');
  const proxy = await measureProxy(cli, { durationSec: DURATION_SEC, connections: CONNECTIONS });
  process.stderr.write('memory: a full request journal\n');
  const journalMemory = await measureJournalMemory(cli);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const report = `# Benchmarks

Produced by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}:
${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.
The load generator (autocannon, ${CONNECTIONS} connections, ${DURATION_SEC} s after a 1 s warm-up) and
each server run as separate processes side by side on the same machine, one server at a time;
sim and bare alternate for ${ROUNDS} rounds per request and the best round of each is shown (Prism: one round).
Engines: **sim** = \`contract-kit mock <api>\` (request validation on, request journal on: its default 1000 entries), **prism** =
\`prism mock specs/<api>.yaml\` (Prism 5.14.2, request validation on), **bare** = a node:http server
answering, as one fixed body, the bytes the simulator answered to the same request (bench/bare-server.ts):
the ceiling for any Node server here.
Numbers move by ±10% between runs on this shared 2-core machine; compare ratios within one run.
Load average when the run started: ${loadAtStart.toFixed(1)} on ${cpus().length} cores${loadAtStart > cpus().length / 2 ? ' — **a loaded machine**: other processes competed for the cores during this run, so absolute numbers are low and ratios noisy; re-run on a quiet machine for reference numbers' : ''}.

## Throughput and latency

${throughputTable(rows)}

## Time to ready

\`contract-kit mock\` (all four simulators and the docs) until all four APIs answer a request,
median of ${startup.runs} runs: **${startup.medianMs} ms** (min ${startup.minMs}, max ${startup.maxMs}; goal < 1000 ms).

## Full verify

\`contract-kit verify all\` against the in-process simulators (every generated case and scenario of
the four APIs), median of ${verify.runs} runs: **${verify.medianMs} ms** wall clock including Node start-up
(min ${verify.minMs}, max ${verify.maxMs}; goal < 10 000 ms). Cases: ${verify.cases}.

${verifyWorkersSection(verifyWorkers)}
## Memory under load

${memory.description}

${memoryTable(memory)}

## Memory of a full request journal

${journalMemory.description}

${journalTable(journalMemory)}

${proxySection(proxy)}`;
  // The soak section comes from its own, longer run (bench/soak.ts): keep it.
  const previous = existsSync(join(packageRoot, 'BENCHMARKS.md')) ? readFileSync(join(packageRoot, 'BENCHMARKS.md'), 'utf8') : '';
  const soak = previous.indexOf('## Soak');
  writeFileAtomic(join(packageRoot, 'BENCHMARKS.md'), soak < 0 ? report : `${report.trimEnd()}\n\n${previous.slice(soak)}`);
  process.stdout.write(report);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});


/**
 * The proxy's cost: autocannon straight at a simulator server vs through `contract-kit proxy` in
 * front of the same server (each in its own process, side by side with the load generator), and
 * the proxy process's memory over a long run with `--har` on. `npm run bench` includes it;
 * `node dist/bench/proxy.js` runs it alone and rewrites only the "Proxy" section of BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../src/spec/index.js';
import { writeFileAtomic } from '../src/verify/report/write-atomic.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { sleep, startServerProcess, type RunningProcess } from './lib/processes.js';
import { benchRequests } from './requests.js';

const PORTS = { sim: 18_500, proxy: 18_510 };
/** Goal: the proxy keeps this share of the direct throughput. */
const GOAL = 0.7;

export interface ProxyRow {
  title: string;
  direct: LoadResult;
  proxied: LoadResult;
  /** CPU time per proxied request, in µs, of the proxy process and of the mock behind it. */
  proxyCpuUs: number;
  mockCpuUs: number;
  /** CPU time per direct request of the mock, in µs. */
  directMockCpuUs: number;
}

/** User + system CPU time of a process in µs, from /proc (Linux; clock ticks of 10 ms). */
function cpuMicros(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: field 14 (utime) and 15 (stime) of proc(5) are at 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

export interface ProxyBenchResult {
  durationSec: number;
  connections: number;
  rows: ProxyRow[];
  memory: { requests: number; rssBytes: number; harBytes: number }[];
  memoryRequests: number;
  /** The machine's 1-minute load average when the run started: other work lowers every number. */
  loadAverage: number;
}

function startSim(cli: string, api: string): Promise<RunningProcess> {
  return startServerProcess(process.execPath, [cli, 'mock', api, '--port', `${api}=${PORTS.sim}`, '--no-docs'], PORTS.sim);
}

function startProxyProcess(cli: string, api: string, extra: string[] = []): Promise<RunningProcess> {
  return startServerProcess(process.execPath, [cli, 'proxy', api, '--target', `http://127.0.0.1:${PORTS.sim}`, '--port', String(PORTS.proxy), ...extra], PORTS.proxy);
}

export async function measureProxy(cli: string, options: { durationSec: number; connections: number; memoryRounds?: number; perRound?: number }): Promise<ProxyBenchResult> {
  const { durationSec, connections, memoryRounds = 3, perRound = 50_000 } = options;
  const loadAverage = loadavg()[0] ?? 0;
  const requests = await benchRequests();
  const rows: ProxyRow[] = [];
  for (const request of requests) {
    const sim = await startSim(cli, request.api);
    try {
      const direct = `http://127.0.0.1:${PORTS.sim}`;
      const state = request.setup ? await request.setup(direct) : {};
      const results: Partial<Record<'direct' | 'proxied', LoadResult>> = {};
      const cpu = { proxy: 0, mock: 0, directMock: 0 };
      for (const mode of ['direct', 'proxied'] as const) {
        const proxy = mode === 'proxied' ? await startProxyProcess(cli, request.api) : undefined;
        try {
          const load = request.build(mode === 'direct' ? direct : `http://127.0.0.1:${PORTS.proxy}`, state);
          await runLoad(load, { connections, durationSec: 1 }); // warm-up (JIT, keep-alive sockets)
          const before = { proxy: proxy ? cpuMicros(proxy.child.pid) : 0, mock: cpuMicros(sim.child.pid) };
          results[mode] = await runLoad(load, { connections, durationSec });
          const total = Math.max(1, results[mode]!.total);
          const mockUs = (cpuMicros(sim.child.pid) - before.mock) / total;
          if (proxy) Object.assign(cpu, { proxy: (cpuMicros(proxy.child.pid) - before.proxy) / total, mock: mockUs });
          else cpu.directMock = mockUs;
          process.stderr.write(`  proxy bench ${mode.padEnd(7)} ${request.title}: ${Math.round(results[mode]!.requestsPerSecond)} req/s\n`);
        } finally {
          await proxy?.stop();
        }
      }
      rows.push({ title: request.title, direct: results.direct!, proxied: results.proxied!, proxyCpuUs: cpu.proxy, mockCpuUs: cpu.mock, directMockCpuUs: cpu.directMock });
    } finally {
      await sim.stop();
      await sleep(200);
    }
  }
  return { durationSec, connections, rows, memory: await measureHarMemory(cli, memoryRounds, perRound), memoryRequests: perRound, loadAverage };
}

/** Rounds of requests through a proxy writing `--har`: its RSS and the HAR's size after each round. */
async function measureHarMemory(cli: string, rounds: number, perRound: number): Promise<ProxyBenchResult['memory']> {
  const [backends] = await benchRequests();
  const dir = mkdtempSync(join(tmpdir(), 'contract-kit-proxy-bench-'));
  const har = join(dir, 'long-run.har');
  const sim = await startSim(cli, backends!.api);
  const proxy = await startProxyProcess(cli, backends!.api, ['--har', har]);
  const samples: ProxyBenchResult['memory'] = [{ requests: 0, rssBytes: proxy.rssBytes(), harBytes: 0 }];
  try {
    const load = backends!.build(`http://127.0.0.1:${PORTS.proxy}`, {});
    for (let round = 1; round <= rounds; round++) {
      await runLoad(load, { connections: 32, amount: perRound });
      await sleep(1_000); // the session flushes twice a second
      samples.push({ requests: round * perRound, rssBytes: proxy.rssBytes(), harBytes: statSync(har).size });
    }
    await proxy.stop();
    // The HAR is a complete document at the end of a long run.
    const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: unknown[] } }).log.entries.length;
    if (entries !== rounds * perRound) process.stderr.write(`  proxy bench: the HAR holds ${entries} entries, ${rounds * perRound} expected\n`);
  } finally {
    await proxy.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return samples;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

export function proxySection(result: ProxyBenchResult): string {
  const lines = [
    '## Proxy',
    '',
    `\`contract-kit proxy <api> --target <sim>\` in front of \`contract-kit mock <api>\`, against the same mock`,
    `straight (direct), autocannon with ${result.connections} connections for ${result.durationSec} s after a 1 s warm-up; load`,
    'generator, proxy and mock are three processes on the same machine. The proxy judges every exchange',
    '(check-har\'s matching and checks) and prints its line. Run alone with `npm run build && node dist/bench/proxy.js`.',
    `Load average when this run started: ${result.loadAverage.toFixed(1)} (other work on the machine lowers every number here).`,
    '',
    '| request | direct req/s | proxied req/s | proxied / direct (goal ≥ 0.70x) | direct p99 ms | proxied p99 ms | proxied errors | proxied non-2xx | CPU µs/request: mock direct / proxy + mock |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { title, direct, proxied, proxyCpuUs, mockCpuUs, directMockCpuUs } of result.rows) {
    const ratio = direct.requestsPerSecond > 0 ? proxied.requestsPerSecond / direct.requestsPerSecond : 0;
    lines.push(
      `| ${title} | ${fmt(direct.requestsPerSecond)} | ${fmt(proxied.requestsPerSecond)} | ${ratio.toFixed(2)}x${ratio >= GOAL ? '' : ' (below goal)'} | ${direct.p99Ms} | ${proxied.p99Ms} | ${proxied.errors} | ${proxied.non2xx} | ${fmt(directMockCpuUs)} / ${fmt(proxyCpuUs)} + ${fmt(mockCpuUs)} |`,
    );
  }
  lines.push(
    '',
    'The last column is why the proxied rate is what it is: the three processes share the machine\'s cores, and each',
    'proxied exchange costs the proxy an HTTP exchange in and one out (node:http parsing and writing both ways,',
    'most of the cost) plus check-har\'s judgement (once per distinct exchange: repeats reuse it), several times what',
    'the mock spends answering. Where the ratio is below the goal, the proxy\'s CPU per exchange is the bound.',
    '',
    `Memory with \`--har\` on: ${result.memory.length - 1} rounds of ${fmt(result.memoryRequests)} Doris FE requests through one proxy process`,
    '(32 connections); the HAR is streamed to disk, so the RSS stays flat while the file grows.',
    '',
    '| after requests | proxy RSS MiB | HAR MiB |',
    '|---:|---:|---:|',
    ...result.memory.map((s) => `| ${fmt(s.requests)} | ${mib(s.rssBytes)} | ${mib(s.harBytes)} |`),
  );
  return `${lines.join('\n')}\n`;
}

/** Replaces (or appends) the "## Proxy" section of a BENCHMARKS.md text. */
export function withProxySection(markdown: string, section: string): string {
  const start = markdown.indexOf('\n## Proxy\n');
  if (start === -1) return `${markdown.trimEnd()}\n\n${section}`;
  const next = markdown.indexOf('\n## ', start + 1);
  return `${markdown.slice(0, start + 1)}${section}${next === -1 ? '' : `\n${markdown.slice(next + 1)}`}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const cli = join(packageRoot, 'dist/src/cli/main.js');
  const result = await measureProxy(cli, {
    durationSec: Number(process.env.BENCH_DURATION_SEC ?? 8),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  });
  const section = proxySection(result);
  const file = join(packageRoot, 'BENCHMARKS.md');
  writeFileAtomic(file, withProxySection(readFileSync(file, 'utf8'), section));
  process.stdout.write(section);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/spec/locate.js';
import { writeFileAtomic } from '../src/verify/report/write-atomic.js';
import { runLoad } from './lib/load.js';
import { startServerProcess } from './lib/processes.js';
import { documented, META_SERVICE_TOKEN, toLoadRequest } from './requests.js';

/**
 * Soak: one `contract-kit mock` process (all four APIs, journal on) under a long mixed load —
 * reads, state-creating writes (Meta Service instances, Klustron machines, Alluxio load jobs,
 * each with fresh ids) and delayed answers whose clients go away — in rounds, sampling RSS and the
 * heap after a full collection after each. Flat numbers mean bounded state, journal and timers.
 * `npm run bench:soak` (SOAK_ROUNDS, default 10); the result replaces BENCHMARKS.md's Soak section.
 */
const PORTS = { 'doris-fe': 18_510, 'doris-meta-service': 18_511, 'alluxio-coordinator': 18_512, 'klustron-cluster-manager': 18_513 } as const;
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 10);
const PER_LOAD = 20_000;

const base = (api: keyof typeof PORTS) => `http://127.0.0.1:${PORTS[api]}`;

async function heapUsed(): Promise<number> {
  const health = (await (await fetch(`${base('doris-fe')}/__contract-kit/health?gc=true`)).json()) as { memory?: { heapUsed?: number } };
  return health.memory?.heapUsed ?? 0;
}

async function main(): Promise<void> {
  const cli = join(packageRoot, 'dist/src/cli/main.js');
  const ports = Object.entries(PORTS).flatMap(([api, port]) => ['--port', `${api}=${port}`]);
  const server = await startServerProcess(process.execPath, ['--expose-gc', cli, 'mock', ...ports, '--no-docs'], PORTS['klustron-cluster-manager']);
  const basicRoot = { authorization: `Basic ${Buffer.from('root:').toString('base64')}` };
  const backends = toLoadRequest(base('doris-fe'), await documented('doris-fe', 'get_backends', 'default'), { query: { is_alive: 'true' }, headers: basicRoot });
  const createInstance = toLoadRequest(base('doris-meta-service'), await documented('doris-meta-service', 'create_instance', 'object'), {
    query: META_SERVICE_TOKEN,
    body: { instance_id: 'soak_ID' },
  });
  const createMachine = toLoadRequest(base('klustron-cluster-manager'), await documented('klustron-cluster-manager', 'emit', 'create_machine'));
  const submitLoad = toLoadRequest(base('alluxio-coordinator'), await documented('alluxio-coordinator', 'submit_load_job', 'default'), { body: { paths: ['s3://soak/ID'] } });
  const delayed = { ...backends, headers: { ...backends.headers, 'x-mock-fault': 'latency=60000' } };
  const samples: { round: number; requests: number; rssMiB: number; heapMiB: number }[] = [];
  let requests = 0;
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const request of [backends, createInstance, createMachine, submitLoad]) {
        const result = await runLoad(request, { connections: 16, amount: PER_LOAD, uniqueIdPlaceholder: request === backends ? undefined : 'ID' });
        requests += result.total;
      }
      // Clients that ask for a minute's delay and hang up after two seconds: their timers must go with them.
      const gone = await runLoad(delayed, { connections: 200, durationSec: 2 });
      requests += gone.total;
      samples.push({ round, requests, rssMiB: server.rssBytes() / 2 ** 20, heapMiB: (await heapUsed()) / 2 ** 20 });
      process.stderr.write(`soak round ${round}/${ROUNDS}: ${requests} requests, RSS ${samples.at(-1)!.rssMiB.toFixed(0)} MiB\n`);
    }
  } finally {
    await server.stop();
  }
  const table = [
    '| round | requests so far | RSS (MiB) | heap after GC (MiB) |',
    '|---|---|---|---|',
    ...samples.map((s) => `| ${s.round} | ${s.requests.toLocaleString('en-US')} | ${s.rssMiB.toFixed(0)} | ${s.heapMiB.toFixed(1)} |`),
  ].join('\n');
  const section = `## Soak (\`npm run bench:soak\`)

One \`contract-kit mock\` process (all four APIs, request journal on, default bounds) under ${ROUNDS} rounds of
mixed load: ${PER_LOAD.toLocaleString('en-US')} each of Doris FE \`get_backends\`, Meta Service \`create_instance\`,
Klustron \`create_machine\` and Alluxio \`submit_load_job\` (fresh ids: state keeps growing until its bounds), then
2 s of 200 connections asking for \`x-mock-fault: latency=60000\` and hanging up. Sampled after each round.
Run ${new Date().toISOString().slice(0, 10)}, load average at the end ${(await import('node:os')).loadavg()[0]!.toFixed(2)}.

${table}
`;
  const file = join(packageRoot, 'BENCHMARKS.md');
  const current = readFileSync(file, 'utf8');
  const at = current.indexOf('## Soak');
  writeFileAtomic(file, `${at < 0 ? `${current.trimEnd()}\n\n` : current.slice(0, at)}${section}`);
  process.stdout.write(section);
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

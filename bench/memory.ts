import { runLoad } from './lib/load.js';
import { startServerProcess } from './lib/processes.js';

export interface MemoryResult {
  description: string;
  samples: { requests: number; rssBytes: number; heapUsedBytes: number }[];
}

const PORT = 18_400;
const ROUNDS = 3;
const PER_ROUND = 100_000;

async function heapUsed(base: string): Promise<number> {
  const health = (await (await fetch(`${base}/__contract-kit/health`)).json()) as { memory?: { heapUsed?: number } };
  return health.memory?.heapUsed ?? 0;
}

/**
 * Sends rounds of 100k state-creating requests (each a new Meta Service instance id) to one mock
 * process and samples its memory after each round: bounded state shows as a plateau.
 */
export async function measureMemory(cli: string): Promise<MemoryResult> {
  const server = await startServerProcess(process.execPath, [cli, 'mock', 'doris-meta-service', '--port', `doris-meta-service=${PORT}`, '--no-docs'], PORT);
  const base = `http://127.0.0.1:${PORT}`;
  const samples: MemoryResult['samples'] = [{ requests: 0, rssBytes: server.rssBytes(), heapUsedBytes: await heapUsed(base) }];
  try {
    const body = JSON.stringify({
      instance_id: 'bench_[<id>]',
      name: 'bench',
      user_id: 'bench_user',
      vault: { obj_info: { ak: 'ak', sk: 'sk', bucket: 'b', prefix: 'p', endpoint: 'e', region: 'r', provider: 'S3' } },
    });
    for (let round = 1; round <= ROUNDS; round++) {
      const result = await runLoad(
        { method: 'POST', url: `${base}/MetaService/http/create_instance?token=greedisgood9999`, headers: { 'content-type': 'text/plain' }, body },
        { connections: 32, amount: PER_ROUND, idReplacement: true },
      );
      samples.push({ requests: round * PER_ROUND, rssBytes: server.rssBytes(), heapUsedBytes: await heapUsed(base) });
      if (result.non2xx > 0 && round === 1) process.stderr.write(`  memory: ${result.non2xx} non-2xx answers to create_instance\n`);
    }
  } finally {
    await server.stop();
  }
  return {
    description:
      `One \`contract-kit mock doris-meta-service\` process receives ${ROUNDS} rounds of ${PER_ROUND.toLocaleString('en-US')} ` +
      '`create_instance` requests, each with a new instance id (autocannon id replacement), 32 connections; memory sampled after each round.',
    samples,
  };
}


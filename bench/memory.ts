import { runLoad } from './lib/load.js';
import { documented, META_SERVICE_TOKEN, toLoadRequest } from './requests.js';
import { startServerProcess } from './lib/processes.js';
import { loadSpec } from '../src/spec/index.js';

export interface MemoryResult {
  description: string;
  samples: { requests: number; rssBytes: number; heapUsedBytes: number }[];
}

const PORT = 18_400;
const ROUNDS = 3;
const PER_ROUND = 100_000;

async function heapUsed(base: string): Promise<number> {
  const health = (await (await fetch(`${base}/__contract-kit/health?gc=true`)).json()) as { memory?: { heapUsed?: number } };
  return health.memory?.heapUsed ?? 0;
}

export interface JournalMemoryResult {
  description: string;
  samples: { journalSize: number; heapUsedBytes: number }[];
}

/**
 * The memory a full journal holds: the same 100k get_instance requests (each journaled, none
 * creating state) sent to mocks with journals of 0, the default 1000 and 100 000 entries; heap
 * after a full collection, so the difference is what the journal retains.
 */
export async function measureJournalMemory(cli: string): Promise<JournalMemoryResult> {
  const spec = await loadSpec('doris-meta-service');
  const getInstance = await documented('doris-meta-service', 'get_instance', spec.operationById.get('get_instance')!.variants[0]!.name);
  const samples: JournalMemoryResult['samples'] = [];
  for (const journalSize of [0, 1000, 100_000]) {
    const args = ['--expose-gc', cli, 'mock', 'doris-meta-service', '--port', `doris-meta-service=${PORT}`, '--no-docs', '--journal-size', String(journalSize)];
    const server = await startServerProcess(process.execPath, args, PORT);
    const base = `http://127.0.0.1:${PORT}`;
    try {
      await runLoad(toLoadRequest(base, getInstance, { query: META_SERVICE_TOKEN }), { connections: 32, amount: PER_ROUND });
      samples.push({ journalSize, heapUsedBytes: await heapUsed(base) });
    } finally {
      await server.stop();
    }
  }
  return {
    description:
      `Three \`contract-kit mock doris-meta-service\` processes, with \`--journal-size\` 0, 1000 (the default) and 100,000, each receive ` +
      `${PER_ROUND.toLocaleString('en-US')} \`get_instance\` requests (no state created; every request journaled); heap after a full collection.`,
    samples,
  };
}

/**
 * Sends rounds of 100k state-creating requests (each a new Meta Service instance id) to one mock
 * process and samples its memory after each round: bounded state shows as a plateau.
 */
export async function measureMemory(cli: string): Promise<MemoryResult> {
  const server = await startServerProcess(process.execPath, ['--expose-gc', cli, 'mock', 'doris-meta-service', '--port', `doris-meta-service=${PORT}`, '--no-docs'], PORT);
  const base = `http://127.0.0.1:${PORT}`;
  const samples: MemoryResult['samples'] = [{ requests: 0, rssBytes: server.rssBytes(), heapUsedBytes: await heapUsed(base) }];
  try {
    const spec = await loadSpec('doris-meta-service');
    const createInstance = await documented('doris-meta-service', 'create_instance', spec.operationById.get('create_instance')!.variants[0]!.name);
    // The load worker puts a fresh id in place of the placeholder: every request creates an instance.
    const request = toLoadRequest(base, createInstance, { query: META_SERVICE_TOKEN, body: { instance_id: 'bench_ID' } });
    for (let round = 1; round <= ROUNDS; round++) {
      const result = await runLoad(request, { connections: 32, amount: PER_ROUND, uniqueIdPlaceholder: 'bench_ID' });
      if (result.non2xx > 0) process.stderr.write(`  memory: round ${round}: ${result.non2xx} non-2xx answers to create_instance\n`);
      samples.push({ requests: round * PER_ROUND, rssBytes: server.rssBytes(), heapUsedBytes: await heapUsed(base) });
    }
  } finally {
    await server.stop();
  }
  return {
    description:
      `One \`contract-kit mock doris-meta-service\` process receives ${ROUNDS} rounds of ${PER_ROUND.toLocaleString('en-US')} ` +
      '`create_instance` requests, each with a new instance id (unique ids made by the load worker), 32 connections; memory sampled after each round (the mock runs with --expose-gc; heap is measured after a full collection).',
    samples,
  };
}


import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { stopProcess, sleep } from './lib/processes.js';

const run = promisify(execFile);

export interface TimingResult {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

function summarize(samples: number[]): TimingResult {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    minMs: Math.round(sorted[0] ?? 0),
    maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
  };
}

/** A path each API answers without state (any HTTP answer proves the server is serving it). */
const PROBES = [
  'http://127.0.0.1:8030/api/backends',
  'http://127.0.0.1:5000/MetaService/http/get_instance',
  'http://127.0.0.1:19999/api/v1/load',
  'http://127.0.0.1:35001/HttpService/Emit',
];

async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url)).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** From spawning `contract-kit mock` (default ports, docs included) to all four APIs answering. */
export async function measureStartup(cli: string, runs = 5): Promise<TimingResult> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'mock'], { stdio: 'ignore' });
    const pending = new Set(PROBES);
    while (pending.size > 0) {
      if (child.exitCode !== null) throw new Error(`contract-kit mock exited with ${child.exitCode} (are the default ports free?)`);
      for (const url of [...pending]) if (await answers(url)) pending.delete(url);
      if (pending.size > 0) await sleep(5);
      if (performance.now() - started > 30_000) throw new Error(`mock not answering after 30 s: ${[...pending].join(', ')}`);
    }
    samples.push(performance.now() - started);
    await stopProcess(child);
  }
  return summarize(samples);
}

/** Adds up the summary lines (`<api>: N passed, N failed, N known-deviation, N skipped`) of all APIs. */
function totalCases(stdout: string): string {
  const totals = [0, 0, 0, 0];
  for (const m of stdout.matchAll(/^[a-z-]+: (\d+) passed, (\d+) failed, (\d+) known-deviation, (\d+) skipped/gm)) {
    for (let i = 0; i < 4; i++) totals[i]! += Number(m[i + 1]);
  }
  const [pass, fail, known, skip] = totals;
  return `${pass! + fail! + known! + skip!} (${pass} passed, ${fail} failed, ${known} known-deviation, ${skip} skipped)`;
}

/** A full `contract-kit verify all` against the in-process simulators, as a user runs it. */
export async function measureVerify(cli: string, runs = 3): Promise<TimingResult & { cases: string }> {
  const samples: number[] = [];
  let cases = 'unknown';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const { stdout } = await run(process.execPath, [cli, 'verify', 'all'], { maxBuffer: 64 * 1024 * 1024 });
    samples.push(performance.now() - started);
    cases = totalCases(stdout);
  }
  return { ...summarize(samples), cases };
}

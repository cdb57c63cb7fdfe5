/**
 * Stored state is bounded in bytes, not only in count: with a 320 MB heap, sixty create_instance
 * bodies of 8 MB (480 MB) must leave all four mocks and the docs answering. Before the bound, 510
 * such bodies killed the process ("JavaScript heap out of memory"); the refusals come in the Meta
 * Service's own error shape. Run on the built CLI, in a process of its own with a small heap.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, expect, test } from 'vitest';
import { CLI_MAIN } from '../support/cli.js';

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
});

async function startMocks(): Promise<Record<string, string>> {
  const ports = ['doris-fe', 'doris-meta-service', 'alluxio-coordinator', 'klustron-cluster-manager', 'docs'].flatMap((s) => ['--port', `${s}=0`]);
  child = spawn(process.execPath, [CLI_MAIN, 'mock', ...ports], { env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=320' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (!/ready in/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`mock did not start: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Object.fromEntries([...out.matchAll(/^\s+(\S+)\s+(http:\/\/\S+?)\/?$/gm)].map((m) => [m[1]!, m[2]!]));
}

test('sixty 8 MB create_instance bodies at a 320 MB heap: refused in the API\'s shape once over budget, every service still answers', async () => {
  const urls = await startMocks();
  const pad = 'x'.repeat(8 * 1024 * 1024);
  const statuses: number[] = [];
  let refusal: { code?: string; msg?: string } | undefined;
  for (let i = 0; i < 60; i++) {
    const body = JSON.stringify({ instance_id: `big_${i}`, name: pad, vault: { obj_info: { ak: 'a', sk: 's', bucket: 'b', endpoint: 'e', region: 'r', provider: 'COS' } } });
    const answer = await fetch(`${urls['doris-meta-service']}/MetaService/http/create_instance?token=greedisgood9999`, { method: 'PUT', body });
    statuses.push(answer.status);
    const json = (await answer.json()) as { code?: string; msg?: string };
    if (json.code !== 'OK') refusal ??= json;
  }
  expect(child!.exitCode, 'the mock process is alive').toBeNull();
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  expect(refusal, 'some bodies are refused once the budget is spent').toMatchObject({ code: 'INVALID_ARGUMENT', msg: expect.stringContaining('state is full') });
  for (const [service, url] of Object.entries(urls)) {
    const path = service === 'docs' ? '/' : '/__contract-kit/health';
    const answer = await fetch(`${url}${path}`);
    expect(answer.status, service).toBe(200);
  }
  // Reset frees the budget: a new instance fits again.
  await fetch(`${urls['doris-meta-service']}/__contract-kit/reset`, { method: 'POST' });
  const after = await fetch(`${urls['doris-meta-service']}/MetaService/http/create_instance?token=greedisgood9999`, {
    method: 'PUT',
    body: JSON.stringify({ instance_id: 'after_reset', vault: { obj_info: { ak: 'a', sk: 's', bucket: 'b', endpoint: 'e', region: 'r', provider: 'COS' } } }),
  });
  expect(((await after.json()) as { code: string }).code).toBe('OK');
}, 120_000);

/**
 * --workers and --shard: cases in parallel with what must stay ordered kept in order, and a
 * deterministic split whose parts together are exactly the full run.
 */
import { describe, expect, test } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import { inProcessTarget, runContract, type ContractReport } from '../../src/verify/index.js';
import { runScheduled } from '../../src/verify/schedule.js';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';
import { runCommand } from '../support/run-command.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

const verdicts = (report: ContractReport) => report.cases.map((c) => [c.id, c.verdict] as const);

describe('runScheduled', () => {
  type Item = { name: string; kind: 'read' | 'serial' | 'exclusive' };
  const items: Item[] = Array.from({ length: 30 }, (_, i) => ({ name: `c${i}`, kind: i % 10 === 9 ? 'exclusive' : i % 3 === 0 ? 'serial' : 'read' }));

  async function schedule(shared: boolean) {
    const running = new Set<Item>();
    const overlaps: Array<[Item, Item[]]> = [];
    const serialStarts: string[] = [];
    let maxReads = 0;
    const results = await runScheduled({
      items,
      slots: [0, 1, 2, 3],
      shared,
      exclusive: (i) => i.kind === 'exclusive',
      serial: (i) => i.kind === 'serial',
      run: async (item) => {
        overlaps.push([item, [...running]]);
        if (item.kind === 'serial') serialStarts.push(item.name);
        running.add(item);
        maxReads = Math.max(maxReads, [...running].filter((r) => r.kind === 'read').length);
        await new Promise((resolve) => setTimeout(resolve, 5 + (items.indexOf(item) % 4) * 3));
        running.delete(item);
        return item.name;
      },
    });
    return { results, overlaps, serialStarts, maxReads };
  }

  test('a shared target: reads in parallel, serial cases one at a time in list order, exclusive ones alone; results in list order', async () => {
    const { results, overlaps, serialStarts, maxReads } = await schedule(true);
    expect(results).toEqual(items.map((i) => i.name));
    expect(maxReads).toBeGreaterThan(1);
    expect(serialStarts).toEqual(items.filter((i) => i.kind === 'serial').map((i) => i.name));
    for (const [item, others] of overlaps) {
      if (item.kind === 'exclusive') expect(others, item.name).toEqual([]);
      if (item.kind === 'serial') expect(others.filter((o) => o.kind !== 'read'), item.name).toEqual([]);
      expect(others.filter((o) => o.kind === 'exclusive'), item.name).toEqual([]);
    }
  });

  test('workers with their own targets share nothing: any case beside any other', async () => {
    const { results, overlaps } = await schedule(false);
    expect(results).toEqual(items.map((i) => i.name));
    expect(overlaps.some(([item, others]) => item.kind === 'exclusive' && others.length > 0)).toBe(true);
  });
});

describe('--workers', () => {
  test.each(API_IDS)('%s: 4 workers on their own simulators give the verdicts of 1, in the same order', async (api) => {
    const one = await runContract(api, await inProcessTarget(api), SCENARIOS[api]);
    const four = await runContract(api, await inProcessTarget(api), SCENARIOS[api], { workers: 4, openWorkerTarget: () => inProcessTarget(api) });
    expect(verdicts(four)).toEqual(verdicts(one));
    expect(four.summary.fail).toBe(0);
    expect(four.coverage).toEqual(one.coverage);
  });
});

describe('--shard', () => {
  test.each(API_IDS)('%s: shards 1/3, 2/3, 3/3 are disjoint and together the full run', async (api) => {
    const full = await runContract(api, await inProcessTarget(api), SCENARIOS[api]);
    const parts = await Promise.all([1, 2, 3].map(async (index) => runContract(api, await inProcessTarget(api), SCENARIOS[api], { shard: { index, count: 3 } })));
    const ids = parts.flatMap((p) => p.cases.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Map(parts.flatMap(verdicts))).toEqual(new Map(verdicts(full)));
    for (const p of parts) expect(p.cases.length).toBeGreaterThanOrEqual(Math.floor(full.cases.length / 3));
    expect(parts.map((p) => p.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
  });

  test('the split does not depend on the run (same shard, same cases)', async () => {
    const a = await runContract('doris-meta-service', await inProcessTarget('doris-meta-service'), SCENARIOS['doris-meta-service'], { shard: { index: 2, count: 5 } });
    const b = await runContract('doris-meta-service', await inProcessTarget('doris-meta-service'), SCENARIOS['doris-meta-service'], { shard: { index: 2, count: 5 }, workers: 3, openWorkerTarget: () => inProcessTarget('doris-meta-service') });
    expect(b.cases.map((c) => c.id)).toEqual(a.cases.map((c) => c.id));
  });

  test('bad --shard and --workers are usage errors; the console names the shard', async () => {
    const run = (args: string[]) => runCommand(registerVerifyCommand, ['verify', ...args]);
    for (const shard of ['0/3', '4/3', '1/0', 'a/b', '2']) expect((await run(['doris-fe', '--shard', shard])).exitCode, shard).toBe(2);
    expect((await run(['doris-fe', '--workers', '0'])).exitCode).toBe(2);
    const { exitCode, output } = await run(['doris-fe', '--shard', '2/2', '--workers', '2', '--quiet']);
    expect(exitCode).toBe(0);
    expect(output).toContain('doris-fe against in-process doris-fe simulator (documented) (shard 2/2)');
    expect(output).toMatch(/doris-fe: 3 passed/);
  });
});

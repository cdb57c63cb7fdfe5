import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { JsonArrayFile } from '../../src/proxy/json-array-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('the file is a complete JSON document after every flush, holding every flushed item and the current closing text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contract-kit-json-array-'));
  dirs.push(dir);
  const file = join(dir, 'nested', 'out.json');
  let total = 0;
  const out = new JsonArrayFile(file, '{"log":{"entries":[', () => `],"total":${total}}}\n`);
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[]; total: number } };
  expect(read()).toEqual({ log: { entries: [], total: 0 } });
  for (let round = 1; round <= 3; round++) {
    for (let i = 0; i < 1000; i++) out.append({ round, i, text: 'ü"\n' });
    total += 1000;
    // Not yet flushed: the file still holds the previous rounds only.
    expect(read().log.entries).toHaveLength((round - 1) * 1000);
    out.flush();
    expect(read().log).toMatchObject({ total: round * 1000 });
    expect(read().log.entries).toHaveLength(round * 1000);
  }
  // A closing text that gets shorter leaves no stale bytes behind.
  total = 7;
  out.close();
  expect(read().log.total).toBe(7);
  expect(read().log.entries[2999]).toEqual({ round: 3, i: 999, text: 'ü"\n' });
});

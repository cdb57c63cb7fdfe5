import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCommand } from '../support/run-command.js';
import { registerCheckHarCommand } from '../../src/cli/check-har-command.js';
import { packageRoot } from '../../src/spec/locate.js';

const fixture = (name: string) => join(packageRoot, 'test/fixtures/har', name);

const run = (args: string[]) => runCommand(registerCheckHarCommand, ['check-har', ...args]);

describe('contract-kit check-har', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'check-har-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('exits 0 when every entry passes or is a known deviation, and writes the JSON report in HAR order', async () => {
    const out = join(dir, 'report.json');
    const { exitCode, output } = await run([fixture('observed.har'), '--json', out]);
    expect(exitCode).toBe(0);
    expect(output).toContain('0 passed, 0 failed, 3 known-deviation, 0 skipped, 0 unmatched, 0 not-api');
    const report = JSON.parse(readFileSync(out, 'utf8')) as { entries: Array<{ index: number; knownDeviations?: string[] }> };
    expect(report.entries.map((e) => [e.index, e.knownDeviations])).toEqual([
      [0, ['ms-token-403']],
      [1, ['fe-auth']],
      [2, ['kl-always-200']],
    ]);
    // The wrong token of entry 0 is redacted in the report.
    expect(readFileSync(out, 'utf8')).not.toContain('not-the-token');
  });

  test('exits 1 when an entry fails or is unmatched', async () => {
    const { exitCode, output } = await run([fixture('defects.har')]);
    expect(exitCode).toBe(1);
    expect(output).toMatch(/#0 FAIL GET .*response_schema_conformance/s);
    expect(output).toContain('#1 UNMATCHED');
  });

  test('exits 2 on usage errors: unknown api, unreadable or non-HAR file', async () => {
    expect((await run([fixture('documented.har'), '--api', 'nope'])).exitCode).toBe(2);
    expect((await run([join(dir, 'missing.har')])).exitCode).toBe(2);
    expect((await run([join(packageRoot, 'package.json')])).exitCode).toBe(2);
  });
});

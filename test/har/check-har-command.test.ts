import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  test('a browser capture exits 0: page assets and other hosts are not API traffic', async () => {
    const { exitCode, output } = await run([fixture('browser-console.har')]);
    expect(exitCode).toBe(0);
    expect(output).toContain('4 passed, 0 failed, 0 known-deviation, 2 skipped, 0 unmatched, 8 not-api');
  });

  test('--only-host makes a host API traffic: its undocumented paths are unmatched and exit 1', async () => {
    const { exitCode, output } = await run([fixture('browser-console.har'), '--only-host', 'console.example.internal:3000']);
    expect(exitCode).toBe(1);
    expect(output).toContain('#5 UNMATCHED GET http://console.example.internal:3000/api/session');
  });

  test('--junit writes one testcase per judged entry: unmatched traffic fails, known deviations pass with their ids', async () => {
    const junit = join(dir, 'reports', 'har.xml');
    const { exitCode } = await run([fixture('meta-service-clients.har'), '--junit', junit]);
    // get_value, txn_lazy_commit and update_config are unmatched API traffic.
    expect(exitCode).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="contract-kit check-har">/);
    expect(xml.match(/<testcase /g)).toHaveLength(24);
    expect(xml).toMatch(/<testsuite name="check-har [^"]*meta-service-clients.har" tests="24" failures="\d+" errors="0" skipped="0"/);
    expect(xml).toContain('<failure type="unmatched" message="undocumented doris-meta-service handler get_value');
    expect(xml).toMatch(/classname="doris-meta-service.create_instance"[^>]*>\n\s*<system-out>known deviation ms-status-map/);
    expect(xml).not.toContain('greedisgood9999');
  });

  test('the text says what an accepted request broke, beside the lenient-input fact that explains it', async () => {
    const { output } = await run([fixture('meta-service-clients.har')]);
    const lines = output.split('\n');
    const head = lines.findIndex((line) => line.startsWith('#16 KNOWN-DEVIATION PUT'));
    expect(lines[head]).toContain('(known deviation: ms-lenient-json)');
    expect(lines[head + 1]).toBe('    request invalid: /user_id must match pattern "^[a-zA-Z][0-9a-zA-Z_]+$"');
  });

  test('exits 2 on usage errors: unknown api, unreadable or non-HAR file', async () => {
    expect((await run([fixture('documented.har'), '--api', 'nope'])).exitCode).toBe(2);
    expect((await run([join(dir, 'missing.har')])).exitCode).toBe(2);
    expect((await run([join(packageRoot, 'package.json')])).exitCode).toBe(2);
  });

  test('usage error messages name what is wrong and write nothing', async () => {
    const bad = join(dir, 'bad.har');
    writeFileSync(bad, JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'http://x/' }, response: { status: 200 } }, { request: { method: 'GET' }, response: { status: 200 } }] } }));
    const out = join(dir, 'never.json');
    const broken = await run([bad, '--json', out]);
    expect(broken).toEqual({ exitCode: 2, output: expect.stringContaining(`${bad}: log.entries[1]: request.url is missing or not a string`) });
    expect(existsSync(out)).toBe(false);
    expect((await run([join(dir, 'missing.har')])).output).toContain('no such file');
    expect((await run([join(packageRoot, 'package.json')])).output).toContain('it has no "log" object');
    const host = await run([fixture('documented.har'), '--only-host', 'http://ms.example:5000/']);
    expect(host).toEqual({ exitCode: 2, output: expect.stringContaining("'http://ms.example:5000/' is not a host") });
    const same = await run([fixture('documented.har'), '--json', out, '--junit', out]);
    expect(same).toEqual({ exitCode: 2, output: expect.stringContaining('--json and --junit name the same file') });
  });
});

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { registerProxyCommand } from '../../src/cli/proxy-command.js';
import { checkHar, readHarFile } from '../../src/har/index.js';
import { startMockServer } from '../../src/serve/http.js';
import { CLI_MAIN, killCliRuns, runCli, waitForOutput, type CliRun } from '../support/cli.js';
import { runCommand } from '../support/run-command.js';
import { documentedRequest, FE_ROOT, MS_TOKEN, send } from './support/traffic.js';

const open: Array<{ close(): Promise<void> }> = [];
const dirs: string[] = [];
afterEach(async () => {
  killCliRuns();
  await Promise.allSettled(open.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const built = existsSync(CLI_MAIN);
if (!built) console.log(`test/proxy/proxy-command: the built CLI (${CLI_MAIN}) is missing; run npm run build (npm test does)`);
const withCli = built || process.env.CI === 'true' ? test : test.skip;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'contract-kit-proxy-cli-'));
  dirs.push(dir);
  return dir;
}

/** The proxy's listening URL for an API, from its start-up lines. */
function listening(run: CliRun, api: string): string {
  const url = new RegExp(`^  ${api} +(http://127\\.0\\.0\\.1:\\d+) → `, 'm').exec(run.stdout())?.[1];
  if (!url) throw new Error(`no listening line for ${api}: ${run.stdout()}`);
  return url;
}

async function exchanges(run: CliRun, count: number): Promise<void> {
  await waitForOutput(run, new RegExp(`(^(PASS|FAIL|KNOWN-DEVIATION|SKIP|UNMATCHED|NOT-API) .*\\n){${count}}`, 'm'));
}

describe('contract-kit proxy: usage', () => {
  test.each([
    [['proxy', 'doris-fx', '--target', 'http://fe:8030'], /unknown api 'doris-fx'/],
    [['proxy', 'doris-fe'], /no target for doris-fe: write doris-fe=<url> or doris-fe --target <url>/],
    [['proxy', 'doris-fe', 'doris-meta-service', '--target', 'http://fe:8030'], /--target goes with exactly one <api>/],
    [['proxy', 'doris-fe=ftp://fe:21'], /only http:\/\/ and https:\/\/ can be proxied/],
    [['proxy', 'doris-fe=not a url'], /expected an absolute URL/],
    [['proxy', 'doris-fe=http://a:1', 'doris-meta-service=http://b:2', '--port', '18030'], /with several APIs write <api>=<port>/],
    [['proxy', 'doris-fe=http://a:1', '--port', 'alluxio-coordinator=1'], /alluxio-coordinator is not among the APIs being proxied/],
    [['proxy', 'doris-fe=http://a:1', '--fault', 'status=abc'], /bad --fault: directive 'status=abc'/],
    [['proxy', 'doris-fe=http://a:1', '--fault-rate', '0.5'], /--fault-rate needs --fault/],
    [['proxy', 'doris-fe=http://a:1', '--timeout', '0'], /bad --timeout '0'/],
    [['proxy', 'doris-fe=http://a:1', '--har', 'x.json', '--json', 'x.json'], /must name different files/],
  ])('%j is a usage error (exit 2) naming the fix', async (argv, message) => {
    const { exitCode, output } = await runCommand(registerProxyCommand, argv);
    expect(exitCode).toBe(2);
    expect(output).toMatch(message);
  });

  withCli('--help explains the shapes, the verdicts, safety and the files', async () => {
    const run = runCli(['proxy', '--help']);
    expect(await run.exit).toBe(0);
    for (const text of ['--target <url>', '--allow-mutations', '--har <file>', '--record <dir>', '--insecure', '--timeout <ms>', 'known-deviation', '403', 'x-mock-fault']) {
      expect(run.stdout()).toContain(text);
    }
  });
});

describe('contract-kit proxy: a session', () => {
  withCli('two APIs in one command; on SIGTERM the summary, a HAR with secrets redacted, JSON, JUnit and a recording; exit 1 for the unmatched exchange', async () => {
    const fe = await startMockServer({ api: 'doris-fe', profile: 'observed', port: 0 });
    const ms = await startMockServer({ api: 'doris-meta-service', port: 0 });
    open.push(fe, ms);
    const dir = tempDir();
    const run = runCli([
      'proxy', `doris-fe=${fe.url}`, `doris-meta-service=${ms.url}`, '--port', 'doris-fe=0', '--port', 'doris-meta-service=0',
      '--har', join(dir, 'traffic.har'), '--json', join(dir, 'report.json'), '--junit', join(dir, 'junit.xml'), '--record', join(dir, 'fixtures'),
    ]);
    await waitForOutput(run, /ready; Ctrl-C/);
    const feProxy = listening(run, 'doris-fe');
    await send(feProxy, await documentedRequest('doris-fe', 'get_backends'));
    await send(listening(run, 'doris-meta-service'), await documentedRequest('doris-meta-service', 'create_instance', 'hdfs'));
    await send(feProxy, { method: 'GET', target: '/api/unknown_action', headers: { authorization: FE_ROOT } });
    await exchanges(run, 3);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(1);
    expect(run.stdout()).toContain('3 exchanges: 1 passed, 0 failed, 1 known-deviation, 0 skipped, 1 unmatched');

    const har = JSON.parse(readFileSync(join(dir, 'traffic.har'), 'utf8'));
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(3);
    const headersOf = (entry: { request: { headers: Array<{ name: string; value: string }> } }) => Object.fromEntries(entry.request.headers.map((h) => [h.name, h.value]));
    const feEntry = har.log.entries.find((e: { request: { url: string } }) => e.request.url.includes('/api/backends'));
    expect(headersOf(feEntry).authorization).toBe('***');
    const msEntry = har.log.entries.find((e: { request: { url: string } }) => e.request.url.includes('create_instance'));
    expect(msEntry.request.url).toMatch(/\?token=\*\*\*$/);
    expect(JSON.stringify(har)).not.toContain(MS_TOKEN);
    expect(JSON.stringify(har)).not.toContain(FE_ROOT);

    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.summary).toEqual({ pass: 1, fail: 0, knownDeviation: 1, skip: 0, unmatched: 1, notApi: 0 });
    expect(report.exchanges.map((e: { verdict: string }) => e.verdict).sort()).toEqual(['known-deviation', 'pass', 'unmatched']);
    // The HAR is check-har's input as much as any browser's: judged again offline, the same verdicts.
    const offline = await checkHar(readHarFile(join(dir, 'traffic.har')));
    expect(offline.entries.map((e) => e.verdict).sort()).toEqual(['known-deviation', 'pass', 'unmatched']);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="contract-kit proxy" tests="3" failures="1" errors="0" skipped="0"/);
    expect(junit.match(/<testcase /g)).toHaveLength(3);
    expect(readdirSync(dir).sort()).toEqual(['fixtures', 'junit.xml', 'report.json', 'traffic.har']);
    const recording = JSON.parse(readFileSync(join(dir, 'fixtures', 'recording.json'), 'utf8'));
    expect(recording.exchanges.map((e: { api: string }) => e.api).sort()).toEqual(['doris-fe', 'doris-fe', 'doris-meta-service']);

    // Offline: the recorded FE answers replayed by the mock.
    const mock = runCli(['mock', 'doris-fe', '--replay', join(dir, 'fixtures'), '--port', 'doris-fe=0', '--no-docs']);
    await waitForOutput(mock, /ready in/);
    const mockUrl = /doris-fe +(http:\/\/127\.0\.0\.1:\d+)/.exec(mock.stdout())![1]!;
    const recorded = recording.exchanges.find((e: { request: { path: string } }) => e.request.path === '/api/backends');
    const replayed = await send(mockUrl, await documentedRequest('doris-fe', 'get_backends'));
    expect(replayed).toMatchObject({ status: recorded.response.status, text: recorded.response.body });
    expect(mock.stderr()).toContain('doris-fe: 2 recorded answers to replay');
  });

  withCli('a proxy killed with SIGKILL leaves a valid HAR holding every flushed exchange', async () => {
    const fe = await startMockServer({ api: 'doris-fe', port: 0 });
    open.push(fe);
    const dir = tempDir();
    const run = runCli(['proxy', 'doris-fe', '--target', fe.url, '--port', '0', '--har', join(dir, 'traffic.har')]);
    await waitForOutput(run, /ready; Ctrl-C/);
    for (let i = 0; i < 5; i++) await send(listening(run, 'doris-fe'), await documentedRequest('doris-fe', 'get_backends'));
    await exchanges(run, 5);
    await new Promise((resolve) => setTimeout(resolve, 800)); // the session flushes twice a second
    run.child.kill('SIGKILL');
    await run.exit;
    const har = JSON.parse(readFileSync(join(dir, 'traffic.har'), 'utf8'));
    expect(har.log.entries.map((e: { response: { status: number } }) => e.response.status)).toEqual([200, 200, 200, 200, 200]);
  });

  withCli('mock --replay with a missing recording is a usage error', async () => {
    const run = runCli(['mock', 'doris-fe', '--replay', join(tempDir(), 'nothing-here'), '--no-docs']);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/recording\.json: no such file \(record one with contract-kit proxy --record <dir>\)/);
  });
});

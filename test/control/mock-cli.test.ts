import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { killCliRuns, runCli, waitForOutput, type CliRun } from '../support/cli.js';

/** `contract-kit mock` with seeds, scenarios, settings, clock, journal size, log and config file (the built CLI). */

afterEach(killCliRuns);
const dir = mkdtempSync(join(tmpdir(), 'contract-kit-control-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const FE_ROOT = { authorization: `Basic ${Buffer.from('root:').toString('base64')}` };

async function urlOf(run: CliRun, api: string): Promise<string> {
  await waitForOutput(run, /^ready in/m);
  return new RegExp(`^ {2}${api}\\s+(http://\\S+)$`, 'm').exec(run.stdout())![1]!;
}

describe('contract-kit mock: state, journal, clock', () => {
  test('--seed <api>=<file> --log --clock manual: the seeded BEs answer, each request prints a line, the clock is manual', async () => {
    const seed = file('fe.json', JSON.stringify({ backends: [{ ip: '127.0.0.1', http_port: 41230, alive: true }] }));
    const run = runCli(['mock', 'doris-fe', '--port', 'doris-fe=0', '--no-docs', '--seed', `doris-fe=${seed}`, '--log', '--clock', 'manual']);
    const url = await urlOf(run, 'doris-fe');
    expect(run.stdout()).toContain(`doris-fe seeded from ${seed}`);
    expect(run.stdout()).toContain('clock manual');
    const res = await fetch(`${url}/api/backends?is_alive=true`, { headers: FE_ROOT });
    expect((await res.json()).data.backends).toEqual([{ ip: '127.0.0.1', http_port: 41230, is_alive: true }]);
    await fetch(`${url}/api/backends?is_alive=maybe`, { headers: FE_ROOT });
    await waitForOutput(run, /doris-fe GET \/api\/backends get_backends 400 [\d.]+ms problems: query/);
    expect(run.stdout()).toMatch(/doris-fe GET \/api\/backends get_backends 200 [\d.]+ms\n/);
    const health = await (await fetch(`${url}/__contract-kit/health`)).json();
    const before = health.clock.now;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await (await fetch(`${url}/__contract-kit/health`)).json()).clock.now).toBe(before);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  test('the "mock" section of the config file: seed examples, a setting, a start scenario; options win over it', async () => {
    const config = file(
      'contract-kit.config.json',
      JSON.stringify({ mock: { seed: 'examples', settings: { 'klustron-cluster-manager': { jobDurationMs: 50 } }, scenarios: { 'doris-fe': ['no-backends'] }, journalSize: 10 } }),
    );
    const run = runCli(['mock', 'doris-fe', 'doris-meta-service', '--port', 'doris-fe=0', '--port', 'doris-meta-service=0', '--no-docs', '--config', config, '--journal-size', '20']);
    const ms = await urlOf(run, 'doris-meta-service');
    const fe = await urlOf(run, 'doris-fe');
    const instance = await (await fetch(`${ms}/MetaService/http/get_instance?token=greedisgood9999&instance_id=regression_instance0`)).json();
    expect(instance.code).toBe('OK');
    expect((await (await fetch(`${fe}/api/backends`, { headers: FE_ROOT })).json()).data.backends).toEqual([]);
    expect((await (await fetch(`${fe}/__contract-kit/health`)).json()).journal.size).toBe(20);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  test.each([
    ['a seed that is not JSON', () => ['--seed', `doris-fe=${file('bad.json', '{"backends": [')}`], 'not JSON'],
    ['a seed that breaks the schema', () => ['--seed', `doris-fe=${file('wrong.json', '{"backends":[{"ip":"x","http_port":0,"alive":true}]}')}`], '/backends/0/http_port'],
    ['a seed that names a backend twice', () => ['--seed', `doris-fe=${file('twice.json', '{"backends":[{"ip":"x","http_port":1,"alive":true},{"ip":"x","http_port":1,"alive":true}]}')}`], '/backends/1'],
    ['a missing seed file', () => ['--seed', `doris-fe=${join(dir, 'none.json')}`], 'cannot read the file (ENOENT)'],
    ['a directory as seed', () => ['--seed', `doris-fe=${dir}`], 'cannot read the file'],
    ['a seed for an API not started', () => ['--seed', 'alluxio-coordinator=examples'], 'not among the APIs being started'],
    ['a seed without api', () => ['--seed', 'fe.json'], "bad --seed 'fe.json'"],
    ['an unknown scenario', () => ['--scenario', 'doris-fe=everything-broken'], "unknown scenario 'everything-broken' for doris-fe; known: all-backends-dead"],
    ['an unknown setting', () => ['--setting', 'doris-fe.jobDurationMs=5'], "unknown doris-fe setting 'jobDurationMs'"],
    ['a malformed setting', () => ['--setting', 'jobDurationMs=5'], "bad --setting 'jobDurationMs=5'"],
    ['a bad journal size', () => ['--journal-size', 'lots'], "bad --journal-size 'lots'"],
    ['a bad connection limit', () => ['--max-connections', '0'], "bad --max-connections '0'"],
    ['a bad clock', () => ['--clock', 'sundial'], 'sundial'],
    ['a broken config file', () => ['--config', file('broken.config.json', '{"mock": {"clock": "sundial", "seed": 3}}')], 'mock.clock'],
    ['seeds for Prism', () => ['--engine', 'prism', '--seed', 'examples'], 'apply to the simulators only'],
  ])('%s: exit 2 with the reason, nothing started', async (_what, args, message) => {
    const run = runCli(['mock', 'doris-fe', '--port', 'doris-fe=0', '--no-docs', ...args()]);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain(message);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
    expect(run.stdout()).not.toContain('ready in');
  });

  test('--setting reaches the simulator: a Klustron job of jobDurationMs=1 is done at once', async () => {
    const run = runCli(['mock', 'klustron-cluster-manager', '--port', 'klustron-cluster-manager=0', '--no-docs', '--setting', 'klustron-cluster-manager.jobDurationMs=1']);
    const url = await urlOf(run, 'klustron-cluster-manager');
    const job = (type: string, extra: object) =>
      fetch(`${url}/HttpService/Emit`, { method: 'POST', body: JSON.stringify({ version: '1.0', job_id: '', job_type: type, timestamp: '1', user_name: 'kunlun_test', ...extra }) }).then((r) => r.json());
    const accepted = await job('manual_backup_cluster', { paras: { cluster_id: '-1' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await job('get_status', { job_id: accepted.job_id })).status).not.toBe('ongoing');
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createSimulator } from '../../mocks/index.js';
import { readRecording, RecordingError } from '../../src/proxy/recording.js';
import { replaySimulator } from '../../src/proxy/replay.js';
import { startMockServer } from '../../src/serve/http.js';
import { startProxyHarness } from './support/proxy-harness.js';
import { fakeDeployment } from './support/recording-server.js';
import { documentedRequest, MS_TOKEN, send } from './support/traffic.js';

const open: Array<{ close(): Promise<void> }> = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'contract-kit-record-'));
  dirs.push(dir);
  return dir;
}

/** What a real FE answered on its n-th call: n live backends (so each answer is told apart). */
const feAnswer = (n: number) => JSON.stringify({ msg: 'success', code: 0, data: { backends: Array.from({ length: n }, (_, i) => ({ ip: `10.0.0.${i + 1}`, http_port: 8040, is_alive: true })) }, count: 0 });

async function recordSession(api: 'doris-fe' | 'doris-meta-service', answer: (n: number) => string, requests: Array<Awaited<ReturnType<typeof documentedRequest>>>) {
  let calls = 0;
  const deployment = await fakeDeployment((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(answer(++calls)));
  open.push(deployment);
  const dir = tempDir();
  const harness = await startProxyHarness({ api, target: deployment.url }, { record: dir });
  for (const request of requests) await send(harness.proxy.url, request);
  await harness.judged(requests.length);
  await harness.close();
  return dir;
}

describe('--record writes a replayable fixture set; mock --replay serves it', () => {
  test('a repeated request gets its recorded answers in recorded order, the last repeating; other requests reach the simulator', async () => {
    const getBackends = await documentedRequest('doris-fe', 'get_backends');
    const dir = await recordSession('doris-fe', feAnswer, [getBackends, getBackends]);
    const recording = readRecording(dir);
    expect(recording).toMatchObject({ format: 'contract-kit-recording', version: 1, secrets: 'redacted' });
    expect(recording.exchanges.map((e) => [e.api, e.request.method, e.request.path, e.request.query, e.response.status])).toEqual([
      ['doris-fe', 'GET', '/api/backends', { is_alive: 'true' }, 200],
      ['doris-fe', 'GET', '/api/backends', { is_alive: 'true' }, 200],
    ]);

    const mock = await startMockServer({ api: 'doris-fe', port: 0, simulator: replaySimulator(createSimulator('doris-fe'), recording) });
    open.push(mock);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await send(mock.url, getBackends)).text);
    expect(answers).toEqual([feAnswer(1), feAnswer(2), feAnswer(2)]);
    // Not recorded (no is_alive filter): the simulator's own answer, its documented fixture backends.
    const other = JSON.parse((await send(mock.url, { ...getBackends, target: '/api/backends' })).text) as { code: number; data: { backends: Array<{ ip: string }> } };
    expect(other.code).toBe(0);
    expect(other.data.backends.map((b) => b.ip)).not.toContain('10.0.0.1');
    // reset rewinds the recording too.
    await fetch(`${mock.url}/__contract-kit/reset`, { method: 'POST' });
    expect((await send(mock.url, getBackends)).text).toBe(feAnswer(1));
  });

  test('secrets are recorded as *** (tokens, keys in answers) and a redacted token matches any token on replay', async () => {
    const instance = (n: number) => JSON.stringify({ code: 'OK', msg: '', result: { instance_id: `i${n}`, obj_info: [{ ak: 'AKIA-RECORDED', sk: 'secret-key-recorded' }] } });
    const get = await documentedRequest('doris-meta-service', 'get_instance');
    const dir = await recordSession('doris-meta-service', instance, [get]);
    const text = readFileSync(join(dir, 'recording.json'), 'utf8');
    expect(text).not.toContain(MS_TOKEN);
    expect(text).not.toContain('secret-key-recorded');
    expect(readRecording(dir).exchanges[0]!.request.query.token).toBe('***');

    const mock = await startMockServer({ api: 'doris-meta-service', port: 0, simulator: replaySimulator(createSimulator('doris-meta-service'), readRecording(dir)) });
    open.push(mock);
    const replayed = JSON.parse((await send(mock.url, { ...get, target: get.target.replace(MS_TOKEN, 'another-token') })).text);
    expect(replayed).toEqual({ code: 'OK', msg: '', result: { instance_id: 'i1', obj_info: [{ ak: '***', sk: '***' }] } });
  });

  test('a file that is not a recording is refused, naming what is wrong', () => {
    const dir = tempDir();
    expect(() => readRecording(dir)).toThrow(/no such file \(record one with contract-kit proxy --record <dir>\)/);
    writeFileSync(join(dir, 'recording.json'), '{"format":"contract-kit-recording","version":1,"secrets":"redacted","exchanges":[{"api":"doris-fe","request":{"method":"GET"},"response":{"status":200,"headers":{}}}]}');
    expect(() => readRecording(dir)).toThrow(RecordingError);
    expect(() => readRecording(dir)).toThrow(/\/exchanges\/0\/request\/path: must have required property 'path'/);
    writeFileSync(join(dir, 'recording.json'), '{"log":');
    expect(() => readRecording(dir)).toThrow(/is not JSON/);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import * as fe from '../../src/serve/msw/doris-fe.js';
import * as klustron from '../../src/serve/msw/klustron-cluster-manager.js';

/**
 * The README's connector-style test, as written there: the FE mock seeded with a BE that is a
 * local stream-load stub, assertions on the journal, a Klustron job on a manual clock.
 */

// --- a connector under test (what a Flink/Spark sink does) ---
async function streamLoad(feUrl: string, rows: string): Promise<string> {
  const auth = `Basic ${Buffer.from('root:').toString('base64')}`;
  const answer = await (await fetch(`${feUrl}/api/backends?is_alive=true`, { headers: { authorization: auth } })).json();
  const be = answer.data.backends[0];
  if (!be) throw new Error('no live BE');
  const res = await fetch(`http://${be.ip}:${be.http_port}/api/db/tbl/_stream_load`, { method: 'PUT', body: rows, headers: { authorization: auth } });
  return res.text();
}

async function waitForJob(cmUrl: string, jobId: string, advance: () => void): Promise<string> {
  for (;;) {
    const body = { version: '1.0', job_id: jobId, job_type: 'get_status', timestamp: '1', user_name: 'kunlun_test' };
    const status = (await (await fetch(`${cmUrl}/HttpService/Emit`, { method: 'POST', body: JSON.stringify(body) })).json()).status;
    if (status !== 'ongoing') return status;
    advance();
  }
}

// --- the test, as in README.md ---
let stub: Server;
let stubPort: number;
const loads: string[] = [];
beforeAll(async () => {
  stub = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      loads.push(body);
      res.end('{"Status":"Success"}');
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubPort = (stub.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));

const clock = new fe.ManualClock();
const feMock = fe.createHandlers({ baseUrl: 'http://fe.test:8030' });
const cm = klustron.createHandlers({ baseUrl: 'http://cm.test:35001', clock, seed: 'examples', settings: { jobDurationMs: 5000 } });
const server = setupServer(...feMock.handlers, ...cm.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' })); // the stub on 127.0.0.1 is real
afterEach(() => {
  feMock.reset();
  cm.reset();
  feMock.journal().clear();
});
afterAll(() => server.close());

test('loads into the live BE the FE names, asking the FE once', async () => {
  feMock.setState({ backends: [{ ip: '127.0.0.1', http_port: stubPort, alive: true }, { ip: '127.0.0.1', http_port: 1, alive: false }] });
  expect(await streamLoad('http://fe.test:8030', 'k1,v1\n')).toContain('Success');
  expect(loads).toEqual(['k1,v1\n']);
  feMock.expectRequested('get_backends', { exactly: 1 });
  expect(feMock.journal().last()).toMatchObject({ operation: 'get_backends', query: { is_alive: 'true' }, status: 200, problems: [] });
});

test('a Klustron job finishes only when the test moves the clock', async () => {
  const body = { version: '1.0', job_id: '', job_type: 'manual_backup_cluster', timestamp: '1', user_name: 'kunlun_test', paras: { cluster_id: '1' } };
  const accepted = await (await fetch('http://cm.test:35001/HttpService/Emit', { method: 'POST', body: JSON.stringify(body) })).json();
  let advanced = 0;
  const status = await waitForJob('http://cm.test:35001', accepted.job_id, () => {
    clock.advance(1000);
    advanced += 1000;
  });
  expect(status).toBe('done');
  expect(advanced).toBe(5000);
  cm.expectRequested('emit', { exactly: 7 });
});

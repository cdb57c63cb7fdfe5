/**
 * The `x-mock-fault` request header is input too: any value a client sends gets a well-formed
 * HTTP answer (the fault asked for, or contract-kit's 400 naming the syntax), never a broken
 * exchange, and the server keeps serving.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { sendRaw } from './support/raw-http.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ api: 'doris-fe', port: 0 });
});
afterAll(() => server?.close());

const DOCUMENTED_REQUEST = { method: 'GET', path: '/api/backends', headers: { authorization: `Basic ${Buffer.from('root:').toString('base64')}` } };

function withFault(fault: string) {
  return { ...DOCUMENTED_REQUEST, headers: { ...DOCUMENTED_REQUEST.headers, 'x-mock-fault': fault } };
}

test.each([
  // Informational statuses are not answers: a fault cannot end an exchange with one.
  ['status=100'],
  ['status=101'],
  ['status=103'],
  ['status=199'],
  ['status=99'],
  ['status=600'],
  ['status=-1'],
  ['status=5e2'],
  ['latency=-5'],
  ['latency=1e9'],
  ['latency=600001'],
  ['latency'],
  ['reset=1'],
  ['explode'],
  [';;;'.repeat(1000) + 'status=abc'],
  ['status=503;status=\u00e9'],
])('x-mock-fault: %s is refused with a 400 naming the syntax', async (fault) => {
  const res = await sendRaw(server.url, withFault(fault));
  expect(res.status, res.text).toBe(400);
  expect(res.text).toContain('x-mock-fault');
});

test.each([200, 204, 302, 404, 418, 503, 599])('x-mock-fault: status=%i gives a complete answer with that status', async (status) => {
  const res = await sendRaw(server.url, withFault(`status=${status}`));
  expect(res.status).toBe(status);
});

test('after every hostile fault header the server still answers the documented request', async () => {
  const res = await sendRaw(server.url, DOCUMENTED_REQUEST);
  expect(res.status).toBe(200);
});

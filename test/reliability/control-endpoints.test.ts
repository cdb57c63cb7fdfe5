/**
 * The `/__contract-kit/` control endpoints take input from test code and CI scripts: hostile
 * values are refused with contract-kit's 4xx, and never leave the mock unable to answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { sendRaw } from './support/raw-http.js';

const HOSTILE: Array<[string, string, number]> = [
  ['POST', '/__contract-kit/clock/advance?ms=-1', 400],
  ['POST', '/__contract-kit/clock/advance?ms=1e3', 400],
  ['POST', '/__contract-kit/clock/advance?ms=abc', 400],
  ['POST', '/__contract-kit/clock/advance', 400],
  // Past the last instant a JavaScript Date can hold (8.64e15 ms after the epoch).
  ['POST', '/__contract-kit/clock/advance?ms=8640000000000000', 400],
  ['POST', '/__contract-kit/clock/advance?ms=9007199254740991', 400],
  ['POST', '/__contract-kit/clock/advance?ms=99999999999999999999999', 400],
  ['POST', '/__contract-kit/scenario/__proto__', 400],
  ['POST', '/__contract-kit/scenario/constructor', 400],
  ['POST', '/__contract-kit/scenario/toString', 400],
  ['POST', '/__contract-kit/scenario/%ZZ', 400],
  ['POST', `/__contract-kit/scenario/${'a'.repeat(50_000)}`, 400], // shown shortened in the test name
  ['GET', '/__contract-kit/reset', 405],
  ['DELETE', '/__contract-kit/clock/advance?ms=1', 405],
  ['POST', '/__contract-kit/nothing-here', 404],
];

describe.each(API_IDS)('%s: hostile control requests', (api) => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ api, port: 0 });
  });
  afterAll(() => server?.close());

  test.each(HOSTILE.map(([method, path, status]) => [`${method} ${path.slice(0, 60)}`, method, path, status] as const))('%s → %s, and the mock still answers', async (_name, method, path, status) => {
    const res = await sendRaw(server.url, { method, path });
    expect(res.status, res.text).toBe(status);
    expect(JSON.parse(res.text)).toHaveProperty('error');
    const health = await sendRaw(server.url, { method: 'GET', path: '/__contract-kit/health' });
    expect(health.status, health.text).toBe(200);
  });

  test('a large but representable advance (100 years) keeps the mock answering', async () => {
    const res = await sendRaw(server.url, { method: 'POST', path: `/__contract-kit/clock/advance?ms=${100 * 365 * 24 * 3600 * 1000}` });
    expect(res.status, res.text).toBe(200);
    expect((await sendRaw(server.url, { method: 'GET', path: '/__contract-kit/health' })).status).toBe(200);
  });
});

/**
 * The mock's clock can be pushed forward, but never past the instants a Date can print: neither
 * by an advance nor by wall time moving on after one. A reset puts it back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../../src/serve/http.js';

const LAST_DATE_MS = 8.64e15;
let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ api: 'alluxio-coordinator', port: 0 });
});
afterAll(() => server?.close());

async function clockNow(): Promise<number> {
  const health = (await (await fetch(`${server.url}/__contract-kit/health`)).json()) as { clock: { now: string } };
  return Date.parse(health.clock.now);
}

test('advanced to 1.5 s below the last Date and left running, every answer still works; reset restores wall time', async () => {
  const submitted = await fetch(`${server.url}/api/v1/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paths: ['s3://bucket/a'] }) });
  const { id } = (await submitted.json()) as { id: string };
  // The furthest advance the mock accepts, then as close to the last Date as it allows.
  const refused = await fetch(`${server.url}/__contract-kit/clock/advance?ms=${LAST_DATE_MS - 1_500 - (await clockNow())}`, { method: 'POST' });
  if (refused.status === 400) {
    const limit = /past (\S+),/.exec(((await refused.json()) as { error: string }).error)?.[1];
    expect(limit, 'the refusal names the limit').toBeDefined();
    const advanced = await fetch(`${server.url}/__contract-kit/clock/advance?ms=${Date.parse(limit!) - 1_500 - (await clockNow())}`, { method: 'POST' });
    expect(advanced.status).toBe(200);
  } else {
    expect(refused.status).toBe(200);
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  for (const path of [`/api/v1/load?id=${id}`, '/api/v1/load', '/__contract-kit/health']) {
    const answer = await fetch(`${server.url}${path}`);
    expect(answer.status, `${path}: ${await answer.clone().text()}`).toBeLessThan(500);
  }
  expect(await clockNow()).toBeLessThanOrEqual(LAST_DATE_MS);
  expect((await fetch(`${server.url}/__contract-kit/reset`, { method: 'POST' })).status).toBe(200);
  expect(Math.abs((await clockNow()) - Date.now())).toBeLessThan(5_000);
});

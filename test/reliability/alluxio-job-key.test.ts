/**
 * The document: submitting a load job for paths that already have one answers 409 with that job's
 * id (resume). Which submissions are "the same paths" is the set of paths: order and repeats do not
 * matter, and no path can stand for two.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startMockServer, type MockServer } from '../../src/serve/http.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ api: 'alluxio-coordinator', port: 0 });
});
beforeEach(() => server.simulator.reset());
afterAll(() => server?.close());

async function submit(paths: string[]): Promise<{ status: number; id: string }> {
  const answer = await fetch(`${server.url}/api/v1/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paths }) });
  const body = (await answer.json()) as { id: string };
  return { status: answer.status, id: body.id };
}

test('a path holding a newline is not the two paths it would join', async () => {
  const joined = await submit(['s3://bucket/a\ns3://bucket/b']);
  const two = await submit(['s3://bucket/a', 's3://bucket/b']);
  expect(joined.status).toBe(200);
  expect(two.status).toBe(200);
  expect(two.id).not.toBe(joined.id);
});

test('the same set in another order, with a repeat, resumes the job (409, same id)', async () => {
  const first = await submit(['s3://bucket/a', 's3://bucket/b']);
  const again = await submit(['s3://bucket/b', 's3://bucket/a', 's3://bucket/a']);
  expect(again).toEqual({ status: 409, id: first.id });
});

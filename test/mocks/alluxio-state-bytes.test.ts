/**
 * Alluxio mount points, path rules and file-index entries are charged their bytes against the
 * simulator's state budget: a client sending huge paths gets the API's `{status}` error instead of
 * growing the heap without end; unmounting and reset give the room back.
 */
import { expect, test } from 'vitest';
import { createAlluxioSimulator } from '../../mocks/alluxio-coordinator/index.js';
import { createDispatcher } from '../../src/serve/dispatch.js';
import { loadSpec } from '../../src/spec/load.js';

const spec = await loadSpec('alluxio-coordinator');

test('mounts with 2 MB paths fill the byte budget, then the next is refused in the API\'s shape; unmount frees room', () => {
  const simulator = createAlluxioSimulator();
  const dispatcher = createDispatcher({ spec, simulator });
  const send = (method: string, path: string, body: unknown) => {
    const outcome = dispatcher.dispatch({ method, url: path, headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify(body)) });
    if (outcome.kind !== 'respond') throw new Error('no answer');
    return { status: outcome.response.status, body: JSON.parse(outcome.response.body ?? '{}') as { status?: string } };
  };
  const big = (i: number) => `/m${i}/${'x'.repeat(2 * 1024 * 1024)}`;
  let refused: { status: number; body: { status?: string } } | undefined;
  let mounted = 0;
  for (let i = 0; i < 2_000 && !refused; i++) {
    const answer = send('POST', '/api/v1/mount', { path: big(i), ufs: `s3://bucket-${i}` });
    if (answer.status === 200) mounted++;
    else refused = answer;
  }
  expect(mounted).toBeGreaterThan(0);
  expect(refused).toMatchObject({ status: 500, body: { status: expect.stringContaining('state is full') } });
  expect(send('DELETE', '/api/v1/mount', { path: big(0) }).status).toBe(200);
  expect(send('POST', '/api/v1/mount', { path: big(0), ufs: 's3://bucket-0' }).status).toBe(200);
  simulator.reset();
});

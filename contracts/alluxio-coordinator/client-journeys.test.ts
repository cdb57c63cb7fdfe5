import { expect, it } from 'vitest';
import { describeClientJourneys } from '../client-journeys/harness.js';
import { LoadClient } from './load-client.js';

/**
 * A load client's journey against `/api/v1/load`, both profiles, over node:http and through MSW.
 * Expected answers come from the document (200 `{id}`, 409 resume with the previous id, 200
 * `{status: "ok"}`, 410 once finished) and the spec's x-observed ax-job-states (RUNNING,
 * STOPPED, SUCCEEDED).
 */

const PATHS = ['s3://my-bucket/dir/to/path'];
const GONE = { status: "The job doesn't exist or has already finished" };

describeClientJourneys('alluxio-coordinator', 'a load client: submit, progress, stop', (target) => {
  it('submits a load, follows its progress, stops it, and cannot stop it twice', async () => {
    const client = new LoadClient(target().baseUrl);
    const submitted = await client.submit(PATHS, { batchSize: 0, replicas: 0, skipIfExists: false });
    expect(submitted.httpStatus).toBe(200);
    const id = String(submitted.body.id);
    expect(id).not.toBe('');

    expect(await client.progress(id)).toMatchObject({ id, state: 'RUNNING' });
    expect(await client.stop(id)).toEqual({ httpStatus: 200, body: { status: 'ok' } });
    expect(await client.progress(id)).toMatchObject({ id, state: 'STOPPED' });
    expect(await client.stop(id)).toEqual({ httpStatus: 410, body: GONE });
  });

  it('resumes a stopped load submitted again (409 with the previous id) and sees it succeed', async () => {
    const client = new LoadClient(target().baseUrl);
    const id = String((await client.submit(PATHS)).body.id);
    expect((await client.stop(id)).httpStatus).toBe(200);

    expect(await client.submit(PATHS)).toEqual({ httpStatus: 409, body: { id } });
    expect(await client.progress(id)).toMatchObject({ id, state: 'RUNNING' });
    await target().advanceClock(60 * 60 * 1000);
    expect(await client.progress(id)).toMatchObject({ id, state: 'SUCCEEDED', paths: PATHS });
    // A finished job cannot be stopped.
    expect(await client.stop(id)).toEqual({ httpStatus: 410, body: GONE });
  });

  it('gets 404 for the progress of a job that does not exist', async () => {
    await expect(new LoadClient(target().baseUrl).progress('no-such-job')).rejects.toThrow(/answered 404/);
  });
});

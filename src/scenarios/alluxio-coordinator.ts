import { defineScenario, type ScenarioClient, type StepResponse } from '../verify/scenario/define.js';

/** ax-job-states: the states a job ends in. */
const TERMINAL_STATES = ['SUCCEEDED', 'FAILED', 'STOPPED'];

function field(response: StepResponse, name: string): unknown {
  return (response.body as Record<string, unknown> | undefined)?.[name];
}

function listed(response: StepResponse, key: string, value: unknown): boolean {
  const results = field(response, 'results');
  return Array.isArray(results) && results.some((r) => (r as Record<string, unknown>)?.[key] === value);
}

/**
 * A job kind of the coordinator (load, free, rebalance...) through its life: submit → progress
 * polled to a terminal state → listed → stopping the finished job is refused (410 Gone).
 */
function jobLifecycle(kind: 'load' | 'free') {
  return defineScenario({
    api: 'alluxio-coordinator',
    name: `${kind}-job-lifecycle`,
    title: `submit a ${kind} job, poll its progress to a terminal state, find it listed, stopping it afterwards answers 410`,
    operationId: `submit_${kind}_job`,
    operations: [`submit_${kind}_job`, `query_${kind}_jobs`, `stop_${kind}_job`],
    steps: async (client: ScenarioClient) => {
      const body = { paths: [`s3://contract-kit-scenario/${kind}/dir`] };
      const submitted = await client.call(`submit_${kind}_job`, { body });
      if (!client.expectAvailable(submitted, `submit_${kind}_job answers the new job's id`)) client.abort(`submit_${kind}_job failed`);
      const id = field(submitted, 'id');
      if (typeof id !== 'string') client.abort(`submit_${kind}_job answered no id`);
      const progress = await client.pollUntil(
        `the ${kind} job ${id} reaches a terminal state`,
        () => client.call(`query_${kind}_jobs`, { query: { id }, label: `query_${kind}_jobs [get]` }),
        (r) => TERMINAL_STATES.includes(String(field(r, 'state'))),
      );
      client.expectAvailable(progress, `the progress of job ${id} names it`, { '/id': id, '/paths': body.paths });
      const all = await client.call(`query_${kind}_jobs`, { label: `query_${kind}_jobs [list]` });
      client.check('ensure_resource_availability', listed(all, 'id', id), {
        message: `the job list does not contain the submitted job ${id}`,
        pointer: '/results',
        expected: `an element with id ${id}`,
        actual: field(all, 'results'),
      });
      await client.call(`stop_${kind}_job`, { body: { id }, rejectedBecause: `job ${id} has already finished`, rejectedWith: [410] });
    },
  });
}

/** Mount → listed and readable by path → unmount → the path is gone, unmounting again answers 410. */
const mountLifecycle = defineScenario({
  api: 'alluxio-coordinator',
  name: 'mount-lifecycle',
  title: 'mount a UFS, read it back by path and in the list, unmount it, then it is not found',
  operationId: 'create_mount_point',
  operations: ['create_mount_point', 'query_mount_points', 'delete_mount_point'],
  steps: async (client) => {
    const path = '/contract-kit-scenario';
    const ufs = 's3://contract-kit-scenario-bucket';
    const created = await client.call('create_mount_point', { body: { path, ufs } });
    if (!client.expectAvailable(created, 'create_mount_point succeeds')) client.abort('create_mount_point failed');
    const one = await client.call('query_mount_points', { query: { path }, label: 'query_mount_points [get]' });
    // The coordinator shows mount paths and UFS URIs with a trailing slash (x-doc-quirks ax-mount-trailing-slash).
    client.expectAvailable(one, 'the new mount point reads back by path', { '/path': `${path}/`, '/ufs': `${ufs}/` });
    const all = await client.call('query_mount_points', { label: 'query_mount_points [list]' });
    client.check('ensure_resource_availability', listed(all, 'path', `${path}/`), {
      message: 'the mount table does not list the new mount point',
      pointer: '/results',
      expected: `an element with path ${path}/`,
      actual: field(all, 'results'),
    });
    const deleted = await client.call('delete_mount_point', { body: { path } });
    client.expectAvailable(deleted, 'delete_mount_point succeeds');
    client.expectGone(await client.call('query_mount_points', { query: { path }, label: 'query_mount_points [get] after delete' }), 'the unmounted path');
    await client.call('delete_mount_point', { body: { path }, label: 'delete_mount_point again', rejectedBecause: 'the path is no longer mounted', rejectedWith: [410] });
  },
});

export const scenarios = [jobLifecycle('load'), jobLifecycle('free'), mountLifecycle];

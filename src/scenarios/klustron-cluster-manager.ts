import { defineScenario, type ScenarioClient, type StepResponse } from '../verify/scenario/define.js';
import { clusterParas, machineParas as machine, type Paras } from './klustron-job-paras.js';


interface Envelope {
  status?: string;
  error_code?: string;
  job_id?: string;
  attachment?: Record<string, unknown> | null;
}

const envelope = (response: StepResponse) => (response.body ?? {}) as Envelope;

/** Every request carries the documented envelope fields; only job_type, job_id and paras change. */
function job(jobType: string, paras?: Paras, jobId = ''): Paras {
  return { version: '1.0', job_id: jobId, job_type: jobType, timestamp: '1435749309', user_name: 'kunlun_test', ...(paras && { paras }) };
}

/**
 * Issues an asynchronous job (answered `accept` with a job_id) and polls get_status until the job
 * is done or failed, as a client does; a local mock's clock is pushed forward between polls.
 */
async function runJob(client: ScenarioClient, jobType: string, paras: Paras): Promise<Envelope> {
  const accepted = await client.call('emit', { body: job(jobType, paras), label: jobType });
  const id = envelope(accepted).job_id;
  if (!client.expectAvailable(accepted, `${jobType} is accepted`, { '/status': 'accept' }) || !id) client.abort(`${jobType} was not accepted`);
  const finished = await client.pollUntil(
    `${jobType} job ${id} ends done or failed`,
    () => client.call('emit', { body: job('get_status', undefined, id), label: `get_status ${jobType}` }),
    // kl-unknown-job: a just-accepted job may read as failed 70001 until its record exists; keep polling then.
    (r) => envelope(r).status === 'done' || (envelope(r).status === 'failed' && envelope(r).error_code !== '70001'),
  );
  return envelope(finished);
}


/**
 * The documented journey of a cluster: register machines, create a cluster (async, polled), read
 * its detail, delete it (async, polled), and its detail then fails.
 */
const clusterLifecycle = defineScenario({
  api: 'klustron-cluster-manager',
  name: 'cluster-lifecycle',
  title: 'register machines, create a cluster polled with get_status, read its detail, delete it, detail fails afterwards',
  operationId: 'emit',
  operations: ['emit'],
  steps: async (client) => {
    for (const paras of [machine('10.0.0.1', 'storage', '50001-50100'), machine('10.0.0.2', 'storage', '50001-50100'), machine('10.0.0.1', 'computer', '40001-40100')]) {
      const done = await runJob(client, 'create_machine', paras);
      client.check('ensure_resource_availability', done.status === 'done', { message: `create_machine ${paras.hostaddr} did not finish`, pointer: '/status', expected: 'done', actual: done.status });
    }
    const created = await runJob(client, 'create_cluster', clusterParas({ nick_name: 'scenario', storage_iplists: ['10.0.0.1', '10.0.0.2'], computer_iplists: ['10.0.0.1'] }));
    const clusterId = created.attachment?.cluster_id;
    const clusterName = created.attachment?.cluster_name;
    if (created.status !== 'done' || typeof clusterId !== 'string' || typeof clusterName !== 'string') {
      client.abort(`create_cluster did not end done with attachment.cluster_id and cluster_name: ${JSON.stringify(created)}`);
    }
    const detail = () => client.call('emit', { body: job('get_cluster_detail', { cluster_name: clusterName }), label: 'get_cluster_detail' });
    client.expectAvailable(await detail(), 'the new cluster has a detail', { '/attachment/cluster_name': clusterName, '/attachment/nick_name': 'scenario' });
    const deleted = await runJob(client, 'delete_cluster', { cluster_id: clusterId });
    client.check('ensure_resource_availability', deleted.status === 'done', { message: 'delete_cluster did not finish', pointer: '/status', expected: 'done', actual: deleted.status });
    client.expectGone(await detail(), `get_cluster_detail of the deleted cluster ${clusterName}`);
  },
});

/** A documented rejection: a job without its required paras is refused at once in the failed envelope. */
const invalidJobRejected = defineScenario({
  api: 'klustron-cluster-manager',
  name: 'invalid-job-rejected',
  title: 'delete_cluster without cluster_id is answered with the failed envelope, and no job is started',
  operationId: 'emit',
  operations: ['emit'],
  steps: async (client) => {
    const rejected = await client.call('emit', { body: job('delete_cluster', {}), label: 'delete_cluster without cluster_id', rejectedBecause: 'paras.cluster_id is required' });
    client.check('negative_data_rejection', envelope(rejected).job_id === undefined || envelope(rejected).job_id === '', {
      message: 'a rejected job must not be given a job_id to poll',
      pointer: '/job_id',
      expected: '(absent)',
      actual: envelope(rejected).job_id,
    });
  },
});

export const scenarios = [clusterLifecycle, invalidJobRejected];

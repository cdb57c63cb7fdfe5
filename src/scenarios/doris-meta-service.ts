import { defineScenario, type ScenarioClient } from '../verify/scenario/define.js';

const INSTANCE = 'contract_kit_scenario';
const NODE = `1:${INSTANCE}:be0`;
const CLUSTER = { cluster_name: 'scenario_cluster0', cluster_id: 'scenario_c0', type: 'COMPUTE', nodes: [{ cloud_unique_id: NODE, ip: '10.1.0.1', heartbeat_port: 9050 }] };
const OBJ_INFO = { ak: 'scenario-ak', sk: 'scenario-sk', bucket: 'scenario-bucket', endpoint: 'cos.ap-beijing.myqcloud.com', region: 'ap-beijing', provider: 'COS' };

function setStatus(client: ScenarioClient, to: string, rejectedBecause?: string) {
  return client.call('set_cluster_status', {
    body: { cloud_unique_id: NODE, cluster: { cluster_id: CLUSTER.cluster_id, cluster_status: to } },
    label: `set_cluster_status ${to}`,
    rejectedBecause,
  });
}

/**
 * An instance and a compute cluster through their lives: create → read → add a cluster (NORMAL) →
 * read it → the documented status transitions (and forbidden ones refused) → dropping the instance is
 * refused while it has clusters → drop the cluster → it is not found → drop the instance → it
 * reads as DELETED.
 */
const instanceAndClusterLifecycle = defineScenario({
  api: 'doris-meta-service',
  name: 'instance-cluster-lifecycle',
  title: 'create an instance and a cluster, walk the documented status transitions, drop both: the cluster is not found, the instance reads as DELETED',
  operationId: 'create_instance',
  operations: ['create_instance', 'get_instance', 'add_cluster', 'get_cluster', 'set_cluster_status', 'drop_cluster', 'drop_instance'],
  steps: async (client) => {
    const created = await client.call('create_instance', { body: { instance_id: INSTANCE, name: 'scenario', user_id: 'scenario_user', vault: { obj_info: OBJ_INFO } } });
    if (!client.expectAvailable(created, 'create_instance succeeds')) client.abort('create_instance failed');
    await client.call('create_instance', {
      body: { instance_id: INSTANCE, vault: { obj_info: OBJ_INFO } },
      label: 'create_instance again',
      rejectedBecause: 'the instance_id exists (ALREADY_EXISTED)',
    });
    client.expectAvailable(await client.call('get_instance', { query: { instance_id: INSTANCE } }), 'get_instance reflects the new instance', {
      '/result/instance_id': INSTANCE,
      '/result/name': 'scenario',
    });

    client.expectAvailable(await client.call('add_cluster', { body: { instance_id: INSTANCE, cluster: CLUSTER } }), 'add_cluster succeeds');
    const byName = await client.call('get_cluster', { body: { cloud_unique_id: NODE, cluster_name: CLUSTER.cluster_name }, label: 'get_cluster by name' });
    client.expectAvailable(byName, 'get_cluster reflects the new cluster', { '/result/cluster_id': CLUSTER.cluster_id, '/result/type': 'COMPUTE' });

    // add_cluster puts a compute cluster in NORMAL (the set_cluster_status notes; x-observed
    // ms-add-cluster-normal); then the documented transitions NORMAL → SUSPENDED → TO_RESUME →
    // NORMAL hold and others are refused.
    await setStatus(client, 'NORMAL', 'the new compute cluster is NORMAL already');
    await setStatus(client, 'TO_RESUME', 'NORMAL → TO_RESUME is not a documented transition');
    client.expectAvailable(await setStatus(client, 'SUSPENDED'), 'NORMAL → SUSPENDED is allowed');
    await setStatus(client, 'SUSPENDED', 'setting the current status again is not a transition');
    client.expectAvailable(await setStatus(client, 'TO_RESUME'), 'SUSPENDED → TO_RESUME is allowed');
    client.expectAvailable(await setStatus(client, 'NORMAL'), 'TO_RESUME → NORMAL is allowed');

    await client.call('drop_instance', { body: { instance_id: INSTANCE }, label: 'drop_instance with clusters', rejectedBecause: 'the instance still has clusters' });
    client.expectAvailable(await client.call('drop_cluster', { body: { instance_id: INSTANCE, cluster: { cluster_id: CLUSTER.cluster_id, cluster_name: CLUSTER.cluster_name } } }), 'drop_cluster succeeds');
    client.expectGone(await client.call('get_cluster', { body: { cloud_unique_id: NODE, cluster_id: CLUSTER.cluster_id }, label: 'get_cluster after drop' }), 'the dropped cluster');
    client.expectAvailable(await client.call('drop_instance', { body: { instance_id: INSTANCE } }), 'drop_instance succeeds once the clusters are gone');
    // A dropped instance is marked deleted, not removed: get_instance shows status DELETED.
    const dropped = await client.call('get_instance', { query: { instance_id: INSTANCE }, label: 'get_instance after drop' });
    const status = (dropped.body as { result?: { status?: unknown } } | undefined)?.result?.status;
    client.check('use_after_free', status === 'DELETED', {
      message: 'the dropped instance is not shown as deleted',
      pointer: '/result/status',
      expected: 'DELETED',
      actual: status,
    });
  },
});

export const scenarios = [instanceAndClusterLifecycle];

import { beforeAll, describe, expect, it } from 'vitest';
import { createKlustronSimulator, type KlustronSimulator } from '../../mocks/klustron-cluster-manager/index.js';
import { ManualClock } from '../../mocks/shared/clock.js';
import type { Profile, SimRequest, SimResponse, UnroutedRequest } from '../../mocks/shared/types.js';
import { loadSpec, type IndexedOperation, type IndexedVariant, type JsonSchema } from '../../src/spec/index.js';
import { validateValue } from '../../src/validate/index.js';
import { clusterParas, machineParas as machine, type Paras } from '../../src/scenarios/klustron-job-paras.js';

/**
 * The Klustron simulator driven directly (no HTTP) on a ManualClock through the journeys of
 * specs/sources/klustron-cluster-manager-api.txt: register machines, create a cluster, grow and shrink
 * it, delete it; async jobs polled with get_status; sync queries; failures; both profiles.
 */

const JOB_MS = 1000;

interface Envelope {
  version: string;
  error_code: string;
  error_info: string;
  status: string;
  job_id?: string;
  job_type?: string;
  attachment: Record<string, unknown> | null;
}


/** The x-variants name of a job: its job_type, or raft_mission_<task> (see the spec). */
function variantOf(jobType: string, paras: Paras | undefined): string {
  return jobType === 'raft_mission' ? `raft_mission_${String(paras?.task_type)}` : jobType;
}

function request(jobType: string, paras?: Paras, envelope: Record<string, unknown> = {}): SimRequest {
  const body = { version: '1.0', job_id: '', job_type: jobType, timestamp: '1435749309', user_name: 'kunlun_test', ...envelope, ...(paras && { paras }) };
  return {
    operationId: 'emit',
    variant: variantOf(jobType, paras),
    method: 'POST',
    path: '/HttpService/Emit',
    query: {},
    headers: { 'content-type': 'application/json' },
    body,
    rawBody: JSON.stringify(body),
  };
}

/** The envelope of an answer: observed answers are JSON text under text/plain (kl-always-200). */
function envelopeOf(response: SimResponse): Envelope {
  return (typeof response.body === 'string' ? JSON.parse(response.body) : response.body) as Envelope;
}

class Client {
  readonly clock = new ManualClock();
  readonly sim: KlustronSimulator;

  constructor(readonly profile: Profile) {
    this.sim = createKlustronSimulator({ profile, clock: this.clock, jobDurationMs: JOB_MS });
  }

  emit(jobType: string, paras?: Paras): Envelope {
    return envelopeOf(this.sim.handle(request(jobType, paras)));
  }

  status(jobId: string): Envelope {
    return envelopeOf(this.sim.handle(request('get_status', undefined, { job_id: jobId })));
  }

  /** Issues an async job, checks the accept answer, lets it run, returns get_status's answer. */
  run(jobType: string, paras?: Paras): Envelope {
    const accepted = this.emit(jobType, paras);
    expect(accepted).toEqual({ version: '1.0', error_code: '0', error_info: '', status: 'accept', job_id: expect.stringMatching(/^[0-9]+$/), attachment: null });
    this.clock.advance(JOB_MS);
    return this.status(accepted.job_id!);
  }
}


/** The simulator tests' cluster: mgr replication, with storage and computing machines named. */
const mgrCluster = (overrides: Paras = {}): Paras =>
  clusterParas({ ha_mode: 'mgr', storage_iplists: ['10.0.0.1', '10.0.0.2'], computer_iplists: ['10.0.0.1'], ...overrides });

interface Detail {
  cluster_name: string;
  shards: string;
  comps: string;
  list_comp: { comp_id: string; hostaddr: string; port: string; status: string }[];
  list_shard: { shard_id: string; shard_name: string; nodes: string; list_node: { hostaddr: string; port: string; master: string; status: string }[] }[];
}

const detailOf = (answer: Envelope) => answer.attachment as unknown as Detail;

let emit: IndexedOperation;
const variant = (name: string): IndexedVariant => emit.variants.find((v) => v.name === name)!;

beforeAll(async () => {
  emit = (await loadSpec('klustron-cluster-manager')).operationById.get('emit')!;
});

/** A documented-profile answer must validate against the spec's schema for it. */
function expectConforms(schema: JsonSchema | undefined, answer: Envelope) {
  expect(schema).toBeDefined();
  expect(validateValue(schema!, answer)).toEqual([]);
}

/** Registers two storage machines and one computer machine, all jobs done. */
function registerMachines(client: Client) {
  for (const paras of [machine('10.0.0.1', 'storage', '50001-50100'), machine('10.0.0.2', 'storage', '50001-50100'), machine('10.0.0.1', 'computer', '40001-40100')]) {
    expect(client.run('create_machine', paras).status).toBe('done');
  }
}

describe('klustron simulator, documented profile: the cluster journey', () => {
  it('registers machines, creates a cluster, grows and shrinks it, deletes it', () => {
    const client = new Client('documented');

    // 1.1 create_machine: accept at once, ongoing until the job's time has passed, then done.
    const accepted = client.emit('create_machine', machine('10.0.0.1', 'storage', '50001-50100'));
    expectConforms(variant('create_machine').responses['200']!.schema, accepted);
    expect(client.status(accepted.job_id!)).toMatchObject({ status: 'ongoing', error_code: '0' });
    client.clock.advance(JOB_MS);
    const done = client.status(accepted.job_id!);
    expect(done).toEqual({ version: '1.0', error_code: '0', error_info: 'create machine successfully', status: 'done', attachment: {} });
    expectConforms(variant('create_machine').statusResponse!.schema, done);
    expect(client.run('create_machine', machine('10.0.0.2', 'storage', '50001-50100')).status).toBe('done');
    expect(client.run('create_machine', machine('10.0.0.1', 'computer', '40001-40100')).status).toBe('done');

    // 6.3 get_machine_summary reflects them: one entry per host.
    const summary = client.emit('get_machine_summary');
    expectConforms(variant('get_machine_summary').responses['200']!.schema, summary);
    expect(summary.attachment).toEqual({ list_machine: [{ hostaddr: '10.0.0.1', status: 'online' }, { hostaddr: '10.0.0.2', status: 'online' }] });

    // 2.1 create_cluster: the done answer names the new cluster.
    const created = client.run('create_cluster', mgrCluster());
    expectConforms(variant('create_cluster').statusResponse!.schema, created);
    expect(created.attachment).toEqual({ cluster_id: '1', cluster_name: expect.stringMatching(/^cluster_[0-9]+_000001$/), shards: '1', comps: '1' });
    const name = String(created.attachment!.cluster_name);

    // 6.5 get_cluster_detail: one shard of three nodes (one master) over the two storage machines.
    let detail = client.emit('get_cluster_detail', { cluster_name: name });
    expectConforms(variant('get_cluster_detail').responses['200']!.schema, detail);
    let cluster = detailOf(detail);
    expect(cluster).toMatchObject({ cluster_name: name, shards: '1', comps: '1' });
    const nodes = cluster.list_shard[0]!.list_node;
    expect(nodes).toHaveLength(3);
    expect(nodes.filter((n) => n.master === 'true')).toHaveLength(1);
    expect(new Set(nodes.map((n) => n.hostaddr))).toEqual(new Set(['10.0.0.1', '10.0.0.2']));
    for (const node of nodes) expect(Number(node.port)).toBeGreaterThanOrEqual(50001);
    expect(cluster.list_comp[0]).toMatchObject({ hostaddr: '10.0.0.1', port: '40001', status: 'online' });

    // 6.4 get_cluster_summary lists it.
    expect(client.emit('get_cluster_summary').attachment).toEqual({ list_cluster: [{ name, nick_name: 'orders', shards: '1', comps: '1' }] });

    // 2.2 add_shards, 2.4 add_comps, 2.6 add_nodes: each done answer and the detail reflect them.
    const shards = client.run('add_shards', { cluster_id: '1', shards: '1', nodes: '2', storage_iplists: ['10.0.0.2'] });
    expectConforms(variant('add_shards').statusResponse!.schema, shards);
    expect(shards.attachment).toMatchObject({ cluster_id: '1', shards: '2', list_shard: [{ shard_id: '2', shard_name: 'shard_2' }] });
    const comps = client.run('add_comps', { cluster_id: '1', comps: '2', computer_iplists: ['10.0.0.1'] });
    expectConforms(variant('add_comps').statusResponse!.schema, comps);
    expect(comps.attachment).toMatchObject({ comps: '3', list_comp: [{ comp_id: '2' }, { comp_id: '3' }] });
    const added = client.run('add_nodes', { cluster_id: '1', shard_id: '1', nodes: '1', storage_iplists: ['10.0.0.2'] });
    expectConforms(variant('add_nodes').statusResponse!.schema, added);
    expect(added.attachment).toMatchObject({ list_shard: [{ shard_id: '1', nodes: '4', list_node: [{ hostaddr: '10.0.0.2' }] }] });
    cluster = detailOf(client.emit('get_cluster_detail', { cluster_name: name }));
    expect(cluster).toMatchObject({ shards: '2', comps: '3' });
    expect(cluster.list_shard.map((s) => s.nodes)).toEqual(['4', '2']);

    // 2.7 delete_node, 2.5 delete_comp, 2.3 delete_shard.
    const standby = cluster.list_shard[0]!.list_node.find((n) => n.master === 'false')!;
    expect(client.run('delete_node', { cluster_id: '1', shard_id: '1', hostaddr: standby.hostaddr, port: standby.port }).error_info).toBe('delete node successfully');
    expect(client.run('delete_comp', { cluster_id: '1', comp_id: '2' }).status).toBe('done');
    expect(client.run('delete_shard', { cluster_id: '1', shard_id: '2' }).status).toBe('done');
    cluster = detailOf(client.emit('get_cluster_detail', { cluster_name: name }));
    expect(cluster).toMatchObject({ shards: '1', comps: '2' });
    expect(cluster.list_shard[0]!.list_node).toHaveLength(3);
    expect(cluster.list_comp.map((c) => c.comp_id)).toEqual(['1', '3']);

    // A machine that hosts instances cannot be deleted.
    const inUse = client.run('delete_machine', { hostaddr: '10.0.0.2', machine_type: 'storage' });
    expect(inUse).toMatchObject({ status: 'failed', error_code: '70042', attachment: null });

    // 2.9 delete_cluster, then get_cluster_detail says it is gone and the machine is free.
    const deleted = client.run('delete_cluster', { cluster_id: '1' });
    expectConforms(variant('delete_cluster').statusResponse!.schema, deleted);
    expect(deleted.attachment).toMatchObject({ cluster_id: '1', cluster_name: name, job_steps: 'shard,computer' });
    const gone = client.emit('get_cluster_detail', { cluster_name: name });
    expectConforms(variant('get_cluster_detail').responses['200']!.schema, gone);
    expect(gone).toMatchObject({ status: 'failed', error_code: '70070', attachment: null });
    expect(client.emit('get_cluster_summary').attachment).toEqual({ list_cluster: [] });
    expect(client.run('delete_machine', { hostaddr: '10.0.0.2', machine_type: 'storage' }).status).toBe('done');
    expect(client.sim.stats()).toMatchObject({ clusters: 0, machines: 2, instances: 0 });
  });

  it('runs jobs in the order they finish, so a cluster can be created right after its machines', () => {
    const client = new Client('documented');
    const jobs = [
      client.emit('create_machine', machine('10.0.0.1', 'storage', '50001-50100')),
      client.emit('create_machine', machine('10.0.0.1', 'computer', '40001-40100')),
      client.emit('create_cluster', mgrCluster({ nodes: '1', fullsync_level: '0', ha_mode: 'no_rep', storage_iplists: ['10.0.0.1'] })),
    ];
    client.clock.advance(JOB_MS);
    expect(jobs.map((job) => client.status(job.job_id!).status)).toEqual(['done', 'done', 'done']);
  });

  it('fails jobs that name unknown clusters, shards, machines or bad paras in get_status, with job-specific codes', () => {
    const client = new Client('documented');
    registerMachines(client);
    const cases: [string, Paras, string][] = [
      ['add_shards', { cluster_id: '999', shards: '1', nodes: '3', storage_iplists: ['10.0.0.1'] }, '70070'],
      ['delete_cluster', { cluster_id: '999' }, '70070'],
      ['delete_machine', { hostaddr: '10.9.9.9', machine_type: 'storage' }, '70041'],
      ['create_machine', machine('10.0.0.1', 'storage', '50001-50100'), '70040'],
      ['create_cluster', mgrCluster({ storage_iplists: ['10.9.9.9'] }), '70043'],
      ['create_cluster', mgrCluster({ fullsync_level: '3' }), '70002'],
      ['create_cluster', mgrCluster({ shards: '257' }), '70002'],
    ];
    for (const [jobType, paras, code] of cases) {
      const answer = client.run(jobType, paras);
      expectConforms(variant('get_status').responses['200']!.schema, answer);
      expect(answer, `${jobType} ${JSON.stringify(paras)}`).toMatchObject({ status: 'failed', error_code: code, job_id: '', job_type: '', attachment: null });
      expect(answer.error_info).not.toBe('');
    }
    expect(client.sim.stats().clusters).toBe(0);
  });

  it('answers get_status for an unknown job_id with a failed envelope', () => {
    const answer = new Client('documented').status('12345');
    expect(answer).toMatchObject({ status: 'failed', error_code: '70001', attachment: null });
    expectConforms(variant('get_status').responses['200']!.schema, answer);
  });

  it('answers the sync queries at once from the state', () => {
    const client = new Client('documented');
    client.sim.applyScenario('seeded');
    const expectations: [string, Paras | undefined, Record<string, unknown>][] = [
      ['get_meta_mode', {}, { mode: 'mgr' }],
      ['get_backup_storage', {}, { list_backup_storage: [{ hostaddr: '127.0.0.1', name: 'hdfs_backup1', port: '9000', stype: 'HDFS' }] }],
      // The document's sample: 192.168.0.135:55001 answers innodb_buffer_pool_size 5242880.
      ['get_variable', { hostaddr: '192.168.0.135', port: '55001', variable: 'innodb_buffer_pool_size' }, { result: 'true', value: '5242880' }],
      ['get_variable', { hostaddr: '192.168.0.135', port: '55001', variable: 'no_such_variable' }, { result: 'false', value: '' }],
      ['get_expand_table_list', { cluster_id: '1', shard_id: '1', policy: 'top_size' }, { table_list: 'kunlundb_super_dba.kunlundb_super_dba_$$_public.test1' }],
    ];
    for (const [jobType, paras, attachment] of expectations) {
      const answer = client.emit(jobType, paras);
      expect(answer, jobType).toEqual({ version: '1.0', error_code: '0', error_info: '', status: 'done', job_id: '', job_type: '', attachment });
      expectConforms(variant(jobType).responses['200']!.schema, answer);
    }
    expect(client.emit('get_variable', { hostaddr: '10.1.1.1', port: '1', variable: 'x' })).toMatchObject({ status: 'failed', error_code: '70074' });
  });

  it('moves tables between shards with expand_cluster', () => {
    const client = new Client('documented');
    client.sim.applyScenario('seeded');
    expect(client.run('add_shards', { cluster_id: '1', shards: '1', nodes: '3', storage_iplists: ['192.168.0.2', '192.168.0.3'] }).status).toBe('done');
    const table = 'kunlundb_super_dba.kunlundb_super_dba_$$_public.test1';
    expect(client.run('expand_cluster', { cluster_id: '1', src_shard_id: '1', dst_shard_id: '2', table_list: [table] }).status).toBe('done');
    expect(client.emit('get_expand_table_list', { cluster_id: '1', shard_id: '1', policy: 'top_hit' }).attachment).toEqual({ table_list: '' });
    expect(client.emit('get_expand_table_list', { cluster_id: '1', shard_id: '2', policy: 'top_hit' }).attachment).toEqual({ table_list: table });
  });

  it('sets machines dead and running with set_machine; dead machines get no new instances', () => {
    const client = new Client('documented');
    registerMachines(client);
    expect(client.run('set_machine', { hostaddr: '10.0.0.2', node_stats: 'dead' }).error_info).toBe('set machine success');
    expect(client.emit('get_machine_summary').attachment).toEqual({ list_machine: [{ hostaddr: '10.0.0.1', status: 'online' }, { hostaddr: '10.0.0.2', status: 'offline' }] });
    expect(client.run('create_cluster', mgrCluster()).error_code).toBe('70043');
    expect(client.run('set_machine', { hostaddr: '10.0.0.2', node_stats: 'running' }).status).toBe('done');
    expect(client.run('create_cluster', mgrCluster()).status).toBe('done');
  });

  it('runs the raft_mission tasks against the cluster_mgr group', () => {
    const client = new Client('documented');
    expect(client.run('raft_mission', { task_type: 'add_peer', peer: '127.0.0.1:25003' }).status).toBe('done');
    expect(client.run('raft_mission', { task_type: 'transfer_leader', target_leader: '127.0.0.1:25003' }).status).toBe('done');
    expect(client.run('raft_mission', { task_type: 'remove_peer', peer: '127.0.0.1:25003' }).error_code).toBe('70090'); // the leader
    expect(client.run('raft_mission', { task_type: 'remove_peer', peer: '127.0.0.1:25001' }).status).toBe('done');
    expect(client.run('raft_mission', { task_type: 'transfer_leader', target_leader: '127.0.0.1:25001' }).error_code).toBe('70090');
  });

  it('answers every documented request example as the spec says, each in a fresh seeded world', () => {
    const finished: Record<string, string> = {};
    for (const v of emit.variants.filter((v) => v.name !== 'get_status')) {
      for (const example of v.requestExamples) {
        const client = new Client('documented');
        client.sim.applyScenario('seeded');
        const body = example.body!.value as { job_type: string; paras?: Paras };
        const answer = envelopeOf(client.sim.handle({ ...request(body.job_type, body.paras), variant: v.name, body }));
        expectConforms(v.responses['200']!.schema, answer);
        if (v.mode === 'sync') continue;
        client.clock.advance(JOB_MS);
        const status = client.status(answer.job_id!);
        expectConforms(variant('get_status').responses['200']!.schema, status);
        if (status.status === 'done') expectConforms(v.statusResponse!.schema, status);
        finished[example.key] = status.status;
      }
    }
    // The samples that name what the document's world has succeed; the others name clusters,
    // shards and nodes of other sample runs (cluster 2 and 3, shards 5 and 6, 192.168.0.125:57001),
    // and create_machine registers 192.168.0.135 as a computer, which the detail sample already uses.
    const succeeding = Object.keys(finished).filter((key) => finished[key] === 'done').sort();
    expect(succeeding).toEqual(
      [
        'add_comps',
        'add_nodes',
        'add_shards',
        'create_cluster',
        'delete_cluster',
        'delete_comp',
        'delete_machine',
        'delete_shard',
        'logical_backup',
        'manual_backup_cluster',
        'raft_mission_add_peer',
        'raft_mission_remove_peer',
        'raft_mission_transfer_leader',
        'set_machine',
      ].sort(),
    );
  });
});

describe('klustron simulator, observed profile', () => {
  it('answers HTTP 200 text/plain with CORS headers, the JSON envelope as text', () => {
    const client = new Client('observed');
    const response = client.sim.handle(request('get_meta_mode', {}));
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'text/plain', 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, GET, OPTIONS' });
    expect(typeof response.body).toBe('string');
    expect(JSON.parse(response.body as string)).toMatchObject({ status: 'done', attachment: { mode: 'mgr' } });
  });

  it('rejects the documented jobs v1.0.2 does not know with `Unrecongnized job type`', () => {
    const client = new Client('observed');
    for (const jobType of ['set_machine', 'get_machine_summary', 'get_cluster_summary', 'update_instance_cgroup', 'repartition_tables', 'logical_backup', 'logical_restore']) {
      expect(client.emit(jobType, {}), jobType).toEqual({ version: '1.0', error_code: '70001', error_info: 'Unrecongnized job type', status: 'failed', attachment: null });
    }
  });

  it('hides a job from get_status for its first 100 ms, then reports ongoing and done with empty ids and "OK"', () => {
    const client = new Client('observed');
    const accepted = client.emit('create_machine', machine('10.0.0.1', 'storage', '50001-50100'));
    expect(accepted.status).toBe('accept');
    expect(client.status(accepted.job_id!)).toEqual({ attachment: null, error_code: '70001', error_info: '', job_id: '', job_type: '', status: 'failed', version: '1.0' });
    client.clock.advance(100);
    expect(client.status(accepted.job_id!).status).toBe('ongoing');
    client.clock.advance(JOB_MS);
    expect(client.status(accepted.job_id!)).toEqual({ version: '1.0', error_code: '0', error_info: 'OK', status: 'done', job_id: '', job_type: '', attachment: {} });
  });

  it('accepts create_cluster with missing or wrong paras, then fails it with 70070 (kl-lost-paras, kl-async-accept)', () => {
    const client = new Client('observed');
    registerMachines(client);
    const req = request('create_cluster', { nick_name: 'x' });
    expect(client.sim.rejectInvalid(req, [{ in: 'body', pointer: '/paras/ha_mode', message: 'is required' }])).toBeUndefined();
    for (const paras of [{ nick_name: 'x' }, mgrCluster({ shards: 'one' }), mgrCluster({ ha_mode: 'paxos' }), undefined]) {
      const failed = client.run('create_cluster', paras);
      expect(failed, JSON.stringify(paras)).toMatchObject({ status: 'failed', error_code: '70070', attachment: null });
    }
    expect(client.sim.stats().clusters).toBe(0);
  });

  it('reports expand_cluster stage names while it runs', () => {
    const client = new Client('observed');
    client.sim.applyScenario('seeded');
    expect(client.run('add_shards', { cluster_id: '1', shards: '1', nodes: '3', storage_iplists: ['192.168.0.2'] }).status).toBe('done');
    const accepted = client.emit('expand_cluster', { cluster_id: '1', src_shard_id: '1', dst_shard_id: '2', table_list: ['a.b.c'] });
    const seen: string[] = [];
    for (let elapsed = 0; elapsed < JOB_MS; elapsed += 100) {
      client.clock.advance(100);
      seen.push(client.status(accepted.job_id!).status);
    }
    expect(seen).toContain('dumped');
    expect(seen).toContain('rerouted');
    expect(seen.at(-1)).toBe('done');
  });

  it('runs the cluster journey; get_cluster_detail answers only the work mode (kl-cluster-detail)', () => {
    const client = new Client('observed');
    registerMachines(client);
    const created = client.run('create_cluster', mgrCluster());
    expect(created.status).toBe('done');
    const name = String(created.attachment!.cluster_name);
    // Whatever it names (the new cluster, an unknown one, nothing): failed, 70001, {work_mode: community}, at once.
    const workMode = { status: 'failed', error_code: '70001', attachment: { work_mode: 'community' } };
    expect(client.emit('get_cluster_detail', { cluster_name: name })).toMatchObject(workMode);
    expect(client.emit('get_cluster_detail', { cluster_name: 'cluster_0_999999' })).toMatchObject(workMode);
    expect(client.emit('get_cluster_detail')).toMatchObject(workMode);
    expect(client.run('delete_cluster', { cluster_id: created.attachment!.cluster_id as string }).status).toBe('done');
    expect(client.sim.stats().clusters).toBe(0);
  });
});

describe('klustron simulator, observed profile: the facts of the spec\'s x-observed entries', () => {
  it('kl-cors-full: every answer carries the five CORS headers', () => {
    const client = new Client('observed');
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST, GET, OPTIONS',
      'access-control-allow-headers': '*',
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '3600',
    };
    const accepted = client.sim.handle(request('create_machine', machine('10.0.0.1', 'storage', '50001-50100')));
    const answers = [
      accepted,
      client.sim.handle(request('get_status', undefined, { job_id: envelopeOf(accepted).job_id })),
      client.sim.handle(request('get_meta_mode', {})),
      client.sim.handle(request('get_variable', {})),
      client.sim.handle(request('set_machine', { hostaddr: '10.0.0.1', node_stats: 'dead' })),
      client.sim.rejectUnrouted({ method: 'POST', path: '/HttpService/Emit', query: {}, headers: {}, body: '{', rawBody: '{', reason: { kind: 'no-variant', operationId: 'emit' } }),
      client.sim.rejectUnrouted({ method: 'OPTIONS', path: '/HttpService/Emit', query: {}, headers: {}, body: undefined, rawBody: '', reason: { kind: 'method-not-allowed', allowed: ['POST'] } }),
      client.sim.errorResponse(503, 'injected'),
    ];
    for (const answer of answers) expect(answer.headers).toMatchObject(cors);
  });

  it('kl-key-order: every object of every answer lists its keys alphabetically (text as sent)', () => {
    const client = new Client('observed');
    registerMachines(client);
    const created = client.sim.handle(request('create_cluster', mgrCluster()));
    client.clock.advance(JOB_MS);
    const texts = [
      created.body,
      client.sim.handle(request('get_status', undefined, { job_id: envelopeOf(created).job_id })).body,
      client.sim.handle(request('get_backup_storage', {})).body,
      client.sim.handle(request('get_status', undefined, { job_id: '999' })).body,
    ];
    for (const text of texts) expectAlphabetical(JSON.parse(text as string));
  });

  it('kl-parse-error-echo: the malformed-JSON error_info ends with the raw body, cut at 4095 bytes', () => {
    const sim = createKlustronSimulator({ profile: 'observed', clock: new ManualClock() });
    const parseError = (rawBody: string) =>
      envelopeOf(sim.rejectUnrouted({ method: 'POST', path: '/HttpService/Emit', query: {}, headers: {}, body: rawBody, rawBody, reason: { kind: 'no-variant', operationId: 'emit' } })).error_info;
    const short = parseError('{"job_type":');
    expect(short).toMatch(/^JSON parse error: /);
    expect(short.endsWith(', JSON string: {"job_type":')).toBe(true);
    const long = `{"job_type": "create_cluster", "paras": "${'é'.repeat(5000)}`;
    const cut = parseError(long);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(4095);
    expect(Buffer.byteLength(cut)).toBeGreaterThanOrEqual(4093); // a 2-byte character may not fit whole
    expect(cut).toContain(', JSON string: {"job_type": "create_cluster", "paras": "éé');
  });

  it('kl-status-no-version: get_status without `version` gets the unknown-job answer', () => {
    const client = new Client('observed');
    const accepted = client.emit('create_machine', machine('10.0.0.1', 'storage', '50001-50100'));
    client.clock.advance(JOB_MS);
    const body = { job_type: 'get_status', job_id: accepted.job_id, timestamp: '1435749309' };
    const answer = envelopeOf(client.sim.handle({ ...request('get_status'), body, rawBody: JSON.stringify(body) }));
    expect(answer).toEqual({ attachment: null, error_code: '70001', error_info: '', job_id: '', job_type: '', status: 'failed', version: '1.0' });
    expect(client.status(accepted.job_id!).status).toBe('done'); // with version: the job is there
  });

  it('kl-sync-false: a sync query whose handler fails answers error_code "0", error_info "OK", status failed', () => {
    const client = new Client('observed');
    client.sim.applyScenario('seeded');
    const failedOk = { attachment: null, error_code: '0', error_info: 'OK', status: 'failed', version: '1.0' };
    expect(client.emit('get_variable', { port: '55001', variable: 'innodb_buffer_pool_size' })).toMatchObject(failedOk);
    expect(client.emit('get_expand_table_list', { cluster_id: '1', shard_id: '99', policy: 'top_size' })).toMatchObject(failedOk);
  });

  it('kl-status-memo: create_cluster is unknown until its memo exists, then done with the memo as attachment', () => {
    const client = new Client('observed');
    registerMachines(client);
    const accepted = client.emit('create_cluster', mgrCluster());
    expect(client.status(accepted.job_id!)).toEqual({ attachment: null, error_code: '70001', error_info: '', job_id: '', job_type: '', status: 'failed', version: '1.0' });
    client.clock.advance(JOB_MS);
    const done = client.status(accepted.job_id!);
    expect(done).toMatchObject({ status: 'done', error_code: '0', error_info: 'OK', job_id: '', job_type: '' });
    const memo = done.attachment!;
    expect(memo).toMatchObject({ job_steps: 'shard,computer', cluster_id: expect.stringMatching(/^[0-9]+$/), cluster_name: expect.stringMatching(/^cluster_/) });
    expect(Array.isArray(memo.shard_step) && Array.isArray(memo.computer_step)).toBe(true);
    expect(typeof memo.computer_user).toBe('string');
    expect(typeof memo.computer_pwd).toBe('string');
  });

  it('kl-status-expand: expand_cluster and cluster_restore answer their ids, {memo_info} and 70001 even when done', () => {
    const client = new Client('observed');
    client.sim.applyScenario('seeded');
    expect(client.run('add_shards', { cluster_id: '1', shards: '1', nodes: '3', storage_iplists: ['192.168.0.2'] }).status).toBe('done');
    const expand = client.emit('expand_cluster', { cluster_id: '1', src_shard_id: '1', dst_shard_id: '2', table_list: ['a.b.c'] });
    client.clock.advance(200);
    const running = client.status(expand.job_id!);
    expect(running).toMatchObject({ job_id: expand.job_id, job_type: 'expand_cluster', error_code: '70001', attachment: { memo_info: '' } });
    client.clock.advance(JOB_MS);
    const done = client.status(expand.job_id!);
    expect(done).toMatchObject({ status: 'done', job_id: expand.job_id, job_type: 'expand_cluster', error_code: '70001' });
    expect(typeof (done.attachment as { memo_info: unknown }).memo_info).toBe('object');

    const second = client.run('create_cluster', mgrCluster({ storage_iplists: ['192.168.0.2', '192.168.0.3'], computer_iplists: ['192.168.0.1'] }));
    const restore = client.emit('cluster_restore', { src_cluster_id: '1', dst_cluster_id: String(second.attachment!.cluster_id), restore_time: '2022-10-20 19:20:15' });
    client.clock.advance(JOB_MS);
    expect(client.status(restore.job_id!)).toMatchObject({ status: 'done', job_id: restore.job_id, job_type: 'cluster_restore', error_code: '70001', attachment: { memo_info: expect.any(Object) } });
  });

  /** A job type the spec has no variant for, as the adapters hand it over: unrouted. */
  const undocumented = (client: Client, jobType: string) => {
    const body = { version: '1.0', job_id: '', job_type: jobType, timestamp: '1435749309', paras: {} };
    return envelopeOf(client.sim.rejectUnrouted({ method: 'POST', path: '/HttpService/Emit', query: {}, headers: {}, body, rawBody: JSON.stringify(body), reason: { kind: 'no-variant', operationId: 'emit' } }));
  };

  it('kl-job-types-more, kl-job-types: the undocumented async jobs v1.0.2 accepts are accepted and finish', () => {
    const client = new Client('observed');
    for (const jobType of ['example_mission', 'update_cluster_coldback_time_period', 'update_machine', 'control_instance']) {
      const accepted = undocumented(client, jobType);
      expect(accepted, jobType).toMatchObject({ status: 'accept', error_code: '0', job_id: expect.stringMatching(/^[0-9]+$/), attachment: null });
      client.clock.advance(JOB_MS);
      expect(client.status(accepted.job_id!).status, jobType).toBe('done');
    }
  });

  it('kl-job-types: the undocumented sync get_meta_summary and set_variable answer done', () => {
    const client = new Client('observed');
    for (const jobType of ['get_meta_summary', 'set_variable']) {
      expect(undocumented(client, jobType), jobType).toMatchObject({ status: 'done', error_code: '0' });
    }
    // The documented profile knows documented jobs only.
    expect(undocumented(new Client('documented'), 'get_meta_summary')).toMatchObject({ status: 'failed', error_info: 'Unrecognized job type' });
  });

  it('kl-paras-core: create_cluster needs only ha_mode, shards, nodes, comps and the machine lists', () => {
    const client = new Client('observed');
    registerMachines(client);
    const core = { ha_mode: 'mgr', shards: '1', nodes: '3', comps: '1', storage_iplists: ['10.0.0.1', '10.0.0.2'], computer_iplists: ['10.0.0.1'] };
    expect(client.run('create_cluster', core).status).toBe('done');
    const { computer_iplists: _omitted, ...noComputers } = core;
    expect(client.run('create_cluster', noComputers)).toMatchObject({ status: 'failed', error_code: '70070' });
  });
});

/** Every object in `value`, at any depth, has its keys in alphabetical order. */
function expectAlphabetical(value: unknown, path = '') {
  if (Array.isArray(value)) {
    value.forEach((item, i) => expectAlphabetical(item, `${path}/${i}`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  expect(keys, path || '/').toEqual([...keys].sort());
  for (const key of keys) expectAlphabetical((value as Record<string, unknown>)[key], `${path}/${key}`);
}

describe('klustron simulator: requests that are not jobs', () => {
  const unrouted = (body: unknown, rawBody: string, reason: UnroutedRequest['reason'] = { kind: 'no-variant', operationId: 'emit' }): UnroutedRequest => ({
    method: 'POST',
    path: '/HttpService/Emit',
    query: {},
    headers: {},
    body,
    rawBody,
    reason,
  });

  for (const profile of ['documented', 'observed'] as const) {
    it(`${profile}: rejects malformed JSON and missing, empty or unknown job_type with kl-reject messages and no ids`, () => {
      const sim = createKlustronSimulator({ profile, clock: new ManualClock() });
      const info = (req: UnroutedRequest) => {
        const answer = envelopeOf(sim.rejectUnrouted(req));
        expect(answer).toMatchObject({ version: '1.0', error_code: '70001', status: 'failed', attachment: null });
        expect(answer).not.toHaveProperty('job_id');
        expect(answer).not.toHaveProperty('job_type');
        return answer.error_info;
      };
      expect(info(unrouted('{"job_type":', '{"job_type":'))).toMatch(/^JSON parse error: /);
      expect(info(unrouted({ version: '1.0' }, '{"version":"1.0"}'))).toBe('missing `job_type` key-value pair in the request body');
      expect(info(unrouted({ job_type: '' }, '{"job_type":""}'))).toBe('The field `job_type` in Body must be a non empty valid string');
      expect(info(unrouted({ job_type: 'no_such_job' }, '{"job_type":"no_such_job"}'))).toBe(
        profile === 'observed' ? 'Unrecongnized job type' : 'Unrecognized job type',
      );
    });
  }

  it('documented: rejects an invalid request in the failed envelope; other paths 404, other methods 405', () => {
    const sim = createKlustronSimulator({ clock: new ManualClock() });
    const invalid = sim.rejectInvalid(request('delete_cluster', {}), [{ in: 'body', pointer: '/paras/cluster_id', message: "must have required property 'cluster_id'" }]);
    expect(envelopeOf(invalid!)).toMatchObject({ error_code: '70001', status: 'failed', error_info: expect.stringContaining('/paras/cluster_id') });
    expect(sim.rejectUnrouted(unrouted(undefined, '', { kind: 'no-path' })).status).toBe(404);
    const get = sim.rejectUnrouted({ ...unrouted(undefined, '', { kind: 'method-not-allowed', allowed: ['POST'] }), method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers?.allow).toBe('POST');
  });

  it('observed: GET answers HTTP 200 failed 70001; an unknown raft task is accepted, then fails', () => {
    const clock = new ManualClock();
    const sim = createKlustronSimulator({ profile: 'observed', clock, jobDurationMs: JOB_MS });
    const get = sim.rejectUnrouted({ ...unrouted(undefined, '', { kind: 'method-not-allowed', allowed: ['POST'] }), method: 'GET' });
    expect(get.status).toBe(200);
    expect(envelopeOf(get)).toMatchObject({ error_code: '70001', status: 'failed' });
    const body = { job_type: 'raft_mission', paras: { task_type: 'elect' } };
    const accepted = envelopeOf(sim.rejectUnrouted(unrouted(body, JSON.stringify(body))));
    expect(accepted.status).toBe('accept');
    clock.advance(JOB_MS);
    expect(envelopeOf(sim.handle(request('get_status', undefined, { job_id: accepted.job_id })))).toMatchObject({ status: 'failed', error_code: '70002' });
  });

  it('answers injected faults in its failed envelope with the requested status', () => {
    const res = createKlustronSimulator({ clock: new ManualClock() }).errorResponse(503, 'injected');
    expect(res.status).toBe(503);
    expect(envelopeOf(res)).toMatchObject({ error_code: '70001', error_info: 'injected', status: 'failed' });
  });
});

describe('klustron simulator: scenarios, reset and bounds', () => {
  it('describes each scenario and refuses unknown ones', () => {
    const sim = createKlustronSimulator();
    expect(Object.keys(sim.scenarios).sort()).toEqual(['jobs-fail', 'jobs-stuck', 'machines-offline', 'next-job-fails', 'seeded']);
    for (const description of Object.values(sim.scenarios)) expect(description.length).toBeGreaterThan(40);
    expect(() => sim.applyScenario('nope')).toThrow(/known: seeded/);
  });

  it('jobs-fail fails every later job; next-job-fails only the next one', () => {
    const client = new Client('documented');
    client.sim.applyScenario('next-job-fails');
    expect(client.run('create_machine', machine('10.0.0.1', 'storage', '50001-50100'))).toMatchObject({ status: 'failed', error_code: '70099' });
    expect(client.run('create_machine', machine('10.0.0.1', 'storage', '50001-50100')).status).toBe('done');
    client.sim.applyScenario('jobs-fail');
    for (const host of ['10.0.0.2', '10.0.0.3']) expect(client.run('create_machine', machine(host, 'storage', '50001-50100')).error_code).toBe('70099');
    expect(client.sim.stats().machines).toBe(1);
  });

  it('jobs-stuck keeps jobs ongoing forever', () => {
    const client = new Client('documented');
    client.sim.applyScenario('jobs-stuck');
    const accepted = client.emit('create_machine', machine('10.0.0.1', 'storage', '50001-50100'));
    client.clock.advance(24 * 3600 * 1000);
    expect(client.status(accepted.job_id!).status).toBe('ongoing');
  });

  it('seeded gives the documented world once; machines-offline takes its machines offline', () => {
    const client = new Client('documented');
    client.sim.applyScenario('seeded');
    expect(client.run('delete_cluster', { cluster_id: '1' }).status).toBe('done');
    client.sim.applyScenario('seeded'); // again: keeps the state
    expect(client.emit('get_cluster_detail', { cluster_name: 'cluster_1659333382_000001' }).status).toBe('failed');
    client.sim.reset();
    client.sim.applyScenario('seeded');
    client.sim.applyScenario('machines-offline');
    const detail = detailOf(client.emit('get_cluster_detail', { cluster_name: 'cluster_1659333382_000001' }));
    expect(detail.list_shard[0]!.list_node.map((n) => n.status)).toEqual(['offline', 'offline', 'offline']);
    expect(client.run('add_comps', { cluster_id: '1', comps: '1', computer_iplists: ['192.168.0.1'] }).error_code).toBe('70043');
  });

  it('reset forgets machines, clusters, jobs and scenarios', () => {
    const client = new Client('documented');
    client.sim.applyScenario('seeded');
    client.sim.applyScenario('jobs-fail');
    const accepted = client.emit('create_machine', machine('10.0.0.1', 'storage', '50001-50100'));
    client.sim.reset();
    expect(client.sim.stats()).toEqual({ jobs: 0, machines: 0, clusters: 0, instances: 0 });
    expect(client.status(accepted.job_id!).status).toBe('failed'); // unknown now
    expect(client.run('create_machine', machine('10.0.0.1', 'storage', '50001-50100')).status).toBe('done');
  });

  it('keeps at most maxJobs job records, forgetting the oldest finished ones', () => {
    const clock = new ManualClock();
    const sim = createKlustronSimulator({ clock, jobDurationMs: JOB_MS, maxJobs: 5 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(envelopeOf(sim.handle(request('manual_backup_cluster', { cluster_id: '-1' }))).job_id!);
      clock.advance(JOB_MS);
      sim.handle(request('get_meta_mode', {})); // lets the job finish
    }
    expect(sim.stats().jobs).toBe(5);
    expect(envelopeOf(sim.handle(request('get_status', undefined, { job_id: ids[0] }))).status).toBe('failed');
    expect(envelopeOf(sim.handle(request('get_status', undefined, { job_id: ids[19] }))).status).toBe('done');
  });
});

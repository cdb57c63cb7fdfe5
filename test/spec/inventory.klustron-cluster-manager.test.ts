import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, type IndexedOperation, type IndexedSpec, type IndexedVariant, type JsonSchema } from '../../src/spec/index.js';

/**
 * The jobs specs/sources/klustron-cluster-manager-api.txt describes, written from the document (its
 * section headings, "answer mode" lines, parameter tables and samples), not from the spec.
 * Where the document contradicts itself the entry follows the reading the spec records in
 * x-doc-quirks, noted in the comment.
 */
interface DocumentedJob {
  section: string;
  jobType: string;
  /** raft_mission tasks: paras.task_type. */
  task?: string;
  mode: 'sync' | 'async';
  /** The paras the table marks required ("Is it required? 1"). */
  requiredParas: string[];
}

const DOCUMENTED_JOBS: DocumentedJob[] = [
  { section: '0.2', jobType: 'get_status', mode: 'sync', requiredParas: [] }, // job_id is an envelope field
  { section: '1.1', jobType: 'create_machine', mode: 'async', requiredParas: ['hostaddr', 'machine_type', 'port_range', 'rack_id', 'datadir', 'logdir', 'wal_log_dir', 'comp_datadir', 'total_mem', 'total_cpu_cores'] },
  { section: '1.2', jobType: 'delete_machine', mode: 'async', requiredParas: ['hostaddr', 'machine_type'] },
  { section: '1.3', jobType: 'set_machine', mode: 'async', requiredParas: ['hostaddr', 'node_stats'] }, // table says delete_machine, sample set_machine
  // cpu_limit_node, storage_iplists and computer_iplists are marked required but absent/optional per sample and remarks.
  { section: '2.1', jobType: 'create_cluster', mode: 'async', requiredParas: ['nick_name', 'ha_mode', 'shards', 'nodes', 'comps', 'max_storage_size', 'max_connections', 'cpu_cores', 'innodb_size', 'rocksdb_block_cache_size_M', 'fullsync_level'] },
  { section: '2.2', jobType: 'add_shards', mode: 'async', requiredParas: ['cluster_id', 'shards', 'nodes', 'storage_iplists'] },
  { section: '2.3', jobType: 'delete_shard', mode: 'async', requiredParas: ['cluster_id', 'shard_id'] }, // table says delete_shards
  { section: '2.4', jobType: 'add_comps', mode: 'async', requiredParas: ['cluster_id', 'comps', 'computer_iplists'] },
  { section: '2.5', jobType: 'delete_comp', mode: 'async', requiredParas: ['cluster_id', 'comp_id'] }, // table says delete_shards
  { section: '2.6', jobType: 'add_nodes', mode: 'async', requiredParas: ['cluster_id', 'nodes', 'storage_iplists'] },
  { section: '2.7', jobType: 'delete_node', mode: 'async', requiredParas: ['cluster_id', 'hostaddr', 'port'] }, // table says delete_nodes
  // table says delete_nodes and lists the node fields flat; the sample nests them in rb_nodes.
  { section: '2.8', jobType: 'rebuild_node', mode: 'async', requiredParas: ['cluster_id', 'rb_nodes', 'allow_pull_from_master', 'allow_replica_delay'] },
  { section: '2.9', jobType: 'delete_cluster', mode: 'async', requiredParas: ['cluster_id'] },
  { section: '2.10', jobType: 'update_instance_cgroup', mode: 'async', requiredParas: ['ip', 'port', 'type', 'cpu_cores', 'cgroup_mode'] },
  // "synchronous interface", but the sample answers accept + job_id.
  { section: '3.1', jobType: 'manual_backup_cluster', mode: 'async', requiredParas: ['cluster_id'] },
  { section: '4.1', jobType: 'cluster_restore', mode: 'async', requiredParas: ['src_cluster_id', 'dst_cluster_id', 'restore_time'] },
  { section: '5.1', jobType: 'get_expand_table_list', mode: 'sync', requiredParas: ['cluster_id', 'shard_id', 'policy'] },
  { section: '5.2', jobType: 'expand_cluster', mode: 'async', requiredParas: ['cluster_id', 'src_shard_id', 'dst_shard_id', 'table_list'] },
  { section: '6.1', jobType: 'get_meta_mode', mode: 'sync', requiredParas: [] }, // table says get_meta_summary
  { section: '6.2', jobType: 'get_backup_storage', mode: 'sync', requiredParas: [] },
  { section: '6.3', jobType: 'get_machine_summary', mode: 'sync', requiredParas: [] },
  { section: '6.4', jobType: 'get_cluster_summary', mode: 'sync', requiredParas: [] }, // sample sends get_machine_summary
  { section: '6.5', jobType: 'get_cluster_detail', mode: 'sync', requiredParas: ['cluster_name'] },
  { section: '6.6', jobType: 'get_variable', mode: 'sync', requiredParas: ['hostaddr', 'port', 'variable'] },
  // table: src_cluster_id, dst_shard_id, distribution_tables; sample: dst_cluster_id, repartition_tables.
  { section: '7', jobType: 'repartition_tables', mode: 'async', requiredParas: ['src_cluster_id', 'dst_cluster_id', 'repartition_tables'] },
  { section: '8', jobType: 'logical_backup', mode: 'async', requiredParas: ['cluster_id', 'backup'] }, // table flat, sample nested
  { section: '9', jobType: 'logical_restore', mode: 'async', requiredParas: ['src_cluster_id', 'dst_cluster_id', 'db_table', 'restore_time'] },
  { section: '10', jobType: 'raft_mission', task: 'transfer_leader', mode: 'async', requiredParas: ['task_type', 'target_leader'] },
  { section: '11', jobType: 'raft_mission', task: 'add_peer', mode: 'async', requiredParas: ['task_type', 'peer'] },
  { section: '12', jobType: 'raft_mission', task: 'remove_peer', mode: 'async', requiredParas: ['task_type', 'peer'] },
];

/** Answer envelope fields of section 0.1's response table (job_id optional). */
const ANSWER_FIELDS = ['version', 'error_code', 'error_info', 'status'];

type SchemaObject = { [keyword: string]: unknown };

function matchConst(variant: IndexedVariant, pointer: string): unknown {
  return variant.match.find((m) => m.in === 'body' && m.pointer === pointer)?.const;
}

function findVariant(op: IndexedOperation, job: DocumentedJob): IndexedVariant | undefined {
  return op.variants.find(
    (v) => matchConst(v, '/job_type') === job.jobType && matchConst(v, '/paras/task_type') === job.task,
  );
}

function parasSchema(variant: IndexedVariant): SchemaObject | undefined {
  const schema = variant.requestSchema as SchemaObject | undefined;
  return (schema?.properties as Record<string, SchemaObject> | undefined)?.paras;
}

function jobName(job: DocumentedJob): string {
  return job.task ? `${job.jobType} ${job.task}` : job.jobType;
}

let spec: IndexedSpec;
let emit: IndexedOperation;

describe('klustron-cluster-manager inventory', () => {
  beforeAll(async () => {
    spec = await loadSpec('klustron-cluster-manager');
    emit = spec.operations.find((op) => op.method === 'post' && op.path === '/HttpService/Emit')!;
  });

  it('has POST /HttpService/Emit as its one operation, emit', () => {
    expect(emit).toBeDefined();
    expect(emit.operationId).toBe('emit');
    expect(spec.operations).toHaveLength(1);
  });

  it('serves the documented port 35001 on 127.0.0.1 first', () => {
    expect(spec.servers[0]?.url).toBe('http://127.0.0.1:35001');
  });

  for (const job of DOCUMENTED_JOBS) {
    describe(`${jobName(job)} (section ${job.section})`, () => {
      it('is a variant matched on its job_type (and task_type)', () => {
        expect(findVariant(emit, job), jobName(job)).toBeDefined();
      });

      it(`is ${job.mode}`, () => {
        const variant = findVariant(emit, job)!;
        expect(variant.mode).toBe(job.mode);
        if (job.mode === 'async') expect(variant.statusResponse?.examples.length).toBeGreaterThan(0);
        else expect(variant.statusResponse).toBeUndefined();
      });

      it('requires the paras its table requires', () => {
        const paras = parasSchema(findVariant(emit, job)!);
        if (job.requiredParas.length === 0) {
          expect((paras?.required as string[] | undefined) ?? []).toEqual([]);
          return;
        }
        expect([...((paras?.required as string[]) ?? [])].sort()).toEqual([...job.requiredParas].sort());
      });

      it('has a request example sending that job', () => {
        const variant = findVariant(emit, job)!;
        const bodies = variant.requestExamples.map((e) => e.body?.value as SchemaObject);
        expect(bodies.length).toBeGreaterThan(0);
        for (const body of bodies) {
          expect(body.job_type).toBe(job.jobType);
          if (job.task) expect((body.paras as SchemaObject).task_type).toBe(job.task);
        }
      });

      it('answers with the documented envelope', () => {
        const variant = findVariant(emit, job)!;
        const examples = variant.responses['200']?.examples ?? [];
        expect(examples.length).toBeGreaterThan(0);
        const first = examples[0]!.value as SchemaObject;
        for (const field of ANSWER_FIELDS) expect(first).toHaveProperty(field);
        expect(first.status).toBe(job.mode === 'async' ? 'accept' : job.jobType === 'get_status' ? 'ongoing' : 'done');
      });
    });
  }

  it('has nothing the document lacks', () => {
    const documented = new Set(DOCUMENTED_JOBS.map(jobName));
    const specified = emit.variants.map((v) => {
      const task = matchConst(v, '/paras/task_type');
      return task ? `${String(matchConst(v, '/job_type'))} ${String(task)}` : String(matchConst(v, '/job_type'));
    });
    expect(specified.filter((name) => !documented.has(name))).toEqual([]);
    expect(specified).toHaveLength(DOCUMENTED_JOBS.length);
  });

  it('keys every request oneOf branch by a job_type const (raft tasks also by task_type)', () => {
    const schema = emit.requestBody?.content[0]?.schema as SchemaObject;
    const branches = schema.oneOf as SchemaObject[];
    expect(branches).toHaveLength(DOCUMENTED_JOBS.length);
    const keys = branches.map((branch) => {
      const props = branch.properties as Record<string, SchemaObject>;
      const task = ((props.paras?.properties as Record<string, SchemaObject> | undefined)?.task_type)?.const;
      return `${String(props.job_type?.const)}${task ? ` ${String(task)}` : ''}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('writes numeric paras as digit strings', () => {
    const createCluster = parasSchema(findVariant(emit, DOCUMENTED_JOBS.find((j) => j.jobType === 'create_cluster')!)!)!;
    const props = createCluster.properties as Record<string, SchemaObject>;
    for (const name of ['shards', 'nodes', 'comps', 'max_connections', 'innodb_size']) {
      expect(props[name]?.type, name).toBe('string');
      expect(props[name]?.pattern, name).toBe('^[0-9]+$');
    }
    expect(props.ha_mode?.enum).toEqual(expect.arrayContaining(['mgr', 'rbr']));
  });

  it('records the observed deviations the brief lists', () => {
    const ids = new Set([...emit.observed, ...emit.variants.flatMap((v) => v.observed)].map((o) => o.id));
    for (const id of ['kl-always-200', 'kl-envelope', 'kl-reject', 'kl-async-accept', 'kl-status-values', 'kl-unknown-job', 'kl-status-ids-empty', 'kl-job-types', 'kl-digit-strings', 'kl-ports']) {
      expect(ids, id).toContain(id);
    }
  });

  it('records the job_type contradictions of the document as doc quirks', () => {
    const quirks = [...emit.docQuirks, ...emit.variants.flatMap((v) => v.docQuirks)];
    const says = quirks.map((q) => q.says).join('\n');
    for (const phrase of ['delete_machine', 'delete_shards', 'delete_nodes', 'get_meta_summary', 'get_machine_summary', 'best']) {
      expect(says, phrase).toContain(phrase);
    }
    expect(new Set(quirks.map((q) => q.id)).size).toBe(quirks.length);
  });

  it('types the async accept, done and failed envelopes', () => {
    const schemas = spec.document.components?.schemas as Record<string, JsonSchema & SchemaObject>;
    const accept = schemas.KlAccept!;
    expect(accept.required).toEqual(expect.arrayContaining(['version', 'error_code', 'error_info', 'status', 'job_id', 'attachment']));
    expect((accept.properties as Record<string, SchemaObject>).status?.const).toBe('accept');
    expect((schemas.KlDone!.properties as Record<string, SchemaObject>).status?.const).toBe('done');
    expect((schemas.KlFailed!.properties as Record<string, SchemaObject>).status?.const).toBe('failed');
  });
});

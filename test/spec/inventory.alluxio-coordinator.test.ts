import { describe, expect, test } from 'vitest';
import { loadSpec, routeRequest, type IndexedSpec } from '../../src/spec/index.js';
import { validateValue } from '../../src/validate/index.js';

/**
 * The operations specs/sources/alluxio-coordinator-rest-api.zh.txt describes, written from the document
 * (its section headings, methods, paths, parameters and listed response codes), not from the spec.
 * `query` is what tells the list and get forms of one path apart; `body` is a documented request
 * body where the method needs one to be routed.
 */
interface DocumentedOperation {
  heading: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  variant: string;
  query?: Record<string, string>;
  statuses: number[];
}

const JOB_ID = '54b88939-de49-46ef-acab-fe489f46d1a0';
const WORKER_ID = 'worker-587899dd-5da5-45d4-af40-ce481acc4087';

const DOCUMENTED: DocumentedOperation[] = [
  // 分布式加载
  { heading: '列出所有加载作业', method: 'GET', path: '/api/v1/load', variant: 'list', statuses: [200, 500] },
  { heading: '获取加载作业进度', method: 'GET', path: '/api/v1/load', variant: 'get', query: { id: JOB_ID }, statuses: [200, 404, 500] },
  { heading: '提交或恢复加载作业', method: 'POST', path: '/api/v1/load', variant: 'default', statuses: [200, 400, 409, 500] },
  { heading: '停止加载作业', method: 'DELETE', path: '/api/v1/load', variant: 'default', statuses: [200, 400, 410, 500] },
  // 清理缓存 (Free Cache)
  { heading: '列出所有清理缓存的作业', method: 'GET', path: '/api/v1/free', variant: 'list', statuses: [200, 500] },
  { heading: '获取清理缓存作业进度', method: 'GET', path: '/api/v1/free', variant: 'get', query: { id: JOB_ID }, statuses: [200, 404, 500] },
  { heading: '提交或恢复清理缓存作业', method: 'POST', path: '/api/v1/free', variant: 'default', statuses: [200, 400, 409, 500] },
  { heading: '停止清理缓存作业', method: 'DELETE', path: '/api/v1/free', variant: 'default', statuses: [200, 400, 410, 500] },
  // 重平衡 (Rebalance)
  { heading: '列出所有重平衡作业', method: 'GET', path: '/api/v1/rebalance', variant: 'list', statuses: [200, 500] },
  { heading: '获取重平衡作业进度 (id)', method: 'GET', path: '/api/v1/rebalance', variant: 'get', query: { id: JOB_ID }, statuses: [200, 404, 500] },
  { heading: '获取重平衡作业进度 (target)', method: 'GET', path: '/api/v1/rebalance', variant: 'get_by_target', query: { target: 'ALL' }, statuses: [200, 404, 500] },
  { heading: '提交或恢复重平衡作业', method: 'POST', path: '/api/v1/rebalance', variant: 'default', statuses: [200, 400, 409, 500] },
  { heading: '停止重平衡作业', method: 'DELETE', path: '/api/v1/rebalance', variant: 'default', statuses: [200, 400, 410, 500] },
  // 清理过期缓存 (Clear Stale Cache)
  { heading: '开始清理过期缓存', method: 'POST', path: '/api/v1/cache', variant: 'default', statuses: [200, 400, 500, 501] },
  { heading: '停止清理过期缓存', method: 'DELETE', path: '/api/v1/cache', variant: 'default', statuses: [200, 400, 500, 501] },
  // 挂载表
  { heading: '列出挂载点', method: 'GET', path: '/api/v1/mount', variant: 'list', statuses: [200, 500] },
  { heading: '获取挂载点信息', method: 'GET', path: '/api/v1/mount', variant: 'get', query: { path: '/data/' }, statuses: [200, 404, 500] },
  { heading: '创建挂载点', method: 'POST', path: '/api/v1/mount', variant: 'default', statuses: [200, 400, 409, 500, 501] },
  { heading: '删除挂载点', method: 'DELETE', path: '/api/v1/mount', variant: 'default', statuses: [200, 400, 410, 500, 501] },
  // 配额
  { heading: '列出所有配额状态', method: 'GET', path: '/api/v1/quota', variant: 'list', statuses: [200, 500, 501] },
  { heading: '获取配额状态', method: 'GET', path: '/api/v1/quota', variant: 'get', query: { path: '/data/dir/to/path' }, statuses: [200, 404, 500, 501] },
  { heading: '添加或更新配额', method: 'POST', path: '/api/v1/quota', variant: 'default', statuses: [200, 400, 500, 501] },
  { heading: '删除配额', method: 'DELETE', path: '/api/v1/quota', variant: 'default', statuses: [200, 400, 500, 501] },
  // TTL
  { heading: '列出所有 TTL 策略', method: 'GET', path: '/api/v1/ttl', variant: 'list', statuses: [200, 500, 501] },
  { heading: '获取 TTL 策略', method: 'GET', path: '/api/v1/ttl', variant: 'get', query: { path: '/data/dir/to/path' }, statuses: [200, 404, 500, 501] },
  { heading: '添加或更新 TTL 策略', method: 'POST', path: '/api/v1/ttl', variant: 'default', statuses: [200, 400, 500, 501] },
  { heading: '删除 TTL 策略', method: 'DELETE', path: '/api/v1/ttl', variant: 'default', statuses: [200, 400, 500, 501] },
  // 优先级驱逐
  { heading: '列出所有优先级驱逐策略', method: 'GET', path: '/api/v1/priority', variant: 'list', statuses: [200, 500, 501] },
  { heading: '获取优先级驱逐策略', method: 'GET', path: '/api/v1/priority', variant: 'get', query: { path: '/data/dir/to/path' }, statuses: [200, 404, 500, 501] },
  { heading: '添加或更新优先级驱逐策略', method: 'POST', path: '/api/v1/priority', variant: 'default', statuses: [200, 400, 500, 501] },
  { heading: '删除优先级驱逐策略', method: 'DELETE', path: '/api/v1/priority', variant: 'default', statuses: [200, 400, 500, 501] },
  // 节点管理
  { heading: '列出所有节点', method: 'GET', path: '/api/v1/nodes', variant: 'list', statuses: [200, 500] },
  { heading: '查询节点信息', method: 'GET', path: '/api/v1/nodes', variant: 'get', query: { id: WORKER_ID }, statuses: [200, 404, 500] },
  { heading: '注销节点', method: 'DELETE', path: '/api/v1/nodes', variant: 'default', query: { id: WORKER_ID }, statuses: [200, 404, 500] },
  // 全局文件索引
  { heading: '列出所有节点 (file index)', method: 'GET', path: '/api/v1/file_index', variant: 'default', statuses: [200, 500] },
  { heading: '将文件添加到全局索引', method: 'POST', path: '/api/v1/file_index', variant: 'default', statuses: [200, 404, 500] },
  { heading: '将文件从全局文件索引中移除', method: 'DELETE', path: '/api/v1/file_index', variant: 'default', statuses: [200, 404, 500] },
];

const key = (method: string, path: string, variant: string) => `${method.toUpperCase()} ${path} ${variant}`;

describe('alluxio-coordinator spec inventory (from the document)', async () => {
  const spec = await loadSpec('alluxio-coordinator');

  test.each(DOCUMENTED.map((d) => [key(d.method, d.path, d.variant), d] as const))('%s is in the spec', (_name, documented) => {
    const routed = routeRequest(spec, {
      method: documented.method,
      path: documented.path,
      query: documented.query ?? {},
      headers: {},
      body: undefined,
    });
    expect('unrouted' in routed ? routed.unrouted : undefined, documented.heading).toBeUndefined();
    if ('unrouted' in routed) return;
    expect(routed.variant.name).toBe(documented.variant);
    const statuses = Object.keys(routed.variant.responses).map(Number).sort((a, b) => a - b);
    expect(statuses, `${documented.heading}: documented response codes`).toEqual([...documented.statuses].sort((a, b) => a - b));
    expect(routed.operation.operationId).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(['read', 'write', 'destructive']).toContain(routed.variant.safety);
    expect(routed.operation.tags.length).toBeGreaterThan(0);
  });

  test('the spec describes nothing the document lacks', () => {
    const inSpec = spec.operations.flatMap((op) => op.variants.map((v) => key(op.method, op.path, v.name)));
    const documented = DOCUMENTED.map((d) => key(d.method, d.path, d.variant));
    expect(inSpec.sort()).toEqual(documented.sort());
  });

  test('reads are safe and deletes are destructive', () => {
    for (const op of spec.operations) {
      for (const variant of op.variants) {
        if (op.method === 'get') expect(variant.safety, op.operationId).toBe('read');
        if (op.method === 'delete') expect(variant.safety, op.operationId).toBe('destructive');
      }
    }
  });

  test('rebalance progress takes at most one of id and target', () => {
    const both = routeRequest(spec, { method: 'GET', path: '/api/v1/rebalance', query: { id: JOB_ID, target: 'ALL' }, headers: {}, body: undefined });
    expect(both).toEqual({ unrouted: { kind: 'no-variant', operationId: 'query_rebalance_jobs' } });
  });

  test('records the document quirk of fact ax-doc-invalid-json, each with says/chosen/why', () => {
    const quirks = spec.operations.flatMap((op) => [...op.docQuirks, ...op.variants.flatMap((v) => v.docQuirks)]);
    const ids = quirks.map((q) => q.id);
    expect(new Set(ids).size, 'quirk ids are unique').toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['ax-load-progress-missing-comma', 'ax-rebalance-trailing-comma', 'ax-load-fileFilterRegex']));
    for (const quirk of quirks) {
      for (const field of [quirk.says, quirk.chosen, quirk.why]) expect(field, quirk.id).toMatch(/\S/);
    }
  });

  test('cites only ax-* observed-fact ids', () => {
    const known = ['ax-job-states', 'ax-doc-invalid-json', 'ax-versions', 'ax-port'];
    const cited = [...spec.observed, ...spec.operations.flatMap((op) => op.observed)].map((entry) => entry.id);
    expect(cited.filter((id) => !known.includes(id))).toEqual([]);
    expect(new Set(spec.observed.map((entry) => entry.id))).toEqual(new Set(['ax-port', 'ax-versions', 'ax-job-states']));
  });

  test('the local mock server on the document-less port comes first', () => {
    expect(spec.servers[0]?.url).toBe('http://127.0.0.1:19999');
  });
});

/** The document's request rules, checked against the request schemas the spec gives them. */
describe('alluxio-coordinator request rules (from the document)', async () => {
  const spec = await loadSpec('alluxio-coordinator');
  const accepts = (s: IndexedSpec, operationId: string, body: unknown) => {
    const schema = s.operationById.get(operationId)?.requestBody?.content[0]?.schema;
    if (schema === undefined) throw new Error(`${operationId} has no request schema`);
    return validateValue(schema, body).length === 0;
  };

  test.each(['submit_load_job', 'submit_free_job'])('%s: at most one of paths and index, and one of them', (operationId) => {
    expect(accepts(spec, operationId, { paths: ['s3://b/p'] })).toBe(true);
    expect(accepts(spec, operationId, { index: 's3://b/index.txt' })).toBe(true);
    expect(accepts(spec, operationId, { paths: ['s3://b/p'], index: 's3://b/index.txt' })).toBe(false);
    expect(accepts(spec, operationId, {})).toBe(false);
    // "empty values are omitted": an empty index beside paths counts as not given (the free sample).
    expect(accepts(spec, operationId, { paths: ['s3://b/p'], index: '' })).toBe(true);
    expect(accepts(spec, operationId, { paths: [], index: '' })).toBe(false);
  });

  test('load options are typed; the sample typo fileFilterRegx is an ignored unknown option', () => {
    expect(accepts(spec, 'submit_load_job', { paths: ['s3://b/p'], options: { fileFilterRegx: '' } })).toBe(true);
    expect(accepts(spec, 'submit_load_job', { paths: ['s3://b/p'], options: { fileFilterRegex: 7 } })).toBe(false);
    expect(accepts(spec, 'submit_load_job', { paths: ['s3://b/p'], options: { replicas: 'two' } })).toBe(false);
    expect(accepts(spec, 'submit_load_job', { paths: ['s3://b/p'], options: { sync: 'yes' } })).toBe(false);
  });

  test('rebalance needs a target that is a worker id or ALL; stopping takes exactly one of id and target', () => {
    expect(accepts(spec, 'submit_rebalance_job', { options: { skipPrune: true } })).toBe(false);
    expect(accepts(spec, 'submit_rebalance_job', { target: 'some-host' })).toBe(false);
    expect(accepts(spec, 'submit_rebalance_job', { target: 'worker-54b88939-de49-46ef-acab-fe489f46d1a0' })).toBe(true);
    expect(accepts(spec, 'stop_rebalance_job', { id: JOB_ID })).toBe(true);
    expect(accepts(spec, 'stop_rebalance_job', { target: 'ALL' })).toBe(true);
    expect(accepts(spec, 'stop_rebalance_job', { id: JOB_ID, target: 'ALL' })).toBe(false);
    expect(accepts(spec, 'stop_rebalance_job', {})).toBe(false);
  });

  test('path rules: Alluxio paths are absolute, priority is a known level, quota and TTL are integers', () => {
    expect(accepts(spec, 'set_priority_rule', { path: '/data', priority: 'high' })).toBe(true);
    expect(accepts(spec, 'set_priority_rule', { path: '/data', priority: 'urgent' })).toBe(false);
    expect(accepts(spec, 'set_quota', { path: 'data', quotaBytes: 1 })).toBe(false);
    expect(accepts(spec, 'set_quota', { path: '/data', quotaBytes: '10' })).toBe(false);
    expect(accepts(spec, 'set_ttl_policy', { path: '/data' })).toBe(false);
    expect(accepts(spec, 'create_mount_point', { path: '/data' })).toBe(false);
    expect(accepts(spec, 'delete_mount_point', {})).toBe(false);
  });

  test('an unknown cache op is not a validation error (it answers 501 OP not implemented)', () => {
    expect(accepts(spec, 'start_clear_stale_cache', { op: 'clear-all' })).toBe(true);
    expect(accepts(spec, 'start_clear_stale_cache', {})).toBe(false);
  });
});

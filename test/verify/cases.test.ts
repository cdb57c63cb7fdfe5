import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { buildCases, inspectRequest, type ContractCase, type RequestCase } from '../../src/verify/index.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

const ids = (cases: ContractCase[], prefix: string) => cases.filter((c) => c.id.startsWith(prefix)).map((c) => c.id);

describe('cases generated from the specs', () => {
  test('one positive case per documented request example of every variant', async () => {
    const spec = await loadSpec('klustron-cluster-manager');
    const cases = buildCases(spec, SCENARIOS[spec.api]);
    const emit = spec.operationById.get('emit')!;
    for (const variant of emit.variants) {
      for (const example of variant.requestExamples) expect(cases.filter((c) => c.id === `emit/${variant.name}/example/${example.key}`)).toHaveLength(1);
    }
  });

  test('every negative case is confirmed invalid as sent, and reaches the variant it was made from', async () => {
    for (const api of ['doris-fe', 'doris-meta-service', 'alluxio-coordinator', 'klustron-cluster-manager'] as const) {
      const spec = await loadSpec(api);
      const negatives = buildCases(spec, SCENARIOS[spec.api]).filter((c): c is RequestCase => c.kind === 'negative');
      expect(negatives.length).toBeGreaterThan(0);
      for (const c of negatives) {
        if (c.id.includes('/credentials:') || c.id.endsWith('/malformed-json')) continue;
        const inspected = inspectRequest(spec, c.request);
        expect('variant' in inspected && inspected.variant.name, c.id).toBe(c.variant);
        expect('problems' in inspected && inspected.problems.length > 0, c.id).toBe(true);
      }
    }
  });

  test('a mutation that turns valid on the wire is dropped: a string query parameter has no wrong-type case', async () => {
    const spec = await loadSpec('doris-meta-service');
    const cases = buildCases(spec, SCENARIOS[spec.api]);
    // instance_id is a string with a pattern: a number sent in a URL is text again, so only the pattern case remains.
    expect(ids(cases, 'get_instance/default/negative/')).toEqual(
      expect.arrayContaining(['get_instance/default/negative/pattern:instance_id', 'get_instance/default/negative/credentials:missing']),
    );
    expect(ids(cases, 'get_instance/default/negative/wrong-type:instance_id')).toEqual([]);
  });

  test('a negative case expects the documented rejection: Doris FE 400/401, Meta Service a failure envelope inside 200 or 403 for the token', async () => {
    const fe = buildCases(await loadSpec('doris-fe'), SCENARIOS['doris-fe']);
    const expectation = (cases: ContractCase[], id: string) => (cases.find((c) => c.id === id) as RequestCase | undefined)?.expectation;
    expect(expectation(fe, 'get_backends/default/negative/wrong-type:is_alive')).toMatchObject({ kind: 'rejected', statuses: [400] });
    expect(expectation(fe, 'get_backends/default/negative/credentials:missing')).toMatchObject({ kind: 'rejected', statuses: [401] });
    const ms = buildCases(await loadSpec('doris-meta-service'), SCENARIOS['doris-meta-service']);
    expect(expectation(ms, 'create_instance/hdfs/negative/missing-required:/instance_id')).toMatchObject({ kind: 'rejected', statuses: [] });
    expect(expectation(ms, 'create_instance/hdfs/negative/credentials:wrong')).toMatchObject({ kind: 'rejected', statuses: [403] });
  });

  test('credentials come from the security schemes: Basic for Doris FE, the token query parameter for the Meta Service', async () => {
    const fe = buildCases(await loadSpec('doris-fe'), SCENARIOS['doris-fe'], { user: 'admin', password: 'pw' });
    const feExample = fe.find((c) => c.kind === 'example') as RequestCase;
    expect(feExample.request.headers.authorization).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`);
    const ms = buildCases(await loadSpec('doris-meta-service'), SCENARIOS['doris-meta-service'], { token: 'T0KEN' });
    const msExample = ms.find((c) => c.id === 'get_instance/default/example/get_instance') as RequestCase | undefined;
    expect(msExample?.request.query.token).toBe('T0KEN');
    expect((ms.find((c) => c.id === 'get_instance/default/negative/credentials:missing') as RequestCase).request.query.token).toBeUndefined();
  });

  test('case ids are unique and stable', async () => {
    for (const api of ['doris-fe', 'doris-meta-service', 'alluxio-coordinator', 'klustron-cluster-manager'] as const) {
      const spec = await loadSpec(api);
      const first = buildCases(spec, SCENARIOS[spec.api]).map((c) => c.id);
      expect(new Set(first).size, api).toBe(first.length);
      expect(buildCases(spec, SCENARIOS[spec.api]).map((c) => c.id)).toEqual(first);
    }
  });
});

describe('scenarios are data handed to buildCases', () => {
  test('the scenarios given are the scenario cases, in their order; none given, none generated', async () => {
    const spec = await loadSpec('doris-meta-service');
    const shipped = SCENARIOS['doris-meta-service'];
    expect(shipped.length).toBeGreaterThan(0);
    const scenarioIds = (cases: ContractCase[]) => cases.filter((c) => c.kind === 'scenario').map((c) => c.id);
    expect(scenarioIds(buildCases(spec, shipped))).toEqual(shipped.map((s) => `${s.operationId}/scenario/${s.name}`));
    expect(scenarioIds(buildCases(spec, []))).toEqual([]);
    expect(buildCases(spec, []).length).toBe(buildCases(spec, shipped).length - shipped.length);
  });

  test("another API's scenarios are refused, naming them", async () => {
    const spec = await loadSpec('doris-fe');
    expect(() => buildCases(spec, SCENARIOS['alluxio-coordinator'])).toThrow(/alluxio-coordinator \(.+\) given for doris-fe/);
  });
});

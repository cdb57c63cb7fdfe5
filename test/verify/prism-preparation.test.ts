import { describe, expect, test } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { SCENARIOS } from '../../src/scenarios/index.js';
import {
  buildCases,
  inProcessTarget,
  prismCannotJudge,
  prismPreparation,
  resolveRunOptions,
  runCase,
  type ContractCase,
  type NegativeCase,
  type RequestCase,
  type Target,
} from '../../src/verify/index.js';
import type { ApiId } from '../../mocks/shared/types.js';

async function casesOf(api: ApiId): Promise<{ spec: Awaited<ReturnType<typeof loadSpec>>; cases: ContractCase[] }> {
  const spec = await loadSpec(api);
  return { spec, cases: buildCases(spec, SCENARIOS[api]) };
}

const requestCase = (cases: ContractCase[], id: string) => {
  const found = cases.find((c) => c.id === id);
  if (!found || found.kind === 'scenario') throw new Error(`no request case ${id}`);
  return found;
};

describe("Prism's preparation of a case (the Prism target's prepare hook)", () => {
  test('a documented request gets the Prefer header naming its variant’s lowest 2xx example, other headers kept', async () => {
    const { spec, cases } = await casesOf('klustron-cluster-manager');
    const prepare = prismPreparation(spec);
    // specs/klustron-cluster-manager.yaml: the emit operation's first 200 example is `accept`, but
    // the get_status variant documents its own answers, the first named `get_status`.
    const status = requestCase(cases, 'emit/get_status/example/get_status');
    expect(prepare(status)).toEqual({ request: { ...status.request, headers: { ...status.request.headers, prefer: 'code=200, example=get_status' } } });
    const create = requestCase(cases, 'emit/create_machine/example/create_machine');
    expect(prepare(create)).toMatchObject({ request: { headers: { prefer: 'code=200, example=accept' } } });

    const fe = await casesOf('doris-fe');
    const list = requestCase(fe.cases, 'get_backends/default/example/alive_only');
    // specs/doris-fe.yaml: get_backends' 200 example is `doc_example`; the Basic credentials stay.
    expect(prismPreparation(fe.spec)(list)).toMatchObject({ request: { headers: { prefer: 'code=200, example=doc_example', authorization: list.request.headers.authorization } } });
  });

  test('a negative case Prism can answer is sent exactly as generated (no Prefer: the answer must be the rejection)', async () => {
    const { spec, cases } = await casesOf('doris-fe');
    const c = requestCase(cases, 'get_backends/default/negative/wrong-type:is_alive');
    expect(prismPreparation(spec)(c)).toEqual({ request: c.request });
  });

  test('what Prism cannot judge is read from the structured negative kind, not from the case id', async () => {
    const { spec, cases } = await casesOf('doris-fe');
    const prepare = prismPreparation(spec);
    const base = requestCase(cases, 'get_backends/default/negative/wrong-type:is_alive') as NegativeCase;
    const renamed = (negative: NegativeCase['negative'], statuses: number[]): RequestCase => ({
      ...base,
      id: 'get_backends/default/negative/renamed',
      negative,
      expectation: { kind: 'rejected', statuses, why: 'test' },
    });
    expect(prepare(renamed({ kind: 'wrong-credentials' }, [401]))).toEqual({ skip: 'Prism checks that credentials are present, not that they are right' });
    expect(prepare(renamed({ kind: 'malformed-json' }, [400]))).toEqual({ skip: 'Prism answers an unparseable body with its own error document' });
    // Prism answers missing credentials with 401: judged where the spec documents 401, skipped where it documents 403.
    expect(prepare(renamed({ kind: 'missing-credentials' }, [401]))).toEqual({ request: base.request });
    expect(prepare(renamed({ kind: 'missing-credentials' }, [403]))).toEqual({ skip: 'Prism answers missing credentials with 401; the spec documents 403' });
    expect(prepare(renamed({ kind: 'pattern', at: 'is_alive' }, []))).toMatchObject({ skip: expect.stringContaining('failure envelope inside a 2xx answer') });
    expect(prepare(renamed({ kind: 'enum', at: 'is_alive' }, [404]))).toMatchObject({ skip: expect.stringContaining('the spec documents 404') });
  });

  test('every generated negative case carries the kind its id names', async () => {
    const idDetail: Record<NegativeCase['negative']['kind'], RegExp> = {
      'missing-required': /\/missing-required:.+$/,
      'wrong-type': /\/wrong-type:.+$/,
      pattern: /\/pattern:.+$/,
      enum: /\/enum:.+$/,
      'malformed-json': /\/malformed-json$/,
      'missing-credentials': /\/credentials:missing$/,
      'wrong-credentials': /\/credentials:wrong$/,
    };
    for (const api of ['doris-fe', 'doris-meta-service', 'alluxio-coordinator', 'klustron-cluster-manager'] as const) {
      const { cases } = await casesOf(api);
      for (const c of cases.filter((x): x is NegativeCase => x.kind === 'negative')) {
        expect(c.id, c.id).toMatch(idDetail[c.negative.kind]);
        if ('at' in c.negative) expect(c.id.endsWith(`:${c.negative.at}`), c.id).toBe(true);
      }
    }
  });

  test('scenarios and documented requests are never ruled out by Prism itself (statelessness skips scenarios)', async () => {
    const { cases } = await casesOf('doris-meta-service');
    expect(cases.filter((c) => c.kind !== 'negative').map(prismCannotJudge).filter(Boolean)).toEqual([]);
  });
});

describe("the run honours a target's prepare hook", () => {
  test('the prepared request is what is sent; a skip is the case verdict with its reason', async () => {
    const { spec, cases } = await casesOf('doris-fe');
    const inner = await inProcessTarget('doris-fe');
    const sent: Array<Record<string, string>> = [];
    const target: Target = {
      ...inner,
      send: (request, limits) => {
        sent.push(request.headers);
        return inner.send(request, limits);
      },
      prepare: (c) => (c.kind === 'negative' ? { skip: 'this target cannot judge rejections' } : { request: { ...c.request, headers: { ...c.request.headers, 'x-prepared': c.id } } }),
    };
    const options = resolveRunOptions();
    const example = requestCase(cases, 'get_backends/default/example/alive_only');
    expect((await runCase(spec, example, target, options)).verdict).toBe('pass');
    expect(sent.map((h) => h['x-prepared']).filter(Boolean)).toEqual([example.id]);
    const negative = await runCase(spec, requestCase(cases, 'get_backends/default/negative/wrong-type:is_alive'), target, options);
    expect(negative).toMatchObject({ verdict: 'skip', reason: 'this target cannot judge rejections', checks: [] });
  });
});

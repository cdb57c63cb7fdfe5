import { describe, expect, test } from 'vitest';
import { createSimulator } from '../../mocks/index.js';
import type { SimRequest, SimResponse, Simulator } from '../../mocks/shared/types.js';
import { loadSpec } from '../../src/spec/load.js';
import { startMockServer } from '../../src/serve/http.js';
import { buildCases, inProcessTarget, resolveRunOptions, runCase, urlTarget, type CaseResult, type CheckResult } from '../../src/verify/index.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

/**
 * The real Doris FE simulator with one defect: its answers to valid requests and/or to invalid
 * ones pass through `breakValid` / `breakInvalid`. Served through the same dispatch as always.
 */
function brokenDorisFe(defect: { breakValid?: (response: SimResponse) => SimResponse; breakInvalid?: (response: SimResponse) => SimResponse }): Simulator {
  const real = createSimulator('doris-fe');
  return {
    api: real.api,
    profile: real.profile,
    scenarios: real.scenarios,
    handle: (req: SimRequest) => (defect.breakValid ?? ((r) => r))(real.handle(req)),
    rejectInvalid: (req, problems) => {
      const rejection = real.rejectInvalid(req, problems);
      return rejection && (defect.breakInvalid ?? ((r) => r))(rejection);
    },
    rejectUnrouted: (req) => real.rejectUnrouted(req),
    errorResponse: (status, message) => real.errorResponse(status, message),
    applyScenario: (name) => real.applyScenario(name),
    reset: () => real.reset(),
  };
}

interface Envelope {
  msg: string;
  code: number;
  data: { backends: Array<Record<string, unknown>> };
  count: number;
}

function editBody(response: SimResponse, edit: (body: Envelope) => void): SimResponse {
  const body = structuredClone(response.body) as Envelope;
  edit(body);
  return { ...response, body };
}

async function runFeCase(simulator: Simulator, caseId: string): Promise<CaseResult> {
  const spec = await loadSpec('doris-fe');
  const options = resolveRunOptions();
  const c = buildCases(spec, SCENARIOS[spec.api], options.credentials).find((x) => x.id === caseId);
  if (!c) throw new Error(`no case ${caseId}`);
  return runCase(spec, c, await inProcessTarget('doris-fe', { simulator }), options);
}

const DOCUMENTED_REQUEST = 'get_backends/default/example/alive_only';

function failedCheck(result: CaseResult, name: CheckResult['name']): CheckResult {
  expect(result.verdict).toBe('fail');
  const check = result.checks.find((c) => c.name === name && c.status === 'fail');
  expect(check, `${name} should fail; failing: ${result.checks.filter((c) => c.status === 'fail').map((c) => c.name)}`).toBeDefined();
  return check!;
}

/** Every failure message ends with a curl line for the request, the Basic credential redacted. */
function expectReproducibleAndRedacted(check: CheckResult): void {
  expect(check.message).toContain("reproduce: curl -sS -i -X GET 'http://127.0.0.1:8030/api/backends?is_alive=true'");
  expect(check.message).toContain("-H 'authorization: ***'");
  expect(check.curl).not.toMatch(/Basic /);
}

describe('the checks catch a deliberately broken simulator', () => {
  test('control: the unbroken simulator passes the same case', async () => {
    const result = await runFeCase(brokenDorisFe({}), DOCUMENTED_REQUEST);
    expect(result.verdict, JSON.stringify(result.checks, null, 2)).toBe('pass');
  });

  test('a missing required field fails response_schema_conformance at its pointer', async () => {
    const simulator = brokenDorisFe({ breakValid: (r) => editBody(r, (b) => delete b.data.backends[0]!.http_port) });
    const check = failedCheck(await runFeCase(simulator, DOCUMENTED_REQUEST), 'response_schema_conformance');
    expect(check.pointer).toBe('/data/backends/0/http_port');
    expect(check.message).toMatch(/required property 'http_port'/);
    expectReproducibleAndRedacted(check);
  });

  test('a wrong type fails response_schema_conformance with expected and actual', async () => {
    const simulator = brokenDorisFe({ breakValid: (r) => editBody(r, (b) => (b.data.backends[0]!.http_port = '8040')) });
    const check = failedCheck(await runFeCase(simulator, DOCUMENTED_REQUEST), 'response_schema_conformance');
    expect(check).toMatchObject({ pointer: '/data/backends/0/http_port', expected: 'integer', actual: '8040' });
    expect(check.message).toContain('expected: "integer"');
    expect(check.message).toContain('actual:   "8040"');
    expectReproducibleAndRedacted(check);
  });

  test('a wrong content type fails content_type_conformance', async () => {
    const simulator = brokenDorisFe({ breakValid: (r) => ({ ...r, headers: { ...r.headers, 'content-type': 'text/html' } }) });
    const check = failedCheck(await runFeCase(simulator, DOCUMENTED_REQUEST), 'content_type_conformance');
    expect(check).toMatchObject({ pointer: 'header:content-type', expected: ['application/json'], actual: 'text/html' });
    expectReproducibleAndRedacted(check);
  });

  test('an undocumented status fails status_code_conformance listing the documented ones', async () => {
    const simulator = brokenDorisFe({ breakValid: (r) => ({ ...r, status: 202 }) });
    const check = failedCheck(await runFeCase(simulator, DOCUMENTED_REQUEST), 'status_code_conformance');
    expect(check).toMatchObject({ pointer: 'status', expected: ['200', '400', '401', '500'], actual: 202 });
    expectReproducibleAndRedacted(check);
  });

  test('a success status carrying an error code fails envelope_conformance at /code', async () => {
    const simulator = brokenDorisFe({ breakValid: (r) => editBody(r, (b) => ((b.code = 1), (b.msg = 'common error'))) });
    const check = failedCheck(await runFeCase(simulator, DOCUMENTED_REQUEST), 'envelope_conformance');
    expect(check).toMatchObject({ pointer: '/code', expected: 0, actual: 1 });
    expectReproducibleAndRedacted(check);
  });

  test('a wrong rejection status (401 for a bad parameter, where 400 is documented) fails negative_data_rejection', async () => {
    const simulator = brokenDorisFe({
      breakInvalid: () => ({ status: 401, body: { msg: 'Unauthorized', code: 401, data: 'Need auth information.', count: 0 } }),
    });
    const result = await runFeCase(simulator, 'get_backends/default/negative/wrong-type:is_alive');
    const check = failedCheck(result, 'negative_data_rejection');
    expect(check).toMatchObject({ pointer: 'status', expected: [400], actual: 401 });
    expect(check.message).toMatch(/reproduce: curl .*is_alive=/);
  });

  test('accepting a bad is_alive like a real FE is the known deviation fe-is-alive-filter; --strict makes it a failure', async () => {
    const acceptAll = brokenDorisFe({
      breakInvalid: () => ({ status: 200, body: { msg: 'success', code: 0, data: { backends: [{ ip: '10.0.0.1', http_port: 8040, is_alive: false }] }, count: 0 } }),
    });
    const spec = await loadSpec('doris-fe');
    const c = buildCases(spec, SCENARIOS[spec.api]).find((x) => x.id === 'get_backends/default/negative/wrong-type:is_alive')!;
    const target = await inProcessTarget('doris-fe', { simulator: acceptAll });
    const lenient = await runCase(spec, c, target, resolveRunOptions());
    expect(lenient).toMatchObject({ verdict: 'known-deviation', knownDeviations: ['fe-is-alive-filter'] });
    expect(lenient.checks.find((x) => x.name === 'negative_data_rejection')).toMatchObject({ status: 'fail', knownDeviation: 'fe-is-alive-filter' });
    const strict = await runCase(spec, c, target, resolveRunOptions({ strict: true }));
    expect(strict.verdict).toBe('fail');
  });

  test('a server error fails not_a_server_error', async () => {
    const simulator = brokenDorisFe({ breakValid: () => ({ status: 503, body: 'upstream down' }) });
    const result = await runFeCase(simulator, DOCUMENTED_REQUEST);
    expect(failedCheck(result, 'not_a_server_error')).toMatchObject({ actual: 503 });
    expect(failedCheck(result, 'status_code_conformance')).toMatchObject({ actual: 503 });
  });

  test('Klustron: an accepted job carrying an error code fails envelope_conformance at /status', async () => {
    const real = createSimulator('klustron-cluster-manager');
    const broken: Simulator = {
      api: real.api,
      profile: real.profile,
      scenarios: real.scenarios,
      handle: (req) => {
        const response = real.handle(req);
        const body = response.body as Record<string, unknown>;
        return body.status === 'accept' ? { ...response, body: { ...body, error_code: '70001' } } : response;
      },
      rejectInvalid: (req, problems) => real.rejectInvalid(req, problems),
      rejectUnrouted: (req) => real.rejectUnrouted(req),
      errorResponse: (status, message) => real.errorResponse(status, message),
      applyScenario: (name) => real.applyScenario(name),
      reset: () => real.reset(),
    };
    const spec = await loadSpec('klustron-cluster-manager');
    const options = resolveRunOptions();
    const c = buildCases(spec, SCENARIOS[spec.api], options.credentials).find((x) => x.id === 'emit/create_machine/example/create_machine')!;
    const result = await runCase(spec, c, await inProcessTarget('klustron-cluster-manager', { simulator: broken }), options);
    const check = failedCheck(result, 'envelope_conformance');
    expect(check).toMatchObject({ pointer: '/status', expected: 'failed', actual: 'accept' });
    expect(check.message).toContain("reproduce: curl -sS -i -X POST 'http://127.0.0.1:35001/HttpService/Emit'");
  });

  test('a slow answer fails max_response_time with the time it took', async () => {
    const server = await startMockServer({ api: 'doris-fe', port: 0, faults: { latencyMs: 300 } });
    try {
      const spec = await loadSpec('doris-fe');
      const options = resolveRunOptions({ maxResponseTimeMs: 100 });
      const c = buildCases(spec, SCENARIOS[spec.api], options.credentials).find((x) => x.id === DOCUMENTED_REQUEST)!;
      const result = await runCase(spec, c, urlTarget(server.url), options);
      const check = failedCheck(result, 'max_response_time');
      expect(check.expected).toBe('<= 100 ms');
      expect(check.message).toMatch(/the answer took \d{3,} ms/);
    } finally {
      await server.close();
    }
  });
});

import { beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../mocks/shared/clock.js';
import { createDispatcher, type DispatchOutcome, type NeutralRequest } from '../../src/serve/dispatch.js';
import type { Simulator } from '../../mocks/shared/types.js';
import type { IndexedSpec } from '../../src/spec/types.js';
import { FakeSimulator, loadFakeSpec } from './fixtures/fake-simulator.js';

let spec: IndexedSpec;
beforeAll(async () => {
  spec = await loadFakeSpec();
});

function setup(options: { lenient?: boolean; withClock?: boolean } = {}) {
  const clock = new ManualClock();
  const simulator = new FakeSimulator('documented', options.lenient ?? false, clock);
  const dispatcher = createDispatcher({ spec, simulator, clock: options.withClock === false ? undefined : clock });
  return { simulator, clock, dispatcher };
}

function request(method: string, url: string, body: Buffer | string = '', headers: Record<string, string> = {}): NeutralRequest {
  return { method, url, headers, rawBody: body };
}

/** The answer of a `respond` outcome, its body parsed when JSON. */
function answer(outcome: DispatchOutcome) {
  if (outcome.kind !== 'respond') throw new Error(`expected a response, got ${outcome.kind}`);
  const { status, headers, body } = outcome.response;
  const json = headers['content-type']?.startsWith('application/json') && body !== undefined;
  return { status, headers, body: json ? JSON.parse(body) : body, delayMs: outcome.delayMs };
}

describe('routing and validation', () => {
  test('a valid request reaches handle with operation, variant, query and parsed body', () => {
    const { dispatcher, simulator } = setup();
    const res = answer(dispatcher.dispatch(request('GET', '/api/items?limit=5&verbose=true&limit=9')));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(simulator.handled).toHaveLength(1);
    const handled = simulator.handled[0]!;
    expect(handled).toMatchObject({ operationId: 'list_items', variant: 'default', method: 'GET', path: '/api/items' });
    // A repeated name keeps its first value.
    expect(handled.query).toEqual({ limit: '5', verbose: 'true' });
  });

  test('query values are percent- and plus-decoded; a malformed escape is kept as sent', () => {
    const { dispatcher, simulator } = setup();
    dispatcher.dispatch(request('GET', '/api/items?name=a+b%2Fc&odd=%zz&flag'));
    expect(simulator.handled[0]!.query).toEqual({ name: 'a b/c', odd: '%zz', flag: '' });
  });

  test('the body variant is chosen by its match conditions', () => {
    const { dispatcher, simulator } = setup();
    answer(dispatcher.dispatch(request('POST', '/api/jobs', JSON.stringify({ kind: 'stop', id: '12' }))));
    expect(simulator.handled[0]).toMatchObject({ operationId: 'submit_job', variant: 'stop', body: { kind: 'stop', id: '12' } });
  });

  test('an x-alias-of operation reaches the simulator under its canonical operationId', () => {
    const { dispatcher, simulator } = setup();
    const res = answer(dispatcher.dispatch(request('POST', '/api/v1/jobs', JSON.stringify({ kind: 'start', path: '/x' }))));
    expect(res.status).toBe(200);
    expect(simulator.handled[0]).toMatchObject({ operationId: 'submit_job', variant: 'start', path: '/api/v1/jobs' });
  });

  test('a schema violation goes to rejectInvalid with the problems, not to handle', () => {
    const { dispatcher, simulator } = setup();
    const res = answer(dispatcher.dispatch(request('POST', '/api/jobs', JSON.stringify({ kind: 'stop', id: 'abc' }))));
    expect(res.status).toBe(400);
    expect(res.body.fakeError).toBe('invalid');
    expect(simulator.handled).toHaveLength(0);
    expect(simulator.rejected[0]!.request).toMatchObject({ operationId: 'submit_job', variant: 'stop' });
    expect(simulator.rejected[0]!.problems).toEqual([expect.objectContaining({ in: 'body', pointer: '/id' })]);
  });

  test('a query parameter of the wrong type is rejected', () => {
    const { dispatcher, simulator } = setup();
    expect(answer(dispatcher.dispatch(request('GET', '/api/items?limit=many'))).status).toBe(400);
    expect(simulator.rejected[0]!.problems[0]).toMatchObject({ in: 'query', pointer: 'limit' });
  });

  test('a lenient profile (rejectInvalid → undefined) goes on to handle', () => {
    const { dispatcher, simulator } = setup({ lenient: true });
    const res = answer(dispatcher.dispatch(request('POST', '/api/jobs', JSON.stringify({ kind: 'stop', id: 'abc', extra: 1 }))));
    expect(res.status).toBe(200);
    expect(simulator.rejected).toHaveLength(1);
    expect(simulator.handled).toHaveLength(1);
  });

  test.each([
    ['an unknown path', 'GET', '/api/nothing', '', { kind: 'no-path' }],
    ['a wrong method', 'DELETE', '/api/items', '', { kind: 'method-not-allowed', allowed: ['GET'] }],
    ['a body no variant matches', 'POST', '/api/jobs', '{"kind":"pause"}', { kind: 'no-variant', operationId: 'submit_job' }],
    ['a malformed escape in a path parameter', 'GET', '/api/items/%E0%A4%A', '', { kind: 'no-path' }],
  ])('%s goes to rejectUnrouted with the reason', (_name, method, url, body, reason) => {
    const { dispatcher, simulator } = setup();
    const res = answer(dispatcher.dispatch(request(method, url, body)));
    expect(res.status).toBe(404);
    expect(simulator.unrouted[0]!.reason).toEqual(reason);
    expect(simulator.handled).toHaveLength(0);
  });

  test('a templated path routes with its parameter in the path', () => {
    const { dispatcher, simulator } = setup();
    answer(dispatcher.dispatch(request('GET', '/api/items/a%20b')));
    expect(simulator.handled[0]).toMatchObject({ operationId: 'get_item', path: '/api/items/a%20b' });
  });

  test('an absolute-form URL is reduced to its path', () => {
    const { dispatcher, simulator } = setup();
    answer(dispatcher.dispatch(request('GET', 'http://127.0.0.1:8030/api/items?limit=2')));
    expect(simulator.handled[0]).toMatchObject({ path: '/api/items', query: { limit: '2' } });
  });
});

describe('body decoding never throws and ends in the API\'s own client error', () => {
  const cases: [string, Buffer | string, string][] = [
    ['malformed JSON', '{"name": "a", ', 'request body is not valid JSON'],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), 'request body is not valid UTF-8'],
    ['NUL bytes', Buffer.from('{"name":"a"}\u0000', 'utf8'), 'request body contains NUL bytes'],
  ];
  test.each(cases)('%s goes to rejectInvalid with a body problem', (_name, body, message) => {
    const { dispatcher, simulator } = setup();
    const res = answer(dispatcher.dispatch(request('PUT', '/api/items/a', body)));
    expect(res.status).toBe(400);
    expect(res.body.fakeError).toBe('invalid');
    expect(simulator.rejected[0]!.request).toMatchObject({ operationId: 'put_item' });
    expect(simulator.rejected[0]!.problems).toContainEqual({ in: 'body', pointer: '', message });
    expect(simulator.handled).toHaveLength(0);
  });

  test('invalid UTF-8 reaches the simulator as text with the bad sequence replaced', () => {
    const { dispatcher, simulator } = setup();
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    answer(dispatcher.dispatch(request('PUT', '/api/items/a', bytes)));
    expect(simulator.rejected[0]!.request.rawBody).toBe('{"name":"\ufffd("}');
  });

  test('a malformed body where the variant depends on the body is unrouted (no variant matches)', () => {
    const { dispatcher, simulator } = setup();
    expect(answer(dispatcher.dispatch(request('POST', '/api/jobs', '{"kind": "start", '))).status).toBe(404);
    expect(simulator.unrouted[0]).toMatchObject({ reason: { kind: 'no-variant', operationId: 'submit_job' }, body: '{"kind": "start", ' });
  });

  test.each(['[1,2]', '42', '"text"', 'null', 'true'])('a JSON root that is not an object (%s) is a schema problem', (root) => {
    const { dispatcher, simulator } = setup();
    expect(answer(dispatcher.dispatch(request('PUT', '/api/items/a', root))).status).toBe(400);
    expect(simulator.rejected[0]!.problems[0]).toMatchObject({ in: 'body', pointer: '' });
  });

  test('bad bytes in a body the operation does not read are ignored', () => {
    const { dispatcher, simulator } = setup();
    expect(answer(dispatcher.dispatch(request('GET', '/api/items', Buffer.from([0xff, 0x00])))).status).toBe(200);
    expect(simulator.handled).toHaveLength(1);
  });

  test('JSON is parsed whatever the Content-Type', () => {
    const { dispatcher, simulator } = setup();
    answer(dispatcher.dispatch(request('POST', '/api/jobs', '{"kind":"start","path":"/p"}', { 'content-type': 'text/plain' })));
    expect(simulator.handled[0]!.body).toEqual({ kind: 'start', path: '/p' });
  });

  test('a text body is validated as text against a string schema', () => {
    const { dispatcher, simulator } = setup();
    const ok = answer(dispatcher.dispatch(request('POST', '/api/text', 'key=1')));
    expect(ok).toMatchObject({ status: 200, body: 'got key=1' });
    expect(ok.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer(dispatcher.dispatch(request('POST', '/api/text', 'nokey'))).status).toBe(400);
    expect(simulator.rejected[0]!.problems[0]!.in).toBe('body');
  });

  test('a missing required body is rejected', () => {
    const { dispatcher, simulator } = setup();
    expect(answer(dispatcher.dispatch(request('POST', '/api/text', ''))).status).toBe(400);
    expect(simulator.rejected[0]!.problems[0]!.message).toBe('request body is required');
  });

  test('deeply nested JSON is answered, not a crash', () => {
    const { dispatcher } = setup();
    const deep = '{"kind":"start","path":"/a","x":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}';
    expect(answer(dispatcher.dispatch(request('POST', '/api/jobs', deep))).status).toBe(400);
  });
});

describe('fault injection', () => {
  test('status=<code> answers with the simulator\'s errorResponse and skips the request', () => {
    const { dispatcher, simulator } = setup();
    const res = answer(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-fault': 'status=503' })));
    expect(res.status).toBe(503);
    expect(res.body.fakeError).toContain('status=503');
    expect(simulator.handled).toHaveLength(0);
  });

  test('latency=<ms> delays a normal answer', () => {
    const { dispatcher, simulator } = setup();
    const res = answer(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-fault': 'latency=250' })));
    expect(res).toMatchObject({ status: 200, delayMs: 250 });
    expect(simulator.handled).toHaveLength(1);
  });

  test('reset drops the connection; directives combine with ;', () => {
    const { dispatcher, simulator } = setup();
    expect(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-fault': 'latency=10; reset' }))).toEqual({ kind: 'reset', delayMs: 10 });
    expect(answer(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-fault': 'status=500;latency=5' })))).toMatchObject({ status: 500, delayMs: 5 });
    expect(simulator.handled).toHaveLength(0);
  });

  test.each(['latency=abc', 'status=99', 'status=600', 'explode', 'latency', 'reset=1', 'latency=-5'])(
    'an invalid directive (%s) answers 400 naming the valid syntax',
    (value) => {
      const { dispatcher, simulator } = setup();
      const res = answer(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-fault': value })));
      expect(res.status).toBe(400);
      expect(res.body.error).toContain("'latency=<ms>'");
      expect(res.body.error).toContain("'status=<code>'");
      expect(res.body.error).toContain("'reset'");
      expect(simulator.handled).toHaveLength(0);
    },
  );

  test('server faults apply to every request at rate 1 and to none at rate 0', () => {
    const simulator = new FakeSimulator();
    const always = createDispatcher({ spec, simulator, faults: { status: 502, latencyMs: 7 } });
    expect(answer(always.dispatch(request('GET', '/api/items')))).toMatchObject({ status: 502, delayMs: 7 });
    const never = createDispatcher({ spec, simulator, faults: { status: 502, rate: 0 } });
    expect(answer(never.dispatch(request('GET', '/api/items'))).status).toBe(200);
  });

  test('the x-mock-fault header replaces the server faults for its request', () => {
    const simulator = new FakeSimulator();
    const dispatcher = createDispatcher({ spec, simulator, faults: { status: 502 } });
    expect(answer(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-fault': 'latency=1' }))).status).toBe(200);
  });
});

describe('scenarios and control endpoints', () => {
  test('x-mock-scenario runs its request under the scenario, then puts the state back (scenario and request changes gone)', () => {
    const { dispatcher, simulator } = setup();
    const under = answer(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-scenario': 'all-dead' })));
    expect(simulator.appliedScenarios).toEqual(['all-dead']);
    expect(under.body).toMatchObject({ dead: true, handledCount: 1 });
    const after = answer(dispatcher.dispatch(request('GET', '/api/items')));
    expect(after.body).toMatchObject({ dead: false, handledCount: 1 });
  });

  test('a scenario set with POST scenario/<name> lasts until reset', () => {
    const { dispatcher } = setup();
    answer(dispatcher.dispatch(request('POST', '/__contract-kit/scenario/all-dead')));
    expect(answer(dispatcher.dispatch(request('GET', '/api/items'))).body).toMatchObject({ dead: true });
    expect(answer(dispatcher.dispatch(request('GET', '/api/items'))).body).toMatchObject({ dead: true });
    answer(dispatcher.dispatch(request('POST', '/__contract-kit/reset')));
    expect(answer(dispatcher.dispatch(request('GET', '/api/items'))).body).toMatchObject({ dead: false });
  });

  test('a simulator without a state document refuses a per-request scenario with 409 naming the lasting way', () => {
    const simulator = new FakeSimulator();
    // Own properties shadow the class's methods: a simulator that cannot be read as a document.
    const stateless: Simulator = simulator;
    stateless.exportState = undefined;
    stateless.importState = undefined;
    const dispatcher = createDispatcher({ spec, simulator: stateless });
    const res = answer(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-scenario': 'all-dead' })));
    expect(res.status).toBe(409);
    expect(res.body.error).toContain('POST /__contract-kit/scenario/all-dead');
    expect(simulator.handled).toHaveLength(0);
  });

  test('an unknown scenario answers 400 naming the known ones', () => {
    const { dispatcher, simulator } = setup();
    const res = answer(dispatcher.dispatch(request('GET', '/api/items', '', { 'x-mock-scenario': 'nope' })));
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('all-dead');
    expect(simulator.handled).toHaveLength(0);
    expect(answer(dispatcher.dispatch(request('POST', '/__contract-kit/scenario/nope'))).status).toBe(400);
  });

  test('POST reset, POST scenario/<name>, GET health', () => {
    const { dispatcher, simulator } = setup();
    expect(answer(dispatcher.dispatch(request('POST', '/__contract-kit/scenario/all-dead'))).status).toBe(200);
    expect(simulator.appliedScenarios).toEqual(['all-dead']);
    expect(answer(dispatcher.dispatch(request('POST', '/__contract-kit/reset'))).status).toBe(200);
    expect(simulator.resets).toBe(1);
    const health = answer(dispatcher.dispatch(request('GET', '/__contract-kit/health')));
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ api: 'doris-fe', profile: 'documented', scenarios: { 'all-dead': expect.any(String) } });
  });

  test('POST clock/advance?ms=N moves the simulator\'s clock', () => {
    const { dispatcher, clock } = setup();
    const before = clock.now();
    expect(answer(dispatcher.dispatch(request('POST', '/__contract-kit/clock/advance?ms=30000'))).status).toBe(200);
    expect(clock.now()).toBe(before + 30_000);
    expect(answer(dispatcher.dispatch(request('POST', '/__contract-kit/clock/advance?ms=soon'))).status).toBe(400);
    expect(answer(dispatcher.dispatch(request('POST', '/__contract-kit/clock/advance'))).status).toBe(400);
  });

  test('clock/advance without a known clock answers 409 instead of pretending', () => {
    const { dispatcher } = setup({ withClock: false });
    expect(answer(dispatcher.dispatch(request('POST', '/__contract-kit/clock/advance?ms=1'))).status).toBe(409);
  });

  test('wrong methods and unknown control endpoints', () => {
    const { dispatcher, simulator } = setup();
    const wrong = answer(dispatcher.dispatch(request('GET', '/__contract-kit/reset')));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(simulator.resets).toBe(0);
    expect(answer(dispatcher.dispatch(request('GET', '/__contract-kit/nothing'))).status).toBe(404);
  });

  test('control endpoints ignore fault headers', () => {
    const { dispatcher } = setup();
    expect(answer(dispatcher.dispatch(request('GET', '/__contract-kit/health', '', { 'x-mock-fault': 'status=500' }))).status).toBe(200);
  });
});

describe('a simulator bug is answered, not thrown', () => {
  test('handle throwing becomes a 500 naming the simulator and operation', () => {
    const simulator = new FakeSimulator();
    simulator.handle = () => {
      throw new Error('boom');
    };
    const dispatcher = createDispatcher({ spec, simulator });
    const res = answer(dispatcher.dispatch(request('GET', '/api/items')));
    expect(res.status).toBe(500);
    expect(res.body.error).toContain('list_items');
    expect(res.body.error).toContain('boom');
  });
});

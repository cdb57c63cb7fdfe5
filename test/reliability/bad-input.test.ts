/**
 * Every documented operation of every simulator, in both profiles, over the real network server,
 * fed the inputs CI systems and careless tools send: each must get the API's own client-error
 * answer (or, where the spec calls the input valid, a documented answer), never a 5xx, never a
 * hang, and the server must keep serving. The matrix is generated from the specs.
 */
import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import { MAX_BODY_BYTES, startMockServer, type MockServer } from '../../src/serve/http.js';
import { loadSpec, type IndexedOperation, type IndexedSpec } from '../../src/spec/index.js';
import { classifyAnswer } from './support/answer-shape.js';
import { resolveCredentials } from '../../src/verify/cases/credentials.js';
import { documentedRequests } from '../../src/verify/cases/example-cases.js';
import { allowedKinds, badInputs, baseRequest, classifyRequest, pathWithQuery, type BadInput } from './support/bad-inputs.js';
import { sendBytes, sendRaw, uploadUntilAnswered, type RawRequest } from './support/raw-http.js';

const PROFILES: Profile[] = ['documented', 'observed'];
const HUGE_BODY_BYTES = 20 * 1024 * 1024;
const specs = new Map<ApiId, IndexedSpec>(await Promise.all(API_IDS.map(async (api) => [api, await loadSpec(api)] as const)));

function describeRequest(request: RawRequest): string {
  const body = request.body === undefined ? '' : ` body ${request.body.length} bytes: ${request.body.toString().slice(0, 80)}`;
  return `${request.method} ${request.path.slice(0, 120)}${body}`;
}

/** The documented read requests of a spec: candidates for the canary sent after every bad input. */
function readRequests(spec: IndexedSpec): Array<{ operation: IndexedOperation; request: RawRequest }> {
  return spec.operations
    .filter((operation) => operation.canonicalId === operation.operationId)
    .flatMap((operation) =>
      operation.variants
        .filter((variant) => variant.safety === 'read')
        .flatMap((variant) => documentedRequests(spec, operation, variant, resolveCredentials()).slice(0, 1))
        .map(({ request: { method, path, query, headers, body } }) => ({ operation, request: { method, path: pathWithQuery(path, query), headers, body } })),
    );
}

describe.each(API_IDS.flatMap((api) => PROFILES.map((profile) => [api, profile] as const)))('%s, %s profile: bad input over node:http', (api, profile) => {
  const spec = specs.get(api)!;
  let canary: { operation: IndexedOperation; request: RawRequest };
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  let server: MockServer;
  let canaryStatus: number;

  beforeAll(async () => {
    server = await startMockServer({ api, profile, port: 0 });
    // The canary: the first documented read that succeeds on a fresh simulator.
    for (const candidate of readRequests(spec)) {
      const first = await sendRaw(server.url, candidate.request);
      const answer = classifyAnswer({ spec, profile, operation: candidate.operation }, first.status, first.headers, first.text);
      if (first.status >= 300 || (answer.kind !== 'documented' && answer.kind !== 'observed')) continue;
      canary = candidate;
      canaryStatus = first.status;
      break;
    }
    expect(canary, `${api}: no documented read request succeeds on a fresh simulator`).toBeDefined();
  });
  afterAll(async () => {
    keepAlive.destroy();
    await server?.close();
  });

  async function stillServing(after: BadInput): Promise<string | undefined> {
    try {
      const res = await sendRaw(server.url, canary.request, undefined, keepAlive);
      return res.status === canaryStatus ? undefined : `after ${after.name} the canary ${canary.operation.operationId} answered ${res.status}, not ${canaryStatus}`;
    } catch (error) {
      return `after ${after.name} the canary ${canary.operation.operationId} failed: ${(error as Error).message}`;
    }
  }

  test.each(spec.operations.map((operation) => [`${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`, operation] as const))(
    '%s',
    async (_name, operation) => {
      await sendRaw(server.url, { method: 'POST', path: '/__contract-kit/reset' });
      const failures: string[] = [];
      const inputs = badInputs(spec, operation);
      for (const input of inputs) {
        const requestClass = classifyRequest(spec, input.request);
        const judgedAs = requestClass.kind === 'unrouted' ? operation : requestClass.operation;
        try {
          const res = await sendRaw(server.url, input.request);
          const answer = classifyAnswer({ spec, profile, operation: judgedAs }, res.status, res.headers, res.text);
          const allowed = allowedKinds(requestClass, profile);
          if (!allowed.includes(answer.kind)) {
            failures.push(`${input.name} (${requestClass.kind}): ${answer.why}\n    request: ${describeRequest(input.request)}`);
          }
        } catch (error) {
          failures.push(`${input.name}: ${(error as Error).message}`);
        }
        const serving = await stillServing(input);
        if (serving) failures.push(serving);
      }
      expect(inputs.length).toBeGreaterThan(15);
      expect(failures, failures.join('\n')).toEqual([]);
      expect(Object.prototype, 'Object.prototype polluted by a request').not.toHaveProperty('contract_kit_polluted');
    },
  );

  test('requests node cannot parse (oversized headers, broken framing) get the API\'s error shape, not a bare 400/431', async () => {
    const operation = spec.operations.find((op) => op.requestBody !== undefined) ?? spec.operations[0]!;
    const base = baseRequest(spec, operation);
    const target = pathWithQuery(base.path, base.query);
    const unparseable: Record<string, string> = {
      'headers over the limit (300 KB query)': `GET ${target}${target.includes('?') ? '&' : '?'}pad=${'a'.repeat(300 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      'control character in the request line': `GET /\u0001 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      'NUL in a header value': `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\u0000b\r\n\r\n`,
      'invalid chunk size': `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n`,
      'Content-Length and Transfer-Encoding together': `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      'negative Content-Length': `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n`,
      'a TLS handshake on the plain port': '\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003',
    };
    const failures: string[] = [];
    for (const [name, bytes] of Object.entries(unparseable)) {
      try {
        const res = await sendBytes(server.url, Buffer.from(bytes, 'latin1'));
        const answer = classifyAnswer({ spec, profile }, res.status, res.headers, res.text);
        if (res.status < 400 || res.status >= 500 || answer.kind !== 'client-error') failures.push(`${name}: ${res.status} ${answer.why}`);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
      const serving = await stillServing({ name, request: { method: 'GET', path: '/' } });
      if (serving) failures.push(serving);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  test('200 connections that never finish their headers (slowloris) do not stop the server from serving', async () => {
    const stalled = await Promise.all(
      Array.from({ length: 200 }, () => new Promise<Socket>((resolve, reject) => {
        const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () => {
          socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
          resolve(socket);
        });
        socket.on('error', reject);
      })),
    );
    try {
      expect(await stillServing({ name: '200 stalled connections', request: { method: 'GET', path: '/' } })).toBeUndefined();
    } finally {
      for (const socket of stalled) socket.destroy();
    }
  });

  test('a 20 MB body with Content-Length is refused with 413 in the API\'s shape before it is sent, for every operation', async () => {
    const failures: string[] = [];
    for (const operation of spec.operations) {
      const base = baseRequest(spec, operation);
      const request = { method: base.method, path: pathWithQuery(base.path, base.query), headers: { ...base.headers, 'content-type': 'application/json' } };
      const outcome = await uploadUntilAnswered(server.url, request, HUGE_BODY_BYTES, { declareLength: true });
      const where = `${operation.operationId}`;
      if (!outcome.response) {
        failures.push(`${where}: no answer, the connection closed after ${outcome.sentWhenAnswered} bytes`);
        continue;
      }
      const answer = classifyAnswer({ spec, profile, operation }, outcome.response.status, outcome.response.headers, outcome.response.text);
      if (outcome.response.status !== 413) failures.push(`${where}: ${outcome.response.status} instead of 413: ${outcome.response.text.slice(0, 200)}`);
      else if (answer.kind !== 'client-error') failures.push(`${where}: 413 not in the API's shape: ${answer.why}`);
      if (outcome.sentWhenAnswered >= HUGE_BODY_BYTES) failures.push(`${where}: answered only after the whole body was sent`);
      const serving = await stillServing({ name: `20 MB body to ${where}`, request });
      if (serving) failures.push(serving);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  test('a 20 MB chunked body is refused once the limit is passed, without reading the rest', async () => {
    const operation = spec.operations.find((op) => op.requestBody !== undefined) ?? spec.operations[0]!;
    const base = baseRequest(spec, operation);
    const request = { method: base.method, path: pathWithQuery(base.path, base.query), headers: { ...base.headers, 'content-type': 'application/json' } };
    const outcome = await uploadUntilAnswered(server.url, request, HUGE_BODY_BYTES, { declareLength: false, timeoutMs: 15_000 });
    // Either the 413 reached the client, or the server closed the connection while the client was
    // still sending (a client writing into a closed socket may get the reset before the answer).
    if (outcome.response) {
      expect(outcome.response.status, `${operation.operationId}: ${outcome.response.text.slice(0, 200)}`).toBe(413);
      const answer = classifyAnswer({ spec, profile, operation }, 413, outcome.response.headers, outcome.response.text);
      expect(answer.kind, answer.why).toBe('client-error');
    } else {
      expect(outcome.closedEarly, 'neither an answer nor an early close').toBe(true);
    }
    // The server reads up to its limit; the client may have a socket buffer's worth more in flight.
    expect(outcome.sentWhenAnswered).toBeGreaterThan(MAX_BODY_BYTES);
    expect(outcome.sentWhenAnswered).toBeLessThan(HUGE_BODY_BYTES);
    expect(await stillServing({ name: '20 MB chunked body', request })).toBeUndefined();
  });
});

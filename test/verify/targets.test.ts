import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { startMockServer } from '../../src/serve/http.js';
import { connectUrlTarget, runContract, sendHttp, urlTarget, type CaseRequest } from '../../src/verify/index.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

const GET: CaseRequest = { method: 'GET', path: '/api/backends', query: { is_alive: 'true' }, headers: {} };
const LIMITS = { timeoutMs: 1_000, maxBodyBytes: 1_024 };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function serve(listener: RequestListener): Promise<string> {
  const server: Server = createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('sending to a misbehaving target never throws; each failure has a kind', () => {
  test('connection refused', async () => {
    const exchange = await sendHttp(`http://127.0.0.1:${await closedPort()}`, GET, LIMITS);
    expect(exchange.failure?.kind).toBe('refused');
    expect(exchange.response).toBeUndefined();
  });

  test('connection reset before an answer', async () => {
    const origin = await serve((req) => req.socket.destroy());
    expect((await sendHttp(origin, GET, LIMITS)).failure?.kind).toBe('reset');
  });

  test('no answer within the timeout', async () => {
    const origin = await serve(() => undefined);
    const exchange = await sendHttp(origin, GET, { ...LIMITS, timeoutMs: 200 });
    expect(exchange.failure).toMatchObject({ kind: 'timeout', message: 'no complete answer within 200 ms' });
  });

  test('a huge body is cut at the cap and marked truncated', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('x'.repeat(1_000_000));
    });
    const exchange = await sendHttp(origin, GET, LIMITS);
    expect(exchange.response).toMatchObject({ status: 200, truncated: true });
    expect(exchange.response!.bodyText.length).toBe(LIMITS.maxBodyBytes);
  });

  test('a redirect is an answer, not followed', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(302, { location: 'http://example.invalid/elsewhere' });
      res.end();
    });
    expect((await sendHttp(origin, GET, LIMITS)).response).toMatchObject({ status: 302, headers: { location: 'http://example.invalid/elsewhere' } });
  });

  test('TLS spoken to a plain-HTTP server is a tls (or reset) failure', async () => {
    const origin = await serve((_req, res) => res.end('plain'));
    const exchange = await sendHttp(origin.replace('http:', 'https:'), GET, LIMITS);
    expect(['tls', 'reset']).toContain(exchange.failure?.kind);
  });
});

describe('verify against misbehaving targets reports verdicts instead of crashing', () => {
  test('refused connections fail every case with the reason, within the run', async () => {
    const report = await runContract('doris-fe', urlTarget(`http://127.0.0.1:${await closedPort()}`), SCENARIOS['doris-fe'], { timeoutMs: 500 });
    expect(report.summary.fail).toBe(report.cases.length);
    expect(report.cases[0]!.checks[0]!.message).toMatch(/^not_a_server_error: no HTTP answer \(refused\)/);
  });

  test('non-JSON answers, redirects and huge bodies fail the schema/status checks with what came back', async () => {
    let n = 0;
    const origin = await serve((_req, res) => {
      n++;
      if (n % 3 === 0) {
        res.writeHead(301, { location: '/moved' });
        res.end();
      } else if (n % 3 === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html>not json</html>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"msg":"success","code":0,"data":{"backends":[${'{"ip":"1.1.1.1","http_port":8040,"is_alive":true},'.repeat(40_000)}{}]},"count":0}`);
      }
    });
    const report = await runContract('doris-fe', urlTarget(origin), SCENARIOS['doris-fe'], { maxBodyBytes: 100_000 });
    const messages = report.cases.flatMap((c) => c.checks.filter((x) => x.status === 'fail').map((x) => x.message ?? ''));
    expect(messages.some((m) => /body is not JSON/.test(m))).toBe(true);
    expect(messages.some((m) => /redirect to \/moved, not followed/.test(m))).toBe(true);
    expect(messages.some((m) => /larger than the read cap/.test(m))).toBe(true);
  });

  test('the run time limit skips the cases not started in time', async () => {
    const origin = await serve((_req, res) => setTimeout(() => res.end('{}'), 150));
    const report = await runContract('doris-fe', urlTarget(origin), SCENARIOS['doris-fe'], { runTimeoutMs: 100 });
    const skipped = report.cases.filter((c) => c.verdict === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped[0]!.reason).toBe('the run time limit (100 ms) was reached');
  });
});

describe('safety: a target that is not a local mock gets only x-safety: read cases', () => {
  test('write and destructive cases are skipped with the reason unless mutations are allowed', async () => {
    const server = await startMockServer({ api: 'doris-meta-service', port: 0 });
    closers.push(() => server.close());
    // The same simulator, presented as a remote deployment.
    const remote = { ...urlTarget(server.url), local: false, description: 'a remote deployment' };
    const report = await runContract('doris-meta-service', remote, SCENARIOS['doris-meta-service'], { only: ['get_instance', 'drop_instance'] });
    const byOperation = (id: string) => report.cases.filter((c) => c.operationId === id);
    // Read cases run; the documented examples' instance is unknown there: "not found on this deployment", not a pass.
    const reads = byOperation('get_instance');
    expect(reads.filter((c) => c.verdict === 'skip').every((c) => c.kind === 'example' && c.reason?.startsWith('not found on this deployment'))).toBe(true);
    expect(reads.some((c) => c.verdict !== 'skip')).toBe(true);
    const drops = byOperation('drop_instance');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((c) => c.verdict === 'skip' && c.reason === `x-safety: destructive, and ${server.url} is not a local mock (use --allow-mutations)`)).toBe(true);

    const allowed = await runContract('doris-meta-service', remote, SCENARIOS['doris-meta-service'], { only: ['drop_instance'], allowMutations: true });
    expect(allowed.cases.filter((c) => c.operationId === 'drop_instance').every((c) => c.verdict !== 'skip')).toBe(true);
  });
});

describe('what counts as a local mock', () => {
  test('a loopback URL answering contract-kit health is a local mock; any other loopback server is not', async () => {
    const server = await startMockServer({ api: 'doris-fe', port: 0 });
    closers.push(() => server.close());
    expect((await connectUrlTarget(server.url)).local).toBe(true);
    const other = await serve((_req, res) => res.end('a real FE on localhost'));
    expect((await connectUrlTarget(other)).local).toBe(false);
  });
});

/**
 * Verify is safe by default (DESIGN.md): against a target that is not a local contract-kit mock,
 * only `x-safety: read` operations are sent unless mutations are allowed. "Not local" covers a
 * host name that merely resolves to this machine, and a loopback port where something other than
 * a contract-kit mock answers (a developer's real service).
 */
import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createSimulator } from '../../mocks/index.js';
import type { Simulator } from '../../mocks/shared/types.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { loadSpec, type IndexedSpec } from '../../src/spec/index.js';
import { routeRequest } from '../../src/spec/route.js';
import { verifyTarget } from '../../src/verify/index.js';
import type { Safety } from '../../src/spec/types.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

const API = 'doris-meta-service';
let spec: IndexedSpec;

/** What a request that reached the server would change, by the spec's x-safety. */
interface Received {
  what: string;
  safety: Safety;
}

/** A host name for this machine that is not literally loopback: the machine's name if it resolves here, else an IPv4-mapped IPv6 literal. */
async function nonLiteralLocalHost(): Promise<string> {
  try {
    const { address } = await lookup(hostname(), { family: 4 });
    if (address === '127.0.0.1') return hostname();
  } catch {
    // No usable name: fall through.
  }
  return '[::ffff:127.0.0.1]';
}

/** The simulator with every request it is asked about recorded with the safety of what it matched. */
function recording(simulator: Simulator, received: Received[]): Simulator {
  const safetyOf = (operationId: string, variantName?: string): Safety => {
    const operation = spec.operationById.get(operationId)!;
    return operation.variants.find((v) => v.name === variantName)?.safety ?? operation.safety;
  };
  return new Proxy(simulator, {
    get(target, property, receiver) {
      if (property === 'handle' || property === 'rejectInvalid') {
        return (req: Parameters<Simulator['handle']>[0], ...rest: unknown[]) => {
          received.push({ what: `${req.method} ${req.path} (${req.operationId}/${req.variant})`, safety: safetyOf(req.operationId, req.variant) });
          return (target[property] as (...args: unknown[]) => unknown)(req, ...rest);
        };
      }
      if (property === 'rejectUnrouted') {
        return (req: Parameters<Simulator['rejectUnrouted']>[0]) => {
          const operations = spec.operations.filter((op) => op.path === req.path);
          const safety = operations.length > 0 && operations.every((op) => op.safety === 'read') ? 'read' : 'write';
          received.push({ what: `${req.method} ${req.path} (unrouted: ${req.reason.kind})`, safety });
          return target.rejectUnrouted(req);
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function recordedMock(received: Received[]): Promise<MockServer> {
  const server = await startMockServer({ api: API, simulator: recording(createSimulator(API), received), port: 0 });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  spec = await loadSpec(API);
});

describe('verify against a target that is not a local mock', () => {
  test('a host name resolving to 127.0.0.1: only read operations are sent; write cases are skipped naming --allow-mutations', async () => {
    const received: Received[] = [];
    const server = await recordedMock(received);
    const host = await nonLiteralLocalHost();
    const report = await verifyTarget(API, `http://${host}:${server.port}`, SCENARIOS[API], { timeoutMs: 5_000 });
    expect(received.length, 'requests that reached the simulator').toBeGreaterThan(0);
    expect(received.filter((r) => r.safety !== 'read').map((r) => r.what)).toEqual([]);
    const skipped = report.cases.filter((c) => c.verdict === 'skip' && /--allow-mutations/.test(c.reason ?? ''));
    expect(skipped.length).toBeGreaterThan(0);
    expect(report.cases.filter((c) => c.verdict !== 'skip').length).toBeGreaterThan(0);
  });

  test('with allowMutations the same target gets write and destructive operations too', async () => {
    const received: Received[] = [];
    const server = await recordedMock(received);
    const host = await nonLiteralLocalHost();
    await verifyTarget(API, `http://${host}:${server.port}`, SCENARIOS[API], { timeoutMs: 5_000, allowMutations: true });
    expect(new Set(received.map((r) => r.safety))).toEqual(new Set(['read', 'write', 'destructive']));
  });

  test('a loopback port where something else than a contract-kit mock answers: read operations only', async () => {
    const seen: Array<{ method: string; path: string }> = [];
    const other: Server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      seen.push({ method: req.method ?? 'GET', path });
      res.writeHead(path.startsWith('/__contract-kit/') ? 404 : 200, { 'content-type': 'application/json' }).end('{"code":"OK","msg":""}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => other.close(() => resolve())) });
    const { port } = other.address() as AddressInfo;
    await verifyTarget(API, `http://127.0.0.1:${port}`, SCENARIOS[API], { timeoutMs: 5_000 });
    const apiRequests = seen.filter((r) => !r.path.startsWith('/__contract-kit/'));
    expect(apiRequests.length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.path === '/__contract-kit/reset'), 'a non-mock is never reset').toEqual([]);
    for (const request of apiRequests) {
      const route = routeRequest(spec, { method: request.method, path: request.path, query: {}, headers: {}, body: undefined });
      const operations = 'operation' in route ? [route.operation] : spec.operations.filter((op) => op.path === request.path);
      expect(operations.every((op) => op.safety === 'read'), `${request.method} ${request.path} is not a read operation`).toBe(true);
    }
  });
});

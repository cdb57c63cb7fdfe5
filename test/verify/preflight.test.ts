/**
 * Before the cases, one probe of the target: a refused port, a port that accepts and never
 * answers, and an HTTP server that is not the API each give one failure with the cause and the
 * fix (exit 1), instead of one failure per case.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';
import { startMockServer } from '../../src/serve/http.js';
import { loadSpec } from '../../src/spec/load.js';
import { runCommand } from '../support/run-command.js';

const run = (args: string[]) => runCommand(registerVerifyCommand, ['verify', ...args]);
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Accepts connections and never answers (a stuck server, a standby holding sockets). */
async function hangingPort(): Promise<number> {
  const sockets: Socket[] = [];
  const server: TcpServer = createTcpServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as AddressInfo).port;
}

async function httpServer(handler: Parameters<typeof createHttpServer>[1]): Promise<string> {
  const server: Server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // The specs load once per process; a first load must not count against the timing below.
  await Promise.all((['doris-fe', 'klustron-cluster-manager', 'doris-meta-service', 'alluxio-coordinator'] as const).map((api) => loadSpec(api)));
});

describe('preflight', () => {
  test('a closed port: one "nothing answers" failure naming the port and the fix, well under a second', async () => {
    const port = await closedPort();
    const started = performance.now();
    const { exitCode, output } = await run(['klustron-cluster-manager', '--base-url', `http://127.0.0.1:${port}`]);
    const elapsed = performance.now() - started;
    expect(exitCode).toBe(1);
    expect(elapsed).toBeLessThan(1_000);
    expect(output).toContain(`nothing answers at http://127.0.0.1:${port}: the connection was refused`);
    expect(output).toContain('its usual port is 35001');
    // One failure, not one per case (the issue saw 235 blocks of ECONNREFUSED).
    expect(output.match(/ECONNREFUSED/g)).toHaveLength(1);
    expect(output.split('\n').length).toBeLessThan(5);
    expect(output).toMatch(/klustron-cluster-manager: preflight failed, no case ran/);
  });

  test('a port that accepts and never answers: bounded by --preflight-timeout-ms', async () => {
    const port = await hangingPort();
    const started = performance.now();
    const { exitCode, output } = await run(['doris-fe', '--base-url', `http://127.0.0.1:${port}`, '--preflight-timeout-ms', '300']);
    const elapsed = performance.now() - started;
    expect(exitCode).toBe(1);
    expect(output).toContain('sent no answer to GET /api/backends within 300 ms');
    expect(output).toContain('--preflight-timeout-ms');
    // The local-mock health probe and the preflight each wait at most 300 ms.
    expect(elapsed).toBeLessThan(2_000);
  });

  test.each([
    ['an HTML error page', 404, 'text/html', '<html><body>404 Not Found</body></html>'],
    ['another JSON service', 200, 'application/json', '{"error":"no such route","path":"/api"}'],
    ['an empty 200', 200, 'text/plain', ''],
  ])('an HTTP server that is not the API (%s): "not an answer of" the API, with what came back', async (_what, status, type, body) => {
    const url = await httpServer((_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    for (const api of ['doris-fe', 'doris-meta-service', 'alluxio-coordinator', 'klustron-cluster-manager']) {
      const { exitCode, output } = await run([api, '--base-url', url]);
      expect(exitCode, api).toBe(1);
      expect(output, api).toMatch(new RegExp(`answered (GET|POST) \\S+ with HTTP ${status} \\(${type.replace('/', '\\/')}`));
      expect(output, api).toContain('which is not an answer of the');
      expect(output, api).toContain(`points at the ${api} itself`);
    }
  });

  test('the API itself passes the preflight and the cases run (a mock over HTTP)', async () => {
    const server = await startMockServer({ api: 'alluxio-coordinator', port: 0 });
    closers.push(() => server.close());
    const { exitCode, output } = await run(['alluxio-coordinator', '--base-url', server.url, '--only', 'query_nodes', '--quiet']);
    expect(exitCode).toBe(0);
    expect(output).not.toContain('preflight');
    expect(output).toMatch(/alluxio-coordinator: [1-9]\d* passed, 0 failed/);
  });

  test('a Meta Service answering 403 text for a wrong token is still the Meta Service (ms-token-403)', async () => {
    const url = await httpServer((req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end(`incorrect token, token=${new URL(req.url!, 'http://x').searchParams.get('token')}`);
    });
    const { output } = await run(['doris-meta-service', '--base-url', url, '--only', 'get_instance', '--quiet']);
    expect(output).not.toContain('preflight');
    expect(output).toMatch(/doris-meta-service: \d+ passed, \d+ failed, [1-9]\d* known-deviation/);
  });
});

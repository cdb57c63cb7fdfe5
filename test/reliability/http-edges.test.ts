/**
 * HTTP edges of the node:http adapter: statuses that carry no content, requests node would answer
 * with its own bare errors (no Host, unknown Expect), delayed answers held by connections that are
 * gone, and the process-wide connection budget.
 */
import { setupServer } from 'msw/node';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { connectionLimits, connectionStats, setConnectionLimits } from '../../src/serve/connections.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { createMswHandlers } from '../../src/serve/msw.js';
import { sendBytes } from './support/raw-http.js';

const AUTH = `Basic ${Buffer.from('root:').toString('base64')}`;
const FE_REQUEST = (extra = '') => `GET /api/backends HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH}\r\n${extra}\r\n`;

let server: MockServer;
const warnings: string[] = [];
beforeAll(async () => {
  server = await startMockServer({ api: 'doris-fe', port: 0, warn: (message) => warnings.push(message) });
});
afterAll(() => server?.close());

/** The FE's error envelope (the API's own shape), as the document shows it. */
function expectFeEnvelope(text: string): void {
  expect(JSON.parse(text)).toMatchObject({ msg: expect.any(String), code: expect.any(Number), count: 0 });
}

describe('statuses without content (RFC 9110)', () => {
  test.each([204, 304])('x-mock-fault: status=%i sends neither a body nor Content-Length', async (status) => {
    const answer = await sendBytes(server.url, FE_REQUEST(`x-mock-fault: status=${status}\r\nConnection: close\r\n`));
    expect(answer.status).toBe(status);
    expect(answer.headers['content-length']).toBeUndefined();
    expect(answer.text).toBe('');
  });

  test('x-mock-fault: status=205 sends Content-Length: 0 and no body', async () => {
    const answer = await sendBytes(server.url, FE_REQUEST('x-mock-fault: status=205\r\nConnection: close\r\n'));
    expect(answer.status).toBe(205);
    expect(answer.headers['content-length']).toBe('0');
    expect(answer.text).toBe('');
  });

  test('through MSW a 204 fault is a bodiless Response too (fetch refuses a body there)', async () => {
    const mock = createMswHandlers('doris-fe', { baseUrl: 'http://fe.edges.test:8030' });
    const msw = setupServer(...mock.handlers);
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      const answer = await fetch('http://fe.edges.test:8030/api/backends', { headers: { authorization: AUTH, 'x-mock-fault': 'status=204' } });
      expect(answer.status).toBe(204);
      expect(await answer.text()).toBe('');
    } finally {
      msw.close();
    }
  });
});

describe('requests node would answer bare', () => {
  test('HTTP/1.1 without Host gets 400 in the API\'s shape', async () => {
    const answer = await sendBytes(server.url, `GET /api/backends HTTP/1.1\r\nAuthorization: ${AUTH}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(400);
    expectFeEnvelope(answer.text);
  });

  test('HTTP/1.0 without Host is an ordinary request', async () => {
    const answer = await sendBytes(server.url, `GET /api/backends HTTP/1.0\r\nAuthorization: ${AUTH}\r\n\r\n`);
    expect(answer.status).toBe(200);
  });

  test('Expect: foo gets 417 in the API\'s shape', async () => {
    const answer = await sendBytes(server.url, FE_REQUEST('Expect: foo\r\nConnection: close\r\n'));
    expect(answer.status).toBe(417);
    expectFeEnvelope(answer.text);
  });
});

function openSocket(url: string): Promise<Socket> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('delayed answers die with their connection', () => {
  test('100,000 pipelined latency=600000 requests on one connection: the connection is closed past the bound, nothing is held after', async () => {
    const before = connectionStats().delayed;
    const socket = await openSocket(server.url);
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const request = FE_REQUEST('x-mock-fault: latency=600000\r\n');
    for (let sent = 0; sent < 100_000 && !socket.destroyed; sent += 1_000) socket.write(request.repeat(1_000));
    await closed;
    await until(() => connectionStats().delayed === before, 'the delayed answers to be cancelled');
    // The server still answers at once.
    const answer = await sendBytes(server.url, FE_REQUEST('Connection: close\r\n'));
    expect(answer.status).toBe(200);
  });

  test('a client that goes away cancels its delayed answers', async () => {
    const before = connectionStats().delayed;
    const socket = await openSocket(server.url);
    socket.write(FE_REQUEST('x-mock-fault: latency=600000\r\n').repeat(100));
    await until(() => connectionStats().delayed - before === 100, '100 delayed answers');
    socket.destroy();
    await until(() => connectionStats().delayed === before, 'the delayed answers to be cancelled');
  });

  test('past the process-wide bound a delayed request is answered 503 in the API\'s shape at once', async () => {
    const socket = await openSocket(server.url);
    socket.write(FE_REQUEST('x-mock-fault: latency=600000\r\n'));
    await until(() => connectionStats().delayed >= 1, 'a delayed answer');
    setConnectionLimits({ maxDelayedTotal: connectionStats().delayed });
    try {
      const answer = await sendBytes(server.url, FE_REQUEST('x-mock-fault: latency=600000\r\nConnection: close\r\n'));
      expect(answer.status).toBe(503);
      expectFeEnvelope(answer.text);
    } finally {
      setConnectionLimits({ maxDelayedTotal: 10_000 });
      socket.destroy();
    }
  });
});

describe('the connection budget', () => {
  const held: Socket[] = [];
  afterEach(() => {
    for (const socket of held.splice(0)) socket.destroy();
    setConnectionLimits({ maxConnections: 10_000 });
  });

  test('idle connections at the limit are evicted, oldest first, so a new client is still served', async () => {
    const limit = connectionStats().open + 20;
    setConnectionLimits({ maxConnections: limit });
    for (let i = 0; i < 40; i++) held.push(await openSocket(server.url));
    await until(() => connectionStats().open <= limit, 'the budget to hold');
    const answer = await sendBytes(server.url, FE_REQUEST('Connection: close\r\n'));
    expect(answer.status).toBe(200);
  });

  test('when every connection is busy, a new one is refused and the refusal is logged with the fix', async () => {
    await until(() => connectionStats().open === 0, 'the earlier tests\' connections to close');
    const limit = 5;
    setConnectionLimits({ maxConnections: limit });
    for (let i = 0; i < 5; i++) {
      const socket = await openSocket(server.url);
      socket.write(FE_REQUEST('x-mock-fault: latency=600000\r\n'));
      held.push(socket);
    }
    await until(() => connectionStats().delayed >= limit, 'five busy connections');
    warnings.length = 0;
    await expect(sendBytes(server.url, FE_REQUEST('Connection: close\r\n'), 2_000)).rejects.toThrow();
    expect(warnings.join('\n')).toMatch(new RegExp(`connection limit reached \\(${limit} open.*--max-connections`));
  });
});

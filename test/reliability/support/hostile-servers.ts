import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A misbehaving server on 127.0.0.1 and a way to stop it (and every connection it holds). */
export interface HostileServer {
  url: string;
  close(): Promise<void>;
}

type AnyServer = Server | TcpServer;

async function listen(server: AnyServer, scheme: 'http' | 'https'): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // The client hanging up on a hostile answer is expected, not an error of the test.
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server whose every answer is written by `respond`. */
export function hostileHttp(respond: (req: IncomingMessage, res: ServerResponse) => void): Promise<HostileServer> {
  return listen(createHttpServer(respond), 'http');
}

/** A TCP server that speaks whatever `onConnection` does (e.g. not HTTP at all). */
export function hostileTcp(onConnection: (socket: Socket) => void): Promise<HostileServer> {
  return listen(createTcpServer(onConnection), 'http');
}

/** A URL on which nothing listens: a port taken from the OS and released again. */
export async function refusingUrl(): Promise<string> {
  const server = await listen(createTcpServer(), 'http');
  await server.close();
  return server.url;
}

/**
 * An HTTPS server with a self-signed certificate made now with the openssl CLI; undefined (with
 * the reason) when openssl is not installed, so the caller can say why the case did not run.
 */
export async function selfSignedHttps(respond: (req: IncomingMessage, res: ServerResponse) => void): Promise<HostileServer | { unavailable: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'contract-kit-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore', timeout: 15_000 },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: `cannot make a self-signed certificate with openssl: ${(error as Error).message}` };
  }
  const key = readFileSync(join(dir, 'key.pem'));
  const cert = readFileSync(join(dir, 'cert.pem'));
  rmSync(dir, { recursive: true, force: true });
  return listen(createHttpsServer({ key, cert }, respond), 'https');
}

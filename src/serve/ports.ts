import { descriptorOf } from '../../mocks/descriptors.js';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';

/** The real services' default ports (each API's descriptor), which the mocks bind unless told otherwise. */
export const DEFAULT_PORTS: Readonly<Record<ApiId, number>> = Object.freeze(
  Object.fromEntries(API_IDS.map((api) => [api, descriptorOf(api).defaultPort])) as Record<ApiId, number>,
);

export const DEFAULT_HOST = '127.0.0.1';

/** `http://host:port`, with IPv6 literals bracketed. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Loopback by name or IP literal only: `127.example.com` is a remote host whatever its name says. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** Whether a URL points at this machine's loopback; false for anything unparsable (a templated server URL). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * A bind failure as the user can act on it: which port, which server, which flag changes it.
 * `service` is an api id or `docs`, the key `--port <service>=<port>` takes.
 */
export function bindError(error: NodeJS.ErrnoException, service: ApiId | 'docs', host: string, port: number): Error {
  const what = service === 'docs' ? 'docs server' : `${service} mock`;
  const change = `choose another port with --port ${service}=<port>`;
  if (error.code === 'EADDRINUSE') return new Error(`port ${port} on ${host} is already in use (${what}); ${change}`);
  if (error.code === 'EACCES') return new Error(`no permission to bind port ${port} on ${host} (${what}); ${change}`);
  if (error.code === 'EADDRNOTAVAIL') return new Error(`cannot bind ${host}:${port} (${what}): no such local address; check --host`);
  return new Error(`cannot start the ${what} on ${host}:${port}: ${error.message}`);
}

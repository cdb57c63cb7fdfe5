import type { ApiId } from '../../mocks/shared/types.js';

/** The real services' default ports (DESIGN.md), which the mocks bind unless told otherwise. */
export const DEFAULT_PORTS: Readonly<Record<ApiId, number>> = Object.freeze({
  'doris-fe': 8030,
  'doris-meta-service': 5000,
  'alluxio-coordinator': 19999,
  'klustron-cluster-manager': 35001,
});

export const DEFAULT_HOST = '127.0.0.1';

/** `http://host:port`, with IPv6 literals bracketed. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A bind failure as the user can act on it: which port, which API, which flag changes it. */
export function bindError(error: NodeJS.ErrnoException, api: ApiId, host: string, port: number): Error {
  const change = `choose another port with --port ${api}=<port>`;
  if (error.code === 'EADDRINUSE') return new Error(`port ${port} on ${host} is already in use (${api} mock); ${change}`);
  if (error.code === 'EACCES') return new Error(`no permission to bind port ${port} on ${host} (${api} mock); ${change}`);
  if (error.code === 'EADDRNOTAVAIL') return new Error(`cannot bind ${host}:${port} (${api} mock): no such local address; check --host`);
  return new Error(`cannot start the ${api} mock on ${host}:${port}: ${error.message}`);
}

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

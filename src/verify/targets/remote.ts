import type { ApiId, Profile, Simulator } from '../../../mocks/shared/types.js';
import { startMockServer } from '../../serve/http.js';
import { startPrismMock } from '../../serve/prism.js';
import { sendHttp } from './send-http.js';
import { isLoopbackUrl, type Target } from './target.js';

/** Any deployment or mock reachable over HTTP(S). Only a loopback URL counts as a local mock. */
export function urlTarget(baseUrl: string, options: { description?: string; close?: () => Promise<void>; stateful?: boolean; prefer?: boolean } = {}): Target {
  const origin = baseUrl.replace(/\/+$/, '');
  return {
    description: options.description ?? origin,
    origin,
    local: isLoopbackUrl(origin),
    stateful: options.stateful ?? true,
    honoursPrefer: options.prefer ?? false,
    send: (request, limits) => sendHttp(origin, request, limits),
    close: options.close ?? (async () => undefined),
  };
}

/** The simulator behind contract-kit's node:http server on a random local port: the network path. */
export async function simulatorServerTarget(api: ApiId, options: { profile?: Profile; simulator?: Simulator } = {}): Promise<Target> {
  const server = await startMockServer({ api, port: 0, profile: options.profile, simulator: options.simulator });
  return urlTarget(server.url, { description: `${api} simulator server ${server.url} (${server.simulator.profile})`, close: () => server.close() });
}

/** Prism mocking the spec on a random local port: stateless, answers chosen with `Prefer`. */
export async function prismTarget(api: ApiId): Promise<Target> {
  const prism = await startPrismMock(api, { port: 0 });
  return urlTarget(prism.url, { description: `Prism ${prism.url}`, close: () => prism.close(), stateful: false, prefer: true });
}

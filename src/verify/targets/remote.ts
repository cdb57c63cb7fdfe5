import type { ApiId, Profile, Simulator } from '../../../mocks/shared/types.js';
import { startMockServer } from '../../serve/http.js';
import { sendHttp } from './send-http.js';
import { isLoopbackUrl } from '../../serve/ports.js';
import type { Target } from './target.js';
import { redactUrl } from '../redact.js';

/** Any deployment or mock reachable over HTTP(S). Only a loopback URL counts as a local mock. */
export function urlTarget(
  baseUrl: string,
  options: { description?: string; close?: () => Promise<void>; stateful?: boolean; prepare?: Target['prepare'] } = {},
): Target {
  const origin = baseUrl.replace(/\/+$/, '');
  return {
    // The origin may carry userinfo (http://root:PW@host): reports show it without the password.
    description: redactUrl(options.description ?? origin),
    origin,
    local: isLoopbackUrl(origin),
    stateful: options.stateful ?? true,
    ...(options.prepare ? { prepare: options.prepare } : {}),
    send: (request, limits) => sendHttp(origin, request, limits),
    close: options.close ?? (async () => undefined),
  };
}

/**
 * A target at a base URL, counted as a local mock only when it is on this machine and answers
 * contract-kit's `GET /__contract-kit/health`: a real deployment on localhost (a published container
 * port, a developer's FE) gets only x-safety: read cases unless mutations are allowed.
 */
export async function connectUrlTarget(baseUrl: string, options: Parameters<typeof urlTarget>[1] & { healthTimeoutMs?: number } = {}): Promise<Target> {
  const target = urlTarget(baseUrl, options);
  if (!target.local) return target;
  const probe = await sendHttp(
    target.origin,
    { method: 'GET', path: '/__contract-kit/health', query: {}, headers: {} },
    { timeoutMs: options.healthTimeoutMs ?? 2_000, maxBodyBytes: 65_536 },
  );
  let isMock = false;
  try {
    isMock = probe.response?.status === 200 && (JSON.parse(probe.response.bodyText) as { status?: unknown }).status === 'ok';
  } catch {
    isMock = false;
  }
  return isMock ? target : { ...target, local: false };
}

/** The simulator behind contract-kit's node:http server on a random local port: the network path. */
export async function simulatorServerTarget(api: ApiId, options: { profile?: Profile; simulator?: Simulator } = {}): Promise<Target> {
  const server = await startMockServer({ api, port: 0, profile: options.profile, simulator: options.simulator });
  return urlTarget(server.url, { description: `${api} simulator server ${server.url} (${server.simulator.profile})`, close: () => server.close() });
}

import type { ApiId, Profile, Simulator } from '../../../mocks/shared/types.js';
import { startMockServer } from '../../serve/http.js';
import { startPrismMock } from '../../serve/prism.js';
import { sendHttp } from './send-http.js';
import type { ContractCase } from '../types.js';
import { isLoopbackUrl } from '../../serve/ports.js';
import type { Target } from './target.js';
import { redactUrl } from '../redact.js';

/** Any deployment or mock reachable over HTTP(S). Only a loopback URL counts as a local mock. */
export function urlTarget(
  baseUrl: string,
  options: { description?: string; close?: () => Promise<void>; stateful?: boolean; prefer?: boolean; unsupported?: Target['unsupported'] } = {},
): Target {
  const origin = baseUrl.replace(/\/+$/, '');
  return {
    // The origin may carry userinfo (http://root:PW@host): reports show it without the password.
    description: redactUrl(options.description ?? origin),
    origin,
    local: isLoopbackUrl(origin),
    stateful: options.stateful ?? true,
    honoursPrefer: options.prefer ?? false,
    unsupported: options.unsupported,
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

/** Prism mocking the spec on a random local port: stateless, answers chosen with `Prefer`. */
export async function prismTarget(api: ApiId): Promise<Target> {
  const prism = await startPrismMock(api, { port: 0 });
  return urlTarget(prism.url, { description: `Prism ${prism.url}`, close: () => prism.close(), stateful: false, prefer: true, unsupported: prismUnsupported });
}

/**
 * The negative cases a spec-driven mock cannot answer as documented. Prism only checks that
 * credentials are present and answers their absence with 401; answers an unparseable body with
 * its own error document; answers an invalid request with the documented 422 or 400, else with
 * its own 422; and cannot choose a failure envelope inside a 2xx answer (the Meta Service's and
 * Klustron's rejections).
 */
export function prismUnsupported(c: ContractCase): string | undefined {
  if (c.kind !== 'negative' || c.expectation.kind !== 'rejected') return undefined;
  const { statuses } = c.expectation;
  if (c.id.endsWith('/credentials:wrong')) return 'Prism checks that credentials are present, not that they are right';
  if (c.id.endsWith('/credentials:missing')) {
    return statuses.includes(401) ? undefined : `Prism answers missing credentials with 401; the spec documents ${statuses.join(', ') || 'a failure envelope'}`;
  }
  if (c.id.endsWith('/malformed-json')) return 'Prism answers an unparseable body with its own error document';
  if (statuses.length === 0) return 'the documented rejection is a failure envelope inside a 2xx answer, which Prism cannot choose';
  if (!statuses.includes(400) && !statuses.includes(422)) {
    return `Prism answers invalid requests with 400 or 422; the spec documents ${statuses.join(', ')} for this one`;
  }
  return undefined;
}

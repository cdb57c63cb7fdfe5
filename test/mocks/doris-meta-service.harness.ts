import { expect } from 'vitest';
import type { SimRequest, SimResponse } from '../../mocks/shared/types.js';
import { ManualClock } from '../../mocks/shared/clock.js';
import { createMetaServiceSimulator, DEFAULT_TOKEN, type MetaServiceSimulator } from '../../mocks/doris-meta-service/index.js';
import { loadSpec, routeRequest, type IndexedSpec } from '../../src/spec/index.js';
import { validateRequest, validateValue } from '../../src/validate/index.js';
import type { Profile, SimulatorSettings } from '../../mocks/shared/types.js';

/**
 * Drives the Meta Service simulator the way an adapter does (route with the spec, validate,
 * rejectInvalid / rejectUnrouted / handle) without HTTP, and checks every documented-profile
 * answer against the spec's response schema for its status and media type.
 */
export interface MsHarness {
  sim: MetaServiceSimulator;
  clock: ManualClock;
  /** A Meta Service handler call: `/MetaService/http/<name>?token=<default>`; extra query merged. */
  call(method: string, name: string, body?: unknown, query?: Record<string, string>, headers?: Record<string, string>): SimResponse;
  /** Any request (path as given). */
  send(request: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown; rawBody?: string }): SimResponse;
}

export const spec: IndexedSpec = await loadSpec('doris-meta-service');

export function msHarness(profile: Profile, options: { maxInstances?: number; settings?: SimulatorSettings } = {}): MsHarness {
  const clock = new ManualClock();
  const sim = createMetaServiceSimulator({ profile, clock, ...options });
  const send: MsHarness['send'] = ({ method, path, query = {}, headers = {}, body, rawBody }) => {
    const raw = rawBody ?? (body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
    let parsed: unknown = undefined;
    let malformed = false;
    if (raw !== '') {
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = raw;
        malformed = true;
      }
    }
    const lowerHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    let route = routeRequest(spec, { method, path, query, headers: lowerHeaders, body: parsed });
    // As the dispatcher does: a server that never checks the method answers as the path's operation.
    if ('unrouted' in route && route.byPath && sim.ignoresMethod) route = route.byPath;
    if ('unrouted' in route) {
      return sim.rejectUnrouted({ method, path, query, headers: lowerHeaders, body: parsed, rawBody: raw, reason: route.unrouted });
    }
    const request: SimRequest = {
      operationId: route.operation.canonicalId,
      variant: route.variant.name,
      method,
      path,
      query,
      headers: lowerHeaders,
      body: parsed,
      rawBody: raw,
    };
    const problems = validateRequest(route.operation, route.variant, { query, headers: lowerHeaders, body: parsed, rawBody: raw, bodyIsMalformedJson: malformed });
    const response = (problems.length > 0 ? sim.rejectInvalid(request, problems) : undefined) ?? sim.handle(request);
    if (profile === 'documented') expectDocumented(route.operation.operationId, response);
    return response;
  };
  return {
    sim,
    clock,
    send,
    call: (method, name, body, query = {}, headers = {}) =>
      send({ method, path: `/MetaService/http/${name}`, query: { token: DEFAULT_TOKEN, ...query }, headers, body }),
  };
}

/** The answer is one the spec documents for this operation: its status, media type and schema. */
export function expectDocumented(operationId: string, response: SimResponse): void {
  const op = spec.operationById.get(operationId);
  const documented = op?.responses.find((r) => r.status === String(response.status));
  expect(documented, `${operationId} answered HTTP ${response.status}, which the spec does not document`).toBeDefined();
  const mediaType = typeof response.body === 'string' ? 'text/plain' : 'application/json';
  const media = documented?.content.find((m) => m.mediaType === mediaType);
  expect(media, `${operationId} ${response.status} answered ${mediaType}, which the spec does not document`).toBeDefined();
  if (media?.schema) expect(validateValue(media.schema, response.body), JSON.stringify(response.body)).toEqual([]);
}

// `result` is whatever JSON the handler answers; tests walk into it freely (the spec schemas check its shape).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function bodyOf(response: SimResponse): { code: string; msg: string; result?: any } {
  return response.body as { code: string; msg: string; result?: any };
}

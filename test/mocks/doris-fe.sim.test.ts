import { beforeAll, describe, expect, it } from 'vitest';
import { createDorisFeSimulator } from '../../mocks/doris-fe/index.js';
import type { Profile, SimRequest, UnroutedRequest } from '../../mocks/shared/types.js';
import { loadSpec, type IndexedOperation } from '../../src/spec/index.js';
import { validateValue } from '../../src/validate/index.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ROOT = basic('root', ''); // a fresh cluster's root, empty password

/** `authorization: null` sends no Authorization header. */
function get(query: Record<string, string> = {}, authorization: string | null = ROOT): SimRequest {
  const headers: Record<string, string> = authorization === null ? {} : { authorization };
  return { operationId: 'get_backends', variant: 'default', method: 'GET', path: '/api/backends', query, headers, body: undefined, rawBody: '' };
}

function unrouted(method: string, path: string, reason: UnroutedRequest['reason']): UnroutedRequest {
  return { method, path, query: {}, headers: { authorization: ROOT }, body: undefined, rawBody: '', reason };
}

interface Envelope {
  msg: string;
  code: number;
  data: unknown;
  count: number;
}
const rows = (body: unknown) => ((body as Envelope).data as { backends: Record<string, unknown>[] }).backends;

let operation: IndexedOperation;
beforeAll(async () => {
  operation = (await loadSpec('doris-fe')).operationById.get('get_backends')!;
});

/** Every documented-profile answer must be one the spec documents, body included. */
function expectDocumented(status: number, body: unknown) {
  const response = operation.responses.find((r) => r.status === String(status));
  expect(response, `status ${status} is documented`).toBeDefined();
  const schema = response!.content.find((m) => m.mediaType === 'application/json')!.schema!;
  expect(validateValue(schema, body)).toEqual([]);
}

describe('doris-fe simulator, documented profile', () => {
  const profile: Profile = 'documented';

  it('lists every backend, dead ones included, when is_alive is absent or false', () => {
    const sim = createDorisFeSimulator({ profile });
    for (const query of [{}, { is_alive: 'false' }] as Record<string, string>[]) {
      const res = sim.handle(get(query));
      expect(res.status).toBe(200);
      expectDocumented(200, res.body);
      expect(res.body).toMatchObject({ msg: 'success', code: 0, count: 0 });
      expect(rows(res.body)).toEqual([
        { ip: '192.168.1.1', http_port: 8040, is_alive: true },
        { ip: '192.168.1.2', http_port: 8040, is_alive: true },
        { ip: '192.168.1.3', http_port: 8040, is_alive: false },
      ]);
    }
  });

  it('lists only live backends with is_alive=true', () => {
    const res = createDorisFeSimulator({ profile }).handle(get({ is_alive: 'true' }));
    expect(rows(res.body).map((r) => r.ip)).toEqual(['192.168.1.1', '192.168.1.2']);
    expect(rows(res.body).every((r) => r.is_alive === true)).toBe(true);
  });

  it('serves the configured backends and follows a BE going down', () => {
    const sim = createDorisFeSimulator({ profile, backends: [{ ip: '10.0.0.7', http_port: 8041, alive: true }] });
    expect(rows(sim.handle(get({ is_alive: 'true' })).body)).toEqual([{ ip: '10.0.0.7', http_port: 8041, is_alive: true }]);
    sim.setAlive('10.0.0.7', false);
    expect(rows(sim.handle(get({ is_alive: 'true' })).body)).toEqual([]);
    expect(() => sim.setAlive('10.9.9.9', true)).toThrow(/no backend 10\.9\.9\.9/);
    sim.reset();
    expect(sim.backends()).toEqual([{ ip: '10.0.0.7', http_port: 8041, alive: true }]);
  });

  it('answers 401 with the envelope and WWW-Authenticate without credentials', () => {
    const res = createDorisFeSimulator({ profile }).handle(get({}, null));
    expect(res.status).toBe(401);
    expect(res.headers?.['www-authenticate']).toMatch(/^Basic\b/);
    expect(res.body).toEqual({ msg: 'Unauthorized', code: 401, data: 'Need auth information.', count: 0 });
    expectDocumented(401, res.body);
  });

  it('answers 401 Access denied for a wrong password or an unknown user, and accepts configured users', () => {
    const sim = createDorisFeSimulator({ profile, users: { root: '', etl: 's3cret:with:colons' } });
    const wrong = sim.handle(get({}, basic('root', 'nope')));
    expect(wrong.status).toBe(401);
    expect((wrong.body as Envelope).data).toBe("Access denied for user 'root' (using password: YES)");
    const unknown = sim.handle(get({}, basic('bob', '')));
    expect((unknown.body as Envelope).data).toBe("Access denied for user 'bob' (using password: NO)");
    // Only the first ':' separates user and password; no privilege is needed.
    expect(sim.handle(get({}, basic('etl', 's3cret:with:colons'))).status).toBe(200);
  });

  it('treats a Basic credential without ":" as missing credentials (401)', () => {
    const noColon = `Basic ${Buffer.from('root').toString('base64')}`;
    const res = createDorisFeSimulator({ profile }).handle(get({}, noColon));
    expect(res.status).toBe(401);
    expect((res.body as Envelope).code).toBe(401);
  });

  it('accepts only the Basic scheme, as the spec\'s basicAuth says: Bearer is no credential (401)', () => {
    const res = createDorisFeSimulator({ profile }).handle(get({}, `Bearer ${Buffer.from('root:').toString('base64')}`));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 401, data: 'Need auth information.' });
    expectDocumented(401, res.body);
  });

  it('rejects a non-boolean is_alive with 400 (envelope code 403), after the password check', () => {
    const sim = createDorisFeSimulator({ profile });
    const problems = [{ in: 'query' as const, pointer: 'is_alive', message: "query parameter 'is_alive' must be boolean" }];
    const res = sim.rejectInvalid(get({ is_alive: 'yes' }), problems);
    expect(res?.status).toBe(400);
    expect(res?.body).toMatchObject({ msg: 'Bad Request', code: 403, count: 0 });
    expect((res?.body as Envelope).data).toContain('is_alive');
    expectDocumented(400, res?.body);
    expect(sim.rejectInvalid(get({ is_alive: 'yes' }, null), problems)?.status).toBe(401);
  });

  it('answers 405 with Allow: GET for another method and 404 for an unknown path, in the envelope', () => {
    const sim = createDorisFeSimulator({ profile });
    const post = sim.rejectUnrouted(unrouted('POST', '/api/backends', { kind: 'method-not-allowed', allowed: ['get'] }));
    expect(post.status).toBe(405);
    expect(post.headers?.allow).toBe('GET');
    expect(post.body).toMatchObject({ code: 1, count: 0, data: "Request method 'POST' not supported" });
    const missing = sim.rejectUnrouted(unrouted('GET', '/api/backend', { kind: 'no-path' }));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 404, msg: 'Not Found', count: 0 });
  });

  it('builds injected faults in the FE envelope with the requested status', () => {
    const sim = createDorisFeSimulator({ profile });
    const fault = sim.errorResponse(500, 'injected');
    expect(fault.status).toBe(500);
    expect(fault.body).toEqual({ msg: 'Internal Error', code: 500, data: 'injected', count: 0 });
    expectDocumented(500, fault.body);
    expect(sim.errorResponse(503, 'down').status).toBe(503);
  });
});

describe('doris-fe simulator, observed profile', () => {
  const profile: Profile = 'observed';

  it('adds the "alive" key beside is_alive (fe-alive-key)', () => {
    const res = createDorisFeSimulator({ profile }).handle(get());
    expect(res.status).toBe(200);
    expect(rows(res.body)[2]).toEqual({ ip: '192.168.1.3', http_port: 8040, is_alive: false, alive: false });
  });

  it('filters only on is_alive equal to "true" in any case (fe-is-alive-filter)', () => {
    const sim = createDorisFeSimulator({ profile });
    expect(rows(sim.handle(get({ is_alive: 'TRUE' })).body)).toHaveLength(2);
    expect(rows(sim.handle(get({ is_alive: 'True' })).body)).toHaveLength(2);
    for (const value of ['1', 'yes', '', 'false']) expect(rows(sim.handle(get({ is_alive: value })).body)).toHaveLength(3);
    // The Flink connector's misspelt parameter returns dead backends too.
    expect(rows(sim.handle(get({ is_aliva: 'true' })).body)).toHaveLength(3);
    expect(sim.rejectInvalid(get({ is_alive: 'yes' }), [{ in: 'query', pointer: 'is_alive', message: 'must be boolean' }])).toBeUndefined();
  });

  it('answers authentication failures with HTTP 200 and code 401, no WWW-Authenticate (fe-auth, fe-envelope-200)', () => {
    const sim = createDorisFeSimulator({ profile });
    const missing = sim.handle(get({}, null));
    expect(missing.status).toBe(200);
    expect(missing.headers?.['www-authenticate']).toBeUndefined();
    expect(missing.body).toEqual({ msg: 'Unauthorized', code: 401, data: 'Need auth information.', count: 0 });
    const empty = sim.handle(get({}, ''));
    expect((empty.body as Envelope).code).toBe(401);
    const wrong = sim.handle(get({}, basic('root', 'x')));
    expect(wrong.status).toBe(200);
    expect((wrong.body as Envelope).data).toBe("Access denied for user 'root' (using password: YES)");
  });

  it('answers a Basic credential without ":" with code 500 Internal Error (fe-auth)', () => {
    const res = createDorisFeSimulator({ profile }).handle(get({}, `Basic ${Buffer.from('root').toString('base64')}`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ msg: 'Internal Error', code: 500, count: 0 });
  });

  it('never checks the word before the credential (fe-auth-scheme)', () => {
    const sim = createDorisFeSimulator({ profile });
    // `Bearer <base64 of root:>` logs in and gets the backends, as `Basic` would.
    const bearer = sim.handle(get({ is_alive: 'true' }, `Bearer ${Buffer.from('root:').toString('base64')}`));
    expect(bearer.status).toBe(200);
    expect(bearer.body).toMatchObject({ msg: 'success', code: 0, count: 0 });
    expect(rows(bearer.body).map((row) => row.ip)).toEqual(['192.168.1.1', '192.168.1.2']);
    // `Bearer abc` decodes to text without ':': code 500 Internal Error.
    const garbage = sim.handle(get({}, 'Bearer abc'));
    expect(garbage.status).toBe(200);
    expect(garbage.body).toMatchObject({ msg: 'Internal Error', code: 500, count: 0 });
    // Any other word reads the same way; a wrong password is still denied.
    expect(sim.handle(get({}, `Token ${Buffer.from('root:x').toString('base64')}`)).body).toMatchObject({ code: 401, data: "Access denied for user 'root' (using password: YES)" });
  });

  it('answers other methods and unknown paths with HTTP 200 envelopes (fe-method, fe-envelope-200)', () => {
    const sim = createDorisFeSimulator({ profile });
    const del = sim.rejectUnrouted(unrouted('DELETE', '/api/backends', { kind: 'method-not-allowed', allowed: ['get'] }));
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ code: 500, count: 0 });
    const missing = sim.rejectUnrouted(unrouted('GET', '/api/nothing', { kind: 'no-path' }));
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ code: 404, count: 0 });
  });
});

describe('doris-fe simulator scenarios', () => {
  it('describes every scenario and rejects unknown names, listing the known ones', () => {
    const sim = createDorisFeSimulator();
    for (const name of ['all-backends-dead', 'no-backends', 'auth-rejected', 'fe-internal-error', 'hostname-backends']) {
      expect(sim.scenarios[name]?.length ?? 0).toBeGreaterThan(20);
    }
    expect(() => sim.applyScenario('cluster-on-fire')).toThrow(/all-backends-dead/);
  });

  it('all-backends-dead: is_alive=true returns an empty list; the full list shows them dead', () => {
    const sim = createDorisFeSimulator();
    sim.applyScenario('all-backends-dead');
    expect(rows(sim.handle(get({ is_alive: 'true' })).body)).toEqual([]);
    expect(rows(sim.handle(get()).body).map((r) => r.is_alive)).toEqual([false, false, false]);
    sim.reset();
    expect(rows(sim.handle(get({ is_alive: 'true' })).body)).toHaveLength(2);
  });

  it('no-backends: empty with or without is_alive', () => {
    const sim = createDorisFeSimulator();
    sim.applyScenario('no-backends');
    expect(rows(sim.handle(get()).body)).toEqual([]);
    expect(rows(sim.handle(get({ is_alive: 'true' })).body)).toEqual([]);
  });

  it('auth-rejected: even the right password is denied', () => {
    for (const profile of ['documented', 'observed'] as const) {
      const sim = createDorisFeSimulator({ profile });
      sim.applyScenario('auth-rejected');
      const res = sim.handle(get());
      expect(res.status).toBe(profile === 'documented' ? 401 : 200);
      expect(res.body).toMatchObject({ code: 401, data: "Access denied for user 'root' (using password: NO)" });
    }
  });

  it('fe-internal-error: code 500 after a successful password check', () => {
    const sim = createDorisFeSimulator();
    sim.applyScenario('fe-internal-error');
    const res = sim.handle(get());
    expect(res.status).toBe(500);
    expectDocumented(500, res.body);
    expect(sim.handle(get({}, null)).status).toBe(401);
  });

  it('hostname-backends: ip holds host names', () => {
    const sim = createDorisFeSimulator();
    sim.applyScenario('hostname-backends');
    const live = rows(sim.handle(get({ is_alive: 'true' })).body);
    expect(live).toHaveLength(2);
    expect(live.every((r) => /^[a-z0-9.-]+\.local$/.test(String(r.ip)))).toBe(true);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, type IndexedSpec } from '../../src/spec/index.js';

/**
 * What specs/sources/doris-fe-backends-action.txt describes, written from the document (the
 * backends-action pages, BackendsAction.java and the connectors' BackendV2 models), not from the
 * spec. The deprecated `/rest/v1/system?path=//backends` that the connectors used before is a
 * different, admin-only API the document only mentions; it is not part of this one.
 */
const DOCUMENTED_OPERATIONS = [
  {
    method: 'get',
    path: '/api/backends', // "GET /api/backends"; @RequestMapping(path = "/api/backends", method = {RequestMethod.GET})
    queryParameters: ['is_alive'], // "Query parameters: is_alive", IS_ALIVE = "is_alive"
    requestBody: false, // "Request body: None"
    envelope: ['msg', 'code', 'data', 'count'], // the documented response
    row: { ip: 'string', http_port: 'integer', is_alive: 'boolean' }, // BackendRow: String ip, int httpPort, boolean isAlive
    success: { msg: 'success', code: 0 },
  },
] as const;

let spec: IndexedSpec;

describe('doris-fe inventory', () => {
  beforeAll(async () => {
    spec = await loadSpec('doris-fe');
  });

  for (const documented of DOCUMENTED_OPERATIONS) {
    const name = `${documented.method.toUpperCase()} ${documented.path}`;

    it(`${name} is in the spec, read-only`, () => {
      const operation = spec.operations.find((op) => op.method === documented.method && op.path === documented.path);
      expect(operation, name).toBeDefined();
      expect(operation!.safety).toBe('read');
    });

    it(`${name} takes the documented query parameters, optional, and no body`, () => {
      const operation = spec.operations.find((op) => op.method === documented.method && op.path === documented.path)!;
      const query = operation.parameters.filter((p) => p.in === 'query');
      expect(query.map((p) => p.name).sort()).toEqual([...documented.queryParameters].sort());
      expect(query.every((p) => !p.required)).toBe(true);
      expect(operation.requestBody !== undefined).toBe(documented.requestBody);
    });

    it(`${name} answers the documented envelope with typed backend rows`, () => {
      const operation = spec.operations.find((op) => op.method === documented.method && op.path === documented.path)!;
      const ok = operation.responses.find((r) => r.status === '200');
      const media = ok?.content.find((m) => m.mediaType === 'application/json');
      expect(media?.schema).toBeDefined();
      // The documented example itself must be among the named examples.
      const values = media!.examples.map((e) => e.value as Record<string, unknown>);
      const docExample = values.find((v) => JSON.stringify(v).includes('192.1.1.1'));
      expect(docExample).toEqual({
        msg: 'success',
        code: 0,
        data: { backends: [{ ip: '192.1.1.1', http_port: 8040, is_alive: true }] },
        count: 0,
      });
      for (const value of values) {
        expect(Object.keys(value).sort()).toEqual([...documented.envelope].sort());
        expect(value).toMatchObject(documented.success);
        const rows = (value.data as { backends: Record<string, unknown>[] }).backends;
        for (const row of rows) {
          for (const [field, type] of Object.entries(documented.row)) {
            const actual = typeof row[field] === 'number' && Number.isInteger(row[field]) ? 'integer' : typeof row[field];
            expect(actual, `${field} of ${JSON.stringify(row)}`).toBe(type);
          }
        }
      }
    });
  }

  it('requires HTTP Basic (the handler calls executeCheckPassword)', () => {
    const schemes = Object.values(spec.securitySchemes);
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'basic' }));
    const operation = spec.operations[0]!;
    const requirements = operation.security ?? (spec.document.security as typeof operation.security) ?? [];
    expect(requirements.length).toBeGreaterThan(0);
  });

  it('has no operation the document lacks', () => {
    const documented = new Set(DOCUMENTED_OPERATIONS.map((d) => `${d.method} ${d.path}`));
    const extra = spec.operations.map((op) => `${op.method} ${op.path}`).filter((key) => !documented.has(key));
    expect(extra).toEqual([]);
  });

  it('serves the local mock at the FE default port first', () => {
    expect(spec.servers[0]?.url).toBe('http://127.0.0.1:8030');
  });
});

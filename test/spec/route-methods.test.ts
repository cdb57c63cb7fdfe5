import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadSpec, routeRequest, type IndexedSpec } from '../../src/spec/index.js';

/**
 * Method routing: an operation's `x-accepted-methods` route to it like its own method (never
 * taking a method another operation of the path documents), and a method no operation of the
 * path takes is `method-not-allowed`, carrying the one operation the path names (`byPath`).
 */
const dir = mkdtempSync(join(tmpdir(), 'ck-route-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok = `responses:
        '200':
          description: Done.
          content:
            application/json:
              schema: { type: object }
              examples: { done: { summary: Done, value: {} } }`;

const SPEC = `openapi: 3.1.0
info: { title: Fixture, version: '1' }
paths:
  /handlers/store:
    put:
      operationId: store
      x-accepted-methods: [post, put]
      requestBody:
        content:
          application/json:
            schema: { type: object }
      ${ok}
  /handlers/read:
    get:
      operationId: read_it
      ${ok}
    post:
      operationId: read_by_body
      x-accepted-methods: [get, delete]
      ${ok}
  /handlers/forms:
    put:
      operationId: forms
      x-variants:
        - name: big
          match: [{ in: body, pointer: /size, const: big }]
          responses: { '200': { examples: [done] } }
      ${ok}
`;

async function fixture(): Promise<IndexedSpec> {
  const file = join(dir, 'methods.yaml');
  writeFileSync(file, SPEC);
  return loadSpec('doris-meta-service', file);
}

const request = (method: string, path: string, body: unknown = {}) => ({ method, path, query: {}, headers: {}, body });
const routedId = (result: ReturnType<typeof routeRequest>) => ('operation' in result ? result.operation.operationId : undefined);

describe('routing by method', () => {
  test('x-accepted-methods is indexed lower case without the operation\'s own method', async () => {
    const spec = await fixture();
    expect(spec.operationById.get('store')?.acceptedMethods).toEqual(['post']);
    expect(spec.operationById.get('read_it')?.acceptedMethods).toEqual([]);
  });

  test('an accepted method reaches the operation as its own method does', async () => {
    const spec = await fixture();
    expect(routedId(routeRequest(spec, request('PUT', '/handlers/store')))).toBe('store');
    expect(routedId(routeRequest(spec, request('POST', '/handlers/store')))).toBe('store');
  });

  test('an accepted method never takes a method another operation of the path documents', async () => {
    const spec = await fixture();
    expect(routedId(routeRequest(spec, request('GET', '/handlers/read')))).toBe('read_it');
    expect(routedId(routeRequest(spec, request('POST', '/handlers/read')))).toBe('read_by_body');
    expect(routedId(routeRequest(spec, request('DELETE', '/handlers/read')))).toBe('read_by_body');
  });

  test('an unmapped method is method-not-allowed, listing the mapped ones and carrying the operation the path names', async () => {
    const spec = await fixture();
    const result = routeRequest(spec, request('DELETE', '/handlers/store'));
    expect('unrouted' in result && result.unrouted).toEqual({ kind: 'method-not-allowed', allowed: ['PUT', 'POST'] });
    expect('unrouted' in result && result.byPath?.operation.operationId).toBe('store');
    expect('unrouted' in result && result.byPath?.variant.name).toBe('default');
  });

  test('no byPath when the path names several operations or the body matches none of its variants', async () => {
    const spec = await fixture();
    const several = routeRequest(spec, request('PATCH', '/handlers/read'));
    expect('unrouted' in several && several.unrouted.kind).toBe('method-not-allowed');
    expect('unrouted' in several && several.byPath).toBeUndefined();
    const bigForm = routeRequest(spec, request('POST', '/handlers/forms', { size: 'big' }));
    expect('unrouted' in bigForm && bigForm.byPath?.variant.name).toBe('big');
    const noForm = routeRequest(spec, request('POST', '/handlers/forms', { size: 'small' }));
    expect('unrouted' in noForm && noForm.byPath).toBeUndefined();
  });
});

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import { decorateSpecForDocs } from '../../src/docs/decorate-spec.js';
import { loadDocsSource } from '../../src/docs/spec-sources.js';
import { specPath } from '../../src/spec/locate.js';

const fixture = fileURLToPath(new URL('./fixtures/emit-with-variants.yaml', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Extended = { [key: string]: unknown };
interface Quirk { id: string; says: string; chosen: string; why: string }
interface Observed { id: string; summary?: string }
interface Variant extends Extended { name: string; summary?: string }

async function loadDocument(file: string): Promise<OpenAPIV3_1.Document> {
  const source = await loadDocsSource('klustron-cluster-manager', file);
  if ('problem' in source) throw new Error(source.problem);
  return source.document;
}

/** Every operation with its path item, keyed `METHOD path`. */
function operationsOf(document: OpenAPIV3_1.Document): Map<string, { pathItem: Extended; operation: OpenAPIV3_1.OperationObject & Extended }> {
  const found = new Map();
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem?.[method];
      if (operation) found.set(`${method.toUpperCase()} ${path}`, { pathItem, operation });
    }
  }
  return found;
}

const list = <T>(owner: Extended, key: string): T[] => (Array.isArray(owner[key]) ? (owner[key] as T[]) : []);
const observedIds = (owner: Extended): string[] =>
  list<Observed | string>(owner, 'x-observed').map((entry) => (typeof entry === 'string' ? entry : entry.id));

/**
 * The check shared by the fixture and the real specs: everything the spec's own x- fields say
 * about an operation is in the decorated description.
 */
function expectExtensionsDescribed(original: OpenAPIV3_1.Document, decorated: OpenAPIV3_1.Document): void {
  const decoratedOps = operationsOf(decorated);
  for (const [key, { pathItem, operation }] of operationsOf(original)) {
    const description = decoratedOps.get(key)!.operation.description ?? '';
    if (operation.description) expect(description, key).toContain(operation.description.trim());
    const variants = list<Variant>(operation, 'x-variants');
    const quirks = [operation, ...variants].flatMap((owner) => list<Quirk>(owner, 'x-doc-quirks'));
    for (const quirk of quirks) {
      expect(description, `${key} quirk ${quirk.id}`).toContain(quirk.id);
      for (const text of [quirk.says, quirk.chosen, quirk.why]) expect(description, `${key} quirk ${quirk.id}`).toContain(text.trim());
    }
    for (const id of [operation, pathItem, ...variants, original as unknown as Extended].flatMap(observedIds)) {
      expect(description, `${key} observed ${id}`).toContain(id);
    }
    for (const variant of variants) {
      expect(description, `${key} variant ${variant.name}`).toContain(variant.name);
      if (variant.summary) expect(description, `${key} variant ${variant.name}`).toContain(variant.summary.trim());
    }
    if (quirks.length) expect(description).toContain('Document quirks');
    if (variants.length) expect(description).toContain('Variants');
  }
  const rootObserved = list<Observed | string>(original as unknown as Extended, 'x-observed');
  for (const entry of rootObserved) {
    const id = typeof entry === 'string' ? entry : entry.id;
    expect(decorated.info.description, `root observed ${id}`).toContain(id);
    if (typeof entry !== 'string' && entry.summary) expect(decorated.info.description).toContain(entry.summary.trim());
  }
}

describe('decorateSpecForDocs on the fixture spec', async () => {
  const original = await loadDocument(fixture);
  const pristine = structuredClone(original);
  const decorated = decorateSpecForDocs(original, { mockUrl: 'http://127.0.0.1:45001/' });
  const emit = decorated.paths!['/Emit']!.post!;

  it('describes every variant, quirk and observed deviation of each operation', () => {
    expectExtensionsDescribed(original, decorated);
  });

  it('says which variant each quirk and observed entry belongs to, and what a deviating response looks like', () => {
    expect(emit.description).toMatch(/fx-create-job-name`\*\* \(variant `create_cluster`\)/);
    expect(emit.description).toMatch(/fx-status-lag`\*\* \(variant `get_status`\)/);
    expect(emit.description).toContain('HTTP 400, `text/plain`, body matching `^bad request`');
  });

  it('spells out how a request is matched to a variant, in order', () => {
    const description = emit.description!;
    expect(description).toContain('body `/job_type` = `"create_cluster"`');
    expect(description).toContain('query `verbose` is absent');
    expect(description.indexOf('`create_cluster`')).toBeLessThan(description.indexOf('`get_status`'));
    expect(description).toContain('`CreateRequest`');
    expect(description).toMatch(/get_status.*answers `Done`/);
  });

  it('labels each variant example with the variants that list it', () => {
    const requestExamples = (emit.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']!.examples!;
    expect((requestExamples.get_status as OpenAPIV3_1.ExampleObject).summary).toBe('[get_status] Status of job 7.');
    const responseExamples = (emit.responses['200'] as OpenAPIV3_1.ResponseObject).content!['application/json']!.examples!;
    // Listed by get_status's 200 and by create_cluster's statusResponse.
    expect((responseExamples['create_cluster.done'] as OpenAPIV3_1.ExampleObject).summary).toBe(
      '[create_cluster, when done | get_status] Done.',
    );
  });

  it('leaves operations without x- extensions as they were, apart from their safety', () => {
    const health = decorated.paths!['/health']!.get!;
    expect(health.description).toContain('Plain operation without variants.');
    expect(health.description).not.toContain('Variants');
    expect(health.description).not.toContain('Document quirks');
  });

  it('puts the mock first in servers and keeps the documented ones', () => {
    expect(decorated.servers!.map((s) => s.url)).toEqual([
      'http://127.0.0.1:45001',
      'http://127.0.0.1:35001',
      'http://{host}:35001',
    ]);
  });

  it("also puts the mock first where a path names another local server: the API's mock serves every path of its spec", () => {
    expect(decorated.paths!['/health']!.servers!.map((s) => s.url)).toEqual([
      'http://127.0.0.1:45001',
      'http://127.0.0.1:8030',
      'http://{host}:8030',
    ]);
    expect(decorated.paths!['/Emit']!.servers).toBeUndefined();
  });

  it('does not change the document it was given', () => {
    expect(original).toEqual(pristine);
  });
});

const writtenSpecs = API_IDS.filter((api) => existsSync(specPath(api)));

describe.skipIf(writtenSpecs.length === 0)('decorateSpecForDocs on the real specs', () => {
  it.each(writtenSpecs)('%s: every x-variants, x-doc-quirks and x-observed entry is in the rendered descriptions', async (api) => {
    const original = await loadDocument(specPath(api));
    expectExtensionsDescribed(original, decorateSpecForDocs(original));
  });
});

describe('decorateSpecForDocs for Swagger UI on the Meta Service spec', () => {
  it('names every component schema (oneOf branches read as names, not `object`) and pre-fills the token parameter', async () => {
    const original = await loadDocument(specPath('doris-meta-service'));
    const decorated = decorateSpecForDocs(original, { token: 'greedisgood9999' });
    for (const [name, schema] of Object.entries(decorated.components!.schemas!)) {
      const title = (schema as { title?: string }).title;
      // A title the spec gives itself is kept; otherwise the component's name.
      expect(title, name).toBe((original.components!.schemas![name] as { title?: string }).title ?? name);
    }
    // The documents' token (every example of the Meta Service document uses it).
    expect((decorated.components!.parameters!.Token as OpenAPIV3_1.ParameterObject).example).toBe('greedisgood9999');
    expect((original.components!.parameters!.Token as OpenAPIV3_1.ParameterObject).example).toBeUndefined();
  });
});

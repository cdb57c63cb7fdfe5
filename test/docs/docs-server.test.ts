import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import { exportDocsSite, startDocsServer, type DocsServer } from '../../src/docs/index.js';

// The fixture stands in for one API so these checks do not depend on the real specs' progress.
const fixture = fileURLToPath(new URL('./fixtures/emit-with-variants.yaml', import.meta.url));
const specFiles = { 'klustron-cluster-manager': fixture };
const mockUrls = { 'klustron-cluster-manager': 'http://127.0.0.1:45001' };

describe('docs server', () => {
  let docs: DocsServer;
  beforeAll(async () => {
    docs = await startDocsServer({ port: 0, specFiles, mockUrls });
  });
  afterAll(() => docs?.close());

  const get = (path: string, init?: RequestInit) => fetch(new URL(path, docs.url), init);

  it('listens on 127.0.0.1 by default and answers the index at /', async () => {
    expect(new URL(docs.url).hostname).toBe('127.0.0.1');
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    for (const api of API_IDS) expect(html).toContain(`data-api="${api}"`);
    expect(html).toContain('Fixture RPC API');
    // The description's first paragraph, as plain text.
    expect(html).toContain('An RPC-style API with one endpoint discriminated by job_type.');
    expect(html).not.toContain('Second paragraph');
    expect(html).toContain('href="klustron-cluster-manager.html"');
    expect(html).toContain('http://127.0.0.1:45001');
    // Two operations in the fixture (POST /Emit, GET /health); Emit has two variants, health none.
    expect(html).toMatch(/class="ck-count">2</);
    expect(html).toMatch(/class="ck-variants">3</);
  });

  it('serves the decorated spec, pointed at the given mock', async () => {
    const response = await get('/klustron-cluster-manager.openapi.json');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as OpenAPIV3_1.Document;
    expect(document.servers?.[0]?.url).toBe('http://127.0.0.1:45001');
    expect(document.paths?.['/Emit']?.post?.description).toContain('fx-create-job-name');
  });

  it('embeds the same spec in the Swagger UI page, loads only local assets, and escapes `<` inside the script', async () => {
    const html = await (await get('/klustron-cluster-manager.swagger.html')).text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.filter((s) => /^[a-z]+:/i.test(s) || s.startsWith('//'))).toEqual([]);
    const embedded = /<script id="openapi-document" type="application\/json">([^]*?)<\/script>/.exec(html)![1]!;
    expect(embedded).not.toContain('<');
    expect((JSON.parse(embedded) as OpenAPIV3_1.Document).info.title).toBe('Fixture RPC API');
  });

  it('serves the renderer assets from swagger-ui-dist', async () => {
    for (const [path, type] of [
      ['/assets/swagger-ui-bundle.js', /javascript/],
      ['/assets/swagger-ui.css', /css/],
      ['/assets/swagger-page.js', /javascript/],
      ['/assets/reference.js', /javascript/],
      ['/assets/search-index.js', /javascript/],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(type);
    }
  });

  it('sends pages gzipped to clients that accept it, identical once decompressed', async () => {
    const { gunzipSync } = await import('node:zlib');
    const { request } = await import('node:http');
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      request(new URL('klustron-cluster-manager.html', docs.url), { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).on('error', reject).end();
    });
    expect(raw.encoding).toBe('gzip');
    const plain = await (await get('/klustron-cluster-manager.html', { headers: { 'accept-encoding': 'identity' } })).text();
    expect(gunzipSync(raw.body).toString()).toBe(plain);
    expect(raw.body.length).toBeLessThan(Buffer.byteLength(plain));
  });

  it('answers 404, not 500, to paths named like Object.prototype members', async () => {
    for (const path of ['/constructor', '/__proto__', '/toString', '/hasOwnProperty', '/assets/constructor', '/assets/__proto__']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('renders pages once: an edited spec shows only after a restart, never per page view', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-kit-docs-once-'));
    const copy = join(dir, 'spec.yaml');
    writeFileSync(copy, readFileSync(fixture, 'utf8'));
    const server = await startDocsServer({ port: 0, specFiles: { 'klustron-cluster-manager': copy }, mockUrls });
    try {
      // The OpenAPI JSON is bundled from the file itself (not the process-wide spec cache), so a re-render would show the edit.
      const first = await (await fetch(new URL('klustron-cluster-manager.openapi.json', server.url))).text();
      expect(first).toContain('Fixture RPC API');
      writeFileSync(copy, readFileSync(fixture, 'utf8').replace('Fixture RPC API', 'Edited title'));
      const again = await (await fetch(new URL('klustron-cluster-manager.openapi.json', server.url))).text();
      expect(again).toBe(first);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 404 outside the site (no file-system traversal) and 405 to other methods', async () => {
    expect((await get('/assets/../package.json')).status).toBe(404);
    expect((await get('/assets/%2e%2e/package.json')).status).toBe(404);
    expect((await get('/assets/index.js')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(404);
    const post = await get('/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('exportDocsSite', () => {
  it('writes the index, a page and a spec per API, and the assets the pages load', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'contract-kit-docs-export-'));
    try {
      const written = (await exportDocsSite(outDir, { specFiles, mockUrls })).map((file) => relative(outDir, file)).sort();
      expect(written).toContain('index.html');
      expect(written).toContain('klustron-cluster-manager.html');
      expect(written).toContain('klustron-cluster-manager.openapi.json');
      expect(written).toContain('klustron-cluster-manager.swagger.html');
      expect(written).toContain('assets/search-index.js');
      for (const api of API_IDS) expect(written).toContain(`${api}.html`);
      for (const name of ['klustron-cluster-manager.html', 'klustron-cluster-manager.swagger.html', 'index.html']) {
        const page = readFileSync(join(outDir, name), 'utf8');
        for (const [, asset] of page.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)) expect(written, name).toContain(asset);
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

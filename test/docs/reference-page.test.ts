/**
 * The reference pages and the search index, checked against the spec files read as plain YAML
 * (not through the docs' own model): every variant is an entry, fields come with their
 * required-ness, every quirk and deviation has a place, try-it starts with the documents'
 * credentials, and search finds operations, variants, fields, error codes and observed ids.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { buildSite, type Site } from '../../src/docs/index.js';
import type { SearchEntry } from '../../src/docs/search-index.js';
import { specPath } from '../../src/spec/locate.js';

type Node = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const raw = (api: ApiId): Node => parse(readFileSync(specPath(api), 'utf8')) as Node;

function operations(spec: Node): Node[] {
  return Object.values(spec.paths as Node).flatMap((item: Node) => METHODS.flatMap((m) => (item[m] ? [{ ...item[m], pathItem: item }] : [])));
}

const canonical = (spec: Node) => operations(spec).filter((op) => !op['x-alias-of']);
const ids = (owner: Node | undefined, key: string): string[] =>
  Array.isArray(owner?.[key]) ? owner[key].map((e: string | Node) => (typeof e === 'string' ? e : e.id)) : [];

let site: Site;
let searchIndex: SearchEntry[];
const pageOf = (api: ApiId) => String(site.get(`${api}.html`)!.body);

beforeAll(async () => {
  site = await buildSite();
  const script = String(site.get('assets/search-index.js')!.body);
  searchIndex = JSON.parse(script.slice(script.indexOf('=') + 1).trim().replace(/;$/, '')) as SearchEntry[];
});

describe.each(API_IDS)('%s reference page', (api) => {
  it('has an anchored section and a navigation link for every operation and every variant', () => {
    const html = pageOf(api);
    for (const op of canonical(raw(api))) {
      const variants: Node[] = op['x-variants'] ?? [];
      const anchors = variants.length ? variants.map((v) => `${op.operationId}/${v.name}`) : [op.operationId];
      expect(html, op.operationId).toContain(`id="${op.operationId}"`);
      for (const anchor of anchors) {
        expect(html, anchor).toContain(`id="${anchor}"`);
        expect(html, anchor).toContain(`href="#${anchor}"`);
      }
    }
  });

  it('gives every document quirk and observed deviation its own anchored note, in words, not raw JSON Schema', () => {
    const html = pageOf(api);
    const spec = raw(api);
    for (const id of ids(spec, 'x-observed')) expect(html, id).toContain(`id="observed/${id}"`);
    for (const op of canonical(spec)) {
      const owners: [string, Node][] = [
        [op.operationId, op],
        ...((op['x-variants'] ?? []) as Node[]).map((v): [string, Node] => [`${op.operationId}/${v.name}`, v]),
      ];
      for (const [anchor, owner] of owners) {
        for (const id of ids(owner, 'x-doc-quirks')) expect(html, `${anchor} quirk ${id}`).toContain(`id="${anchor}/quirk/${id}"`);
        for (const id of ids(owner, 'x-observed')) expect(html, `${anchor} observed ${id}`).toContain(`id="${anchor}/observed/${id}"`);
      }
      for (const id of ids(op.pathItem, 'x-observed')) expect(html, `${op.operationId} path-level ${id}`).toContain(`id="${op.operationId}/observed/${id}"`);
    }
    // Schemas are linked by name; no `$ref` or schema keyword dump reaches the reader.
    expect(html).not.toContain('$ref');
    expect(html).not.toMatch(/&#34;(additionalProperties|\$schema|allOf|oneOf|anyOf)&#34;/);
  });

  it('gives every element id once (each anchor leads to one place)', () => {
    const all = [...pageOf(api).matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    expect(all.filter((id, index) => all.indexOf(id) !== index)).toEqual([]);
  });

  it('names every oneOf/anyOf branch it shows (never a bare `object`)', () => {
    const html = pageOf(api);
    expect(html).not.toMatch(/one of (object|option \d)/);
  });
});

describe('Klustron create_cluster', () => {
  it("lists every paras field of the spec's request schema with its required-ness, and the get_status answer when done", () => {
    const spec = raw('klustron-cluster-manager');
    const schema = spec.components.schemas.KlCreateClusterRequest as Node;
    const paras = schema.properties.paras as Node;
    const html = pageOf('klustron-cluster-manager');
    const start = html.indexOf('id="emit/create_cluster"');
    const section = html.slice(start, html.indexOf('<section class="ck-variant"', start + 1));
    expect(section).toContain('async');
    for (const field of Object.keys(paras.properties)) {
      // Field, Type, then Required cells of the field's own row (no match may run into the next row).
      const row = new RegExp(`<tr><td><code>paras\\.${field}</code></td><td>(?:(?!</tr>)[^])*?</td><td>(?:<span class="ck-required">)?(required|optional)`).exec(section);
      expect(row?.[1], field).toBe((paras.required as string[]).includes(field) ? 'required' : 'optional');
    }
    const variant = (canonical(spec)[0]!['x-variants'] as Node[]).find((v) => v.name === 'create_cluster')!;
    expect(section).toContain('get_status</code> answers');
    for (const key of variant.statusResponse.examples as string[]) expect(section, key).toContain(`(${key})`);
  });
});

describe('try-it forms', () => {
  it("Meta Service starts with the documents' token greedisgood9999", () => {
    const html = pageOf('doris-meta-service');
    const forms = html.split('<details class="ck-try"').slice(1);
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms.filter((f) => !f.includes('cloud_cluster_status'))) {
      expect(form.slice(0, 2000)).toContain('data-name="token" value="greedisgood9999"');
    }
  });

  it("Doris FE starts with user root and an empty password (a fresh cluster's root)", () => {
    const html = pageOf('doris-fe');
    expect(html).toContain('name="user" value="root"');
    expect(html).toMatch(/name="password" type="password" value=""/);
  });

  it("Klustron's create_cluster form starts with the documented example body", () => {
    const spec = raw('klustron-cluster-manager');
    const emit = canonical(spec)[0]!;
    const example = emit.requestBody.content['application/json'].examples.create_cluster.value as Node;
    const html = pageOf('klustron-cluster-manager');
    const start = html.indexOf('id="try/emit/create_cluster/body"');
    const textarea = html.slice(html.indexOf('>', start) + 1, html.indexOf('</textarea>', start));
    const decoded = textarea.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    expect(JSON.parse(decoded)).toEqual(example);
  });
});

describe('search index (one for the four APIs, built with the site)', () => {
  const find = (title: string, kind?: string) => searchIndex.filter((e) => e.title === title && (!kind || e.kind === kind));

  it('finds Klustron create_cluster and Meta Service set_cluster_status at their anchors', () => {
    expect(find('create_cluster', 'variant').map((e) => e.href)).toContain('klustron-cluster-manager.html#emit/create_cluster');
    expect(find('set_cluster_status', 'operation').map((e) => e.href)).toEqual(['doris-meta-service.html#set_cluster_status']);
  });

  it('holds every operation and variant of the four specs, and their observed ids and quirk ids', () => {
    for (const api of API_IDS) {
      const spec = raw(api);
      for (const id of ids(spec, 'x-observed')) expect(find(id, 'observed').some((e) => e.api === api), `${api} ${id}`).toBe(true);
      for (const op of canonical(spec)) {
        expect(find(op.operationId, 'operation').some((e) => e.api === api), op.operationId).toBe(true);
        for (const v of (op['x-variants'] ?? []) as Node[]) expect(find(v.name, 'variant').some((e) => e.api === api), v.name).toBe(true);
        for (const id of ids(op, 'x-doc-quirks')) expect(find(id, 'quirk').length, id).toBeGreaterThan(0);
      }
    }
  });

  it('finds field names and error codes/messages of answers', () => {
    expect(find('paras.ha_mode', 'field').map((e) => e.href)).toContain('klustron-cluster-manager.html#emit/create_cluster');
    // Klustron's failure code and Meta Service's error categories, as the documents spell them.
    expect(searchIndex.some((e) => e.kind === 'answer' && e.api === 'klustron-cluster-manager' && e.text.includes('70001'))).toBe(true);
    expect(searchIndex.some((e) => e.kind === 'answer' && e.api === 'doris-meta-service' && e.text.includes('INVALID_ARGUMENT'))).toBe(true);
  });
});

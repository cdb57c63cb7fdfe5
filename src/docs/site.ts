import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { ApiId } from '../../mocks/shared/types.js';
import { requireOptional } from '../optional/index.js';
import { packageRoot } from '../spec/locate.js';
import { DOCUMENTED_CREDENTIALS } from '../verify/cases/credentials.js';
import { buildApiReference, type ApiReference } from './api-model.js';
import { renderReferencePage } from './api-page.js';
import { decorateSpecForDocs } from './decorate-spec.js';
import { buildSearchIndex, searchIndexScript } from './search-index.js';
import {
  apiPagePath,
  apiSpecPath,
  countOperations,
  countVariants,
  firstParagraph,
  renderIndexPage,
  renderMissingApiPage,
  renderSwaggerPage,
  swaggerPagePath,
  type IndexEntry,
  type SwaggerPrefill,
} from './site-pages.js';
import { loadDocsSources, type DocsSource } from './spec-sources.js';

export interface DocsSiteOptions {
  /** Where each API's mock listens (defaults to the spec's first server, the mock's default port). */
  mockUrls?: Partial<Record<ApiId, string>>;
  /** Spec files to render instead of `specs/<api>.yaml` (tests). */
  specFiles?: Partial<Record<ApiId, string>>;
}

export interface SiteFile {
  /** Relative to the site root, e.g. `doris-fe.html`, `assets/docs.css`. */
  path: string;
  contentType: string;
  body: string | Buffer;
}

/** The whole site by path. A Map, so that a path like `constructor` finds nothing rather than Object's prototype. */
export type Site = ReadonlyMap<string, SiteFile>;

const ownAssetsDir = join(packageRoot, 'src', 'docs', 'assets');

/**
 * Every static file the pages load, by site path. swagger-ui-dist is an optional peer dependency,
 * so it is resolved when a site is first built, not when this module loads.
 */
function assetFilesOf(): ReadonlyMap<string, string> {
  requireOptional('docs');
  const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return new Map([
    ['assets/swagger-ui.css', join(swaggerUiDir, 'swagger-ui.css')],
    ['assets/swagger-ui-bundle.js', join(swaggerUiDir, 'swagger-ui-bundle.js')],
    ['assets/favicon-32x32.png', join(swaggerUiDir, 'favicon-32x32.png')],
    ['assets/swagger-page.js', join(ownAssetsDir, 'swagger-page.js')],
    ['assets/reference.js', join(ownAssetsDir, 'reference.js')],
    ['assets/docs.css', join(ownAssetsDir, 'docs.css')],
  ]);
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

function siteFile(path: string, body: string | Buffer): SiteFile {
  return { path, contentType: contentTypes[extname(path)] ?? 'application/octet-stream', body };
}

type LoadedSource = Extract<DocsSource, { document: unknown }>;

function mockUrlOf(source: DocsSource, options: DocsSiteOptions): string | undefined {
  return options.mockUrls?.[source.api] ?? ('document' in source ? source.document.servers?.[0]?.url : undefined);
}

function indexEntry(source: DocsSource, options: DocsSiteOptions): IndexEntry {
  const mockUrl = mockUrlOf(source, options);
  if ('problem' in source) return { api: source.api, title: source.api, description: '', operationCount: 0, variantCount: 0, mockUrl, problem: source.problem };
  const { info } = source.document;
  return {
    api: source.api,
    title: info.title,
    description: firstParagraph(info.description),
    operationCount: countOperations(source.document),
    variantCount: countVariants(source.document),
    mockUrl,
  };
}

/** The documented credentials for each security scheme Swagger UI should pre-fill. */
function swaggerPrefill(source: LoadedSource): SwaggerPrefill {
  const schemes = Object.entries(source.spec.securitySchemes);
  return {
    basic: schemes
      .filter(([, s]) => s.type === 'http' && s.scheme.toLowerCase() === 'basic')
      .map(([scheme]) => ({ scheme, user: DOCUMENTED_CREDENTIALS.user, password: DOCUMENTED_CREDENTIALS.password })),
    apiKey: schemes.filter(([, s]) => s.type === 'apiKey').map(([scheme]) => ({ scheme, value: DOCUMENTED_CREDENTIALS.token })),
  };
}

function apiFiles(source: DocsSource, reference: ApiReference | undefined, options: DocsSiteOptions): SiteFile[] {
  if ('problem' in source || !reference) return [siteFile(apiPagePath(source.api), renderMissingApiPage(source.api, 'problem' in source ? source.problem : 'no spec'))];
  const mockUrl = mockUrlOf(source, options);
  const decorated = decorateSpecForDocs(source.document, { mockUrl, token: DOCUMENTED_CREDENTIALS.token });
  return [
    siteFile(apiPagePath(source.api), renderReferencePage(reference)),
    siteFile(swaggerPagePath(source.api), renderSwaggerPage(source.api, decorated, mockUrl, swaggerPrefill(source))),
    siteFile(apiSpecPath(source.api), JSON.stringify(decorated, null, 2)),
  ];
}

/**
 * Every file of the site, rendered once: the docs server answers from this map and the export
 * writes it. Specs are read here and never again per request.
 */
export async function buildSite(options: DocsSiteOptions = {}): Promise<Site> {
  const sources = await loadDocsSources(options.specFiles);
  const references = new Map(
    sources.flatMap((source) => ('spec' in source ? [[source.api, buildApiReference(source.spec, mockUrlOf(source, options))] as const] : [])),
  );
  const assets = await Promise.all([...assetFilesOf()].map(async ([path, file]) => siteFile(path, await readFile(file))));
  const files = [
    siteFile('index.html', renderIndexPage(sources.map((source) => indexEntry(source, options)))),
    ...sources.flatMap((source) => apiFiles(source, references.get(source.api), options)),
    siteFile('assets/search-index.js', searchIndexScript(buildSearchIndex([...references.values()]))),
    ...assets,
  ];
  return new Map(files.map((file) => [file.path, file]));
}

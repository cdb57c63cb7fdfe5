import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { requireOptional } from '../optional/index.js';
import { packageRoot } from '../spec/locate.js';
import { decorateSpecForDocs } from './decorate-spec.js';
import {
  apiPagePath,
  apiSpecPath,
  countOperations,
  countVariants,
  firstParagraph,
  renderApiPage,
  renderIndexPage,
  renderMissingApiPage,
  type IndexEntry,
} from './site-pages.js';
import { loadDocsSource, loadDocsSources, type DocsSource } from './spec-sources.js';

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

const ownAssetsDir = join(packageRoot, 'src', 'docs', 'assets');
let swaggerUiAssets: Readonly<Record<string, string>> | undefined;

/**
 * Every static file the pages load, by site path; nothing else is served. swagger-ui-dist is an
 * optional peer dependency, so it is resolved when a site is first built, not when this module loads.
 */
function assetFilesOf(): Readonly<Record<string, string>> {
  if (swaggerUiAssets) return swaggerUiAssets;
  requireOptional('docs');
  const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  swaggerUiAssets = {
    'assets/swagger-ui.css': join(swaggerUiDir, 'swagger-ui.css'),
    'assets/swagger-ui-bundle.js': join(swaggerUiDir, 'swagger-ui-bundle.js'),
    'assets/favicon-32x32.png': join(swaggerUiDir, 'favicon-32x32.png'),
    'assets/docs-page.js': join(ownAssetsDir, 'docs-page.js'),
    'assets/docs.css': join(ownAssetsDir, 'docs.css'),
  };
  return swaggerUiAssets;
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

function decorated(source: DocsSource & { document: OpenAPIV3_1.Document }, options: DocsSiteOptions): OpenAPIV3_1.Document {
  return decorateSpecForDocs(source.document, { mockUrl: mockUrlOf(source, options) });
}

/** The pages of one API: its HTML page and the decorated spec it renders. */
function apiFiles(source: DocsSource, options: DocsSiteOptions): SiteFile[] {
  if ('problem' in source) return [siteFile(apiPagePath(source.api), renderMissingApiPage(source.api, source.problem))];
  const document = decorated(source, options);
  return [
    siteFile(apiPagePath(source.api), renderApiPage(source.api, document, mockUrlOf(source, options))),
    siteFile(apiSpecPath(source.api), JSON.stringify(document, null, 2)),
  ];
}

const assetCache = new Map<string, Promise<Buffer>>();

function readAsset(path: string): Promise<Buffer> | undefined {
  const file = assetFilesOf()[path];
  if (!file) return undefined;
  let content = assetCache.get(path);
  if (!content) {
    content = readFile(file);
    assetCache.set(path, content);
    content.catch(() => assetCache.delete(path));
  }
  return content;
}

/**
 * One file of the site, rendered now: the specs are read on every page request, so an edited spec
 * shows on reload without restarting the docs. Undefined when the path is not part of the site.
 */
export async function renderSiteFile(path: string, options: DocsSiteOptions = {}): Promise<SiteFile | undefined> {
  if (path === '' || path === 'index.html') {
    const sources = await loadDocsSources(options.specFiles);
    return siteFile('index.html', renderIndexPage(sources.map((source) => indexEntry(source, options))));
  }
  const api = API_IDS.find((id) => path === apiPagePath(id) || path === apiSpecPath(id));
  if (api) {
    const files = apiFiles(await loadDocsSource(api, options.specFiles?.[api]), options);
    return files.find((file) => file.path === path);
  }
  const asset = readAsset(path);
  return asset && siteFile(path, await asset);
}

/** Every file of the site, for a static export. */
export async function renderSite(options: DocsSiteOptions = {}): Promise<SiteFile[]> {
  const sources = await loadDocsSources(options.specFiles);
  const assets = await Promise.all(Object.keys(assetFilesOf()).map(async (path) => siteFile(path, await readAsset(path)!)));
  return [
    siteFile('index.html', renderIndexPage(sources.map((source) => indexEntry(source, options)))),
    ...sources.flatMap((source) => apiFiles(source, options)),
    ...assets,
  ];
}

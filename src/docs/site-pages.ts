import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiId } from '../../mocks/shared/types.js';
import { declaredVariants, HTTP_METHODS } from '../spec/index-operations.js';
import { escapeHtml, plainText } from './markdown.js';

/**
 * The site's HTML. Links are relative and the layout is flat (`index.html`, `<api>.html`,
 * `assets/…`) so the same files work served over HTTP and exported to a directory.
 */

export interface IndexEntry {
  api: ApiId;
  title: string;
  /** Plain text: the first paragraph of the spec's description. */
  description: string;
  operationCount: number;
  /** Requests the operations tell apart (`x-variants`; an operation without variants counts once). */
  variantCount: number;
  /** Where try-it sends requests: the mock URL given to the docs, else the spec's first server. */
  mockUrl?: string;
  /** Why there is no page for this API yet. */
  problem?: string;
}

export const apiPagePath = (api: ApiId): string => `${api}.html`;
export const apiSpecPath = (api: ApiId): string => `${api}.openapi.json`;
/** The same API in Swagger UI, for readers who want the plain OpenAPI view. */
export const swaggerPagePath = (api: ApiId): string => `${api}.swagger.html`;

/** The site-wide search; `assets/reference.js` fills the results from `assets/search-index.js`. */
export function searchBox(): string {
  return `<div class="ck-search" role="search"><input type="search" id="ck-search" placeholder="Search all four APIs: operation, job type, field, error, observed id" aria-label="Search all four APIs" autocomplete="off"><ol id="ck-search-results" hidden></ol></div>`;
}

export function page(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" type="image/png" href="assets/favicon-32x32.png">
${head}<link rel="stylesheet" href="assets/docs.css">
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The first paragraph of a Markdown description as plain text: code and emphasis marks removed
 * (`_` is kept: identifiers such as `job_type` contain it).
 */
export function firstParagraph(markdown: string | undefined): string {
  return plainText((markdown ?? '').trim().split(/\n\s*\n/)[0]);
}

function operationsOf(document: OpenAPIV3_1.Document): object[] {
  return Object.values(document.paths ?? {}).flatMap((pathItem) =>
    HTTP_METHODS.flatMap((method) => (pathItem?.[method] ? [pathItem[method] as object] : [])),
  );
}

export function countOperations(document: OpenAPIV3_1.Document): number {
  return operationsOf(document).length;
}

export function countVariants(document: OpenAPIV3_1.Document): number {
  return operationsOf(document).reduce((count, op) => count + Math.max(1, declaredVariants(op).length), 0);
}

function indexRow(entry: IndexEntry): string {
  const name = entry.problem
    ? escapeHtml(entry.title)
    : `<a class="ck-api-link" href="${apiPagePath(entry.api)}">${escapeHtml(entry.title)}</a>`;
  const about = entry.problem ? `<span class="ck-problem">${escapeHtml(entry.problem)}</span>` : escapeHtml(entry.description);
  const mock = entry.mockUrl ? `<a class="ck-mock-url" href="${escapeHtml(entry.mockUrl)}">${escapeHtml(entry.mockUrl)}</a>` : '';
  return `<tr data-api="${entry.api}">
  <td>${name}<br><span class="ck-api-id">${entry.api}</span></td>
  <td>${about}</td>
  <td class="ck-count">${entry.problem ? '' : entry.operationCount}</td>
  <td class="ck-variants">${entry.problem ? '' : entry.variantCount}</td>
  <td>${mock}</td>
</tr>`;
}

export function renderIndexPage(entries: IndexEntry[]): string {
  return page(
    'contract-kit API docs',
    '',
    `<header class="ck-header"><strong>contract-kit</strong> API docs
${searchBox()}</header>
<main class="ck-main">
<p>Rendered from the contract-kit specs: every operation and every variant (Klustron job types, Meta Service request forms, Alluxio list-or-get) has its own entry with its fields, examples and answers, the places where the original document contradicts itself (document quirks) and how real servers deviate (observed). “Try it” sends requests to the local mock.</p>
<table class="ck-apis">
<thead><tr><th>API</th><th>Description</th><th class="ck-count">Operations</th><th class="ck-count">Variants</th><th>Local mock</th></tr></thead>
<tbody>
${entries.map(indexRow).join('\n')}
</tbody>
</table>
</main>
<script src="assets/search-index.js"></script>
<script src="assets/reference.js"></script>`,
  );
}

/** JSON inside a <script> element: `<` is escaped so no string in the spec can close the element. */
function embeddableJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** What Swagger UI pre-fills: the documented credentials for the spec's security schemes. */
export interface SwaggerPrefill {
  basic: { scheme: string; user: string; password: string }[];
  apiKey: { scheme: string; value: string }[];
}

export function renderSwaggerPage(api: ApiId, document: OpenAPIV3_1.Document, mockUrl: string | undefined, prefill: SwaggerPrefill): string {
  const target = mockUrl ? ` · Try it out sends requests to <code>${escapeHtml(mockUrl)}</code>` : '';
  return page(
    `${document.info.title} (Swagger UI) — contract-kit API docs`,
    '<link rel="stylesheet" href="assets/swagger-ui.css">\n',
    `<header class="ck-header"><a href="index.html">All APIs</a> · <a href="${apiPagePath(api)}">${escapeHtml(document.info.title)}</a> (${api}) in Swagger UI${target} · <a href="${apiSpecPath(api)}">OpenAPI JSON</a></header>
<div id="swagger-ui"></div>
<script id="openapi-document" type="application/json">${embeddableJson(document)}</script>
<script id="swagger-prefill" type="application/json">${embeddableJson(prefill)}</script>
<script src="assets/swagger-ui-bundle.js"></script>
<script src="assets/swagger-page.js"></script>`,
  );
}

export function renderMissingApiPage(api: ApiId, problem: string): string {
  return page(
    `${api} — contract-kit API docs`,
    '',
    `<header class="ck-header"><a href="index.html">All APIs</a> · <strong>${api}</strong></header>
<main class="ck-main"><p class="ck-problem">${escapeHtml(problem)}</p></main>`,
  );
}

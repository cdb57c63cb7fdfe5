export { startDocsServer, DEFAULT_DOCS_HOST, DEFAULT_DOCS_PORT, type DocsServer, type DocsServerOptions } from './server.js';
export { exportDocsSite } from './export.js';
export { buildSite, type DocsSiteOptions, type Site, type SiteFile } from './site.js';
export { decorateSpecForDocs, type DecorateOptions } from './decorate-spec.js';

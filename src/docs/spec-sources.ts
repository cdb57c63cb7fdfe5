import { existsSync } from 'node:fs';
import { bundle } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { loadSpec } from '../spec/load.js';
import { specPath } from '../spec/locate.js';
import type { IndexedSpec } from '../spec/types.js';

/** One API as the docs see it: its spec when it loads, or why it does not (specs are written in parallel). */
export type DocsSource =
  | { api: ApiId; file: string; document: OpenAPIV3_1.Document; spec: IndexedSpec }
  | { api: ApiId; file: string; problem: string };

/**
 * Reads a spec for rendering, in two forms. `document` is bundled (not dereferenced): internal
 * `$ref`s stay, so Swagger UI shows schema names and shared components once, while any external
 * file a spec refers to is pulled in (the page embeds the document and has no base URL to resolve
 * other files from). `spec` is the dereferenced, indexed spec the mocks use (loaded once per process).
 */
export async function loadDocsSource(api: ApiId, file: string = specPath(api)): Promise<DocsSource> {
  if (!existsSync(file)) return { api, file, problem: `spec not written yet (${file} is missing)` };
  try {
    const [document, spec] = await Promise.all([bundle(file) as Promise<OpenAPIV3_1.Document>, loadSpec(api, file)]);
    return { api, file, document, spec };
  } catch (error) {
    return { api, file, problem: `spec does not load: ${(error as Error).message}` };
  }
}

/** Every API id, in `API_IDS` order, so the index lists all four whether or not their spec exists yet. */
export function loadDocsSources(specFiles: Partial<Record<ApiId, string>> = {}): Promise<DocsSource[]> {
  return Promise.all(API_IDS.map((api) => loadDocsSource(api, specFiles[api])));
}

import { existsSync } from 'node:fs';
import { bundle } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { specPath } from '../spec/locate.js';

/** One API as the docs see it: its spec when it loads, or why it does not (specs are written in parallel). */
export type DocsSource =
  | { api: ApiId; file: string; document: OpenAPIV3_1.Document }
  | { api: ApiId; file: string; problem: string };

/**
 * Reads a spec for rendering. `bundle` (not `dereference`) keeps internal `$ref`s, so the renderer
 * shows schema names and shared components once, while any external file a spec refers to is pulled in:
 * the page embeds the document and has no base URL to resolve other files from.
 */
export async function loadDocsSource(api: ApiId, file: string = specPath(api)): Promise<DocsSource> {
  if (!existsSync(file)) return { api, file, problem: `spec not written yet (${file} is missing)` };
  try {
    const document = (await bundle(file)) as OpenAPIV3_1.Document;
    return { api, file, document };
  } catch (error) {
    return { api, file, problem: `spec does not load: ${(error as Error).message}` };
  }
}

/** Every API id, in `API_IDS` order, so the index lists all four whether or not their spec exists yet. */
export function loadDocsSources(specFiles: Partial<Record<ApiId, string>> = {}): Promise<DocsSource[]> {
  return Promise.all(API_IDS.map((api) => loadDocsSource(api, specFiles[api])));
}

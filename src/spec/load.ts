import { dereference } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { specPath } from './locate.js';
import { indexOperations, observedEntries, undocumentedHandlers } from './index-operations.js';
import type { IndexedSpec } from './types.js';

const cache = new Map<string, Promise<IndexedSpec>>();

export function isApiId(value: string): value is ApiId {
  return (API_IDS as readonly string[]).includes(value);
}

/**
 * Loads, dereferences and indexes a spec once per process; later calls share the result, so the
 * validators compiled from its schemas are compiled once too.
 */
export function loadSpec(api: ApiId, file: string = specPath(api)): Promise<IndexedSpec> {
  const key = `${api}\u0000${file}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = readSpec(api, file);
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

export function loadAllSpecs(): Promise<IndexedSpec[]> {
  return Promise.all(API_IDS.map((api) => loadSpec(api)));
}

async function readSpec(api: ApiId, file: string): Promise<IndexedSpec> {
  let document: OpenAPIV3_1.Document;
  try {
    // dereference mutates its input; giving it the path lets it parse a private copy.
    document = (await dereference(file)) as OpenAPIV3_1.Document;
  } catch (error) {
    throw new Error(`cannot load spec ${file}: ${(error as Error).message}`);
  }
  if (!String(document.openapi).startsWith('3.1')) {
    throw new Error(`spec ${file} is OpenAPI ${document.openapi}; contract-kit specs are OpenAPI 3.1`);
  }
  const operations = indexOperations(document);
  return {
    api,
    file,
    title: document.info.title,
    version: document.info.version,
    description: document.info.description ?? '',
    document,
    servers: document.servers ?? [],
    securitySchemes: (document.components?.securitySchemes ?? {}) as Record<string, OpenAPIV3_1.SecuritySchemeObject>,
    operations,
    operationById: new Map(operations.map((op) => [op.operationId, op])),
    observed: observedEntries(document),
    undocumentedHandlers: undocumentedHandlers(document),
  };
}

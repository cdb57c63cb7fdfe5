import type { JsonSchema, VariantResponse } from './types.js';

/** `text/plain; charset=utf-8` → `text/plain`. */
export function essence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

function covers(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true;
  return documented.endsWith('/*') && actual.startsWith(documented.slice(0, -1));
}

/**
 * The schema a response must satisfy given the Content-Type it was sent with: the documented
 * media type that covers it, else the status's first documented schema (a wrong content type is
 * its own check's failure, not this one's).
 */
export function schemaForContentType(response: VariantResponse, contentType: string | undefined): JsonSchema | undefined {
  if (contentType) {
    const actual = essence(contentType);
    const match = Object.keys(response.schemasByMediaType).find((documented) => covers(essence(documented), actual));
    if (match !== undefined) return response.schemasByMediaType[match];
  }
  return response.schema;
}

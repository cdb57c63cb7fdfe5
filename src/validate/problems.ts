import type { ErrorObject } from './ajv.js';

/** One way a value breaks its schema, in terms a failure message can show. */
export interface SchemaProblem {
  /** JSON pointer into the validated value ('' for the root). */
  pointer: string;
  message: string;
  /** The schema keyword that failed (`required`, `type`, `pattern`, `enum`...). */
  keyword: string;
  /** What the schema expected at that keyword (e.g. the type, the pattern, the allowed values). */
  expected?: unknown;
}

export function toSchemaProblems(errors: ErrorObject[] | null | undefined): SchemaProblem[] {
  return (errors ?? []).map((error) => {
    const pointer =
      error.keyword === 'required'
        ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`
        : error.keyword === 'additionalProperties'
          ? `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`
          : error.instancePath;
    return { pointer, keyword: error.keyword, message: error.message ?? error.keyword, expected: expectedOf(error) };
  });
}

function expectedOf(error: ErrorObject): unknown {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return params.type;
    case 'enum':
      return params.allowedValues;
    case 'const':
      return params.allowedValue;
    case 'pattern':
      return params.pattern;
    case 'format':
      return params.format;
    default:
      return error.schema;
  }
}

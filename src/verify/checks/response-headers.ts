import type { JsonSchema } from '../../spec/types.js';
import { validateValue } from '../../validate/index.js';
import { documentedHeaders, documentedResponses, documentedStatusKey, failed, passed, type ResponseCheck } from './context.js';

/** Header values are text; a numeric header schema is checked against the number they spell. */
function headerValue(schema: JsonSchema, text: string): unknown {
  const type = typeof schema === 'object' ? schema.type : undefined;
  return (type === 'integer' || type === 'number') && text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
}

/** Required documented headers are present; every documented header present matches its schema. */
export const responseHeadersConformance: ResponseCheck = (ctx) => {
  const { response } = ctx.exchange;
  const key = documentedStatusKey(documentedResponses(ctx), response.status);
  if (key === undefined) return undefined;
  const headers = Object.entries(documentedHeaders(ctx.operation, key));
  if (headers.length === 0) return undefined;
  for (const [name, header] of headers) {
    const actual = response.headers[name.toLowerCase()];
    if (actual === undefined) {
      if (!header.required) continue;
      return failed(ctx, 'response_headers_conformance', {
        message: `required header ${name} is missing from HTTP ${response.status}`,
        pointer: `header:${name}`,
        expected: header.schema ?? 'present',
        actual: undefined,
      });
    }
    const schema = header.schema as JsonSchema | undefined;
    if (!schema) continue;
    const problems = validateValue(schema, headerValue(schema, actual));
    if (problems.length > 0) {
      return failed(ctx, 'response_headers_conformance', {
        message: `header ${name} ${problems[0]!.message}`,
        pointer: `header:${name}`,
        expected: problems[0]!.expected,
        actual,
      });
    }
  }
  return passed('response_headers_conformance');
};

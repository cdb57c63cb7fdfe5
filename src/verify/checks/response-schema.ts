import { schemaForContentType } from '../../spec/media-type.js';
import { resolvePointer } from '../../spec/route.js';
import { isStringSchema, validateValue, type SchemaProblem } from '../../validate/index.js';
import { documentedResponses, documentedStatusKey, failed, parseBody, passed, type ResponseCheck } from './context.js';

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not']);

/** The problem that says most: a concrete keyword (not "must match a schema in anyOf"), deepest first. */
function mostSpecific(problems: SchemaProblem[]): SchemaProblem {
  const concrete = problems.filter((p) => !COMBINATORS.has(p.keyword));
  const pool = concrete.length ? concrete : problems;
  return pool.reduce((best, p) => (p.pointer.split('/').length > best.pointer.split('/').length ? p : best));
}

/** The body validates against the schema documented for the operation/variant and status. */
export const responseSchemaConformance: ResponseCheck = (ctx) => {
  const { response } = ctx.exchange;
  const key = documentedStatusKey(documentedResponses(ctx), response.status);
  const schema = key === undefined ? undefined : schemaForContentType(documentedResponses(ctx)[key]!, response.headers['content-type']);
  if (schema === undefined) return undefined;
  if (response.truncated) {
    return failed(ctx, 'response_schema_conformance', {
      message: `the body is larger than the read cap (${response.bodyText.length} bytes read) and cannot be validated`,
    });
  }
  const parsed = parseBody(response);
  let value: unknown;
  if (isStringSchema(schema)) value = response.bodyText;
  else if (parsed.kind === 'json') value = parsed.value;
  else {
    return failed(ctx, 'response_schema_conformance', {
      message: `HTTP ${response.status} body is not JSON`,
      pointer: '',
      expected: 'a JSON document',
      actual: parsed.kind === 'empty' ? '(empty body)' : parsed.value,
    });
  }
  const problems = validateValue(schema, value);
  if (problems.length === 0) return passed('response_schema_conformance');
  const problem = mostSpecific(problems);
  const others = problems.length > 1 ? ` (${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return failed(ctx, 'response_schema_conformance', {
    message: `HTTP ${response.status} body ${problem.message} [${problem.keyword}]${others}`,
    pointer: problem.pointer,
    expected: problem.keyword === 'required' ? 'a value (required)' : problem.expected,
    actual: resolvePointer(value, problem.pointer),
  });
};

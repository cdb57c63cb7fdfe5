import { schemaForContentType } from '../../spec/media-type.js';
import { resolvePointer } from '../../spec/route.js';
import { isStringSchema, validateValue, type SchemaProblem } from '../../validate/index.js';
import { documentedResponses, documentedStatusKey, failed, parseBody, passed, type ResponseCheck } from './context.js';

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not']);

const depth = (problem: SchemaProblem) => problem.pointer.split('/').length;

/**
 * The problems that say most, most specific first: concrete keywords (not "must match a schema in
 * anyOf") when there are any, deepest pointer first, each pointer and message once.
 */
function orderedProblems(problems: SchemaProblem[]): SchemaProblem[] {
  const concrete = problems.filter((p) => !COMBINATORS.has(p.keyword));
  const pool = concrete.length ? concrete : problems;
  const seen = new Set<string>();
  const unique = pool.filter((p) => {
    const key = `${p.pointer}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // A stable sort keeps ajv's order among problems of one depth.
  return unique.sort((a, b) => depth(b) - depth(a));
}

const expectedOf = (problem: SchemaProblem) => (problem.keyword === 'required' ? 'a value (required)' : problem.expected);

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
  const [problem, ...rest] = orderedProblems(problems) as [SchemaProblem, ...SchemaProblem[]];
  const others = rest.length > 0 ? ` (${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return failed(ctx, 'response_schema_conformance', {
    message: `HTTP ${response.status} body ${problem.message} [${problem.keyword}]${others}`,
    pointer: problem.pointer,
    expected: expectedOf(problem),
    actual: resolvePointer(value, problem.pointer),
    ...(rest.length > 0 && {
      problems: [problem, ...rest].map((p) => ({
        pointer: p.pointer,
        message: `${p.message} [${p.keyword}]`,
        expected: expectedOf(p),
        actual: resolvePointer(value, p.pointer),
      })),
    }),
  });
};

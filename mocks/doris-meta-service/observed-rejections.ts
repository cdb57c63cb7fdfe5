import type { RequestProblem, SimRequest } from '../shared/types.js';

/**
 * Which spec violations a real Meta Service refuses. Its JSON parser (protobuf's JsonStringToMessage)
 * accepts unknown fields, quoted numbers and enum values given as numbers or unknown names
 * (ms-lenient-json), and checks no pattern or required field; it refuses an empty or malformed body
 * (ms-empty-body-400) and a JSON type it cannot convert, such as a number or object where a string
 * field is, with `parse http request '<handler>': INVALID_ARGUMENT:<parser message>` (ms-parse-error).
 */

/** Handlers that read only the query string (ms-empty-body-400 names them). */
const QUERY_ONLY_HANDLERS = new Set(['get_instance', 'decode_key', 'cloud_cluster_status']);

/** Enum fields of the requests: a number or an unknown name there is accepted (ms-lenient-json). */
const ENUM_FIELDS = new Set(['provider', 'type', 'node_type', 'cluster_status', 'status', 'op']);

/** The parser's message for an empty body: its reason, the (empty) input line, a caret under the end. */
const EMPTY_BODY = 'Unexpected end of string. Expected a value.\n\n^';

/** What json2pb cannot read: a value of another JSON type than the field's (quoted numbers excepted). */
function isTypeMismatch(problem: RequestProblem): boolean {
  if (problem.in !== 'body') return false;
  const field = problem.pointer.split('/').pop() ?? '';
  if (ENUM_FIELDS.has(field)) return false;
  return /must be (?:string|object|array|boolean)\b/.test(problem.message);
}

/** A parser message in the protobuf shape: the reason, the input line, a caret under where it stopped. */
function syntaxMessage(rawBody: string, error: unknown): string {
  const position = /position (\d+)/.exec((error as Error).message)?.[1];
  const at = position === undefined ? rawBody.length : Number(position);
  const reason = at >= rawBody.trimEnd().length ? 'Unexpected end of string. Expected a value.' : 'Unexpected token.';
  const lineStart = rawBody.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = rawBody.indexOf('\n', at);
  const line = rawBody.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return `${reason}\n${line}\n${' '.repeat(at - lineStart)}^`;
}

/** Why the parser refuses the body, or undefined when it reads it. */
function parseFailure(req: SimRequest, problems: RequestProblem[]): string | undefined {
  if (req.rawBody.trim() === '') return EMPTY_BODY;
  try {
    JSON.parse(req.rawBody);
  } catch (error) {
    return syntaxMessage(req.rawBody, error);
  }
  const bodyIsObject = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body);
  if (!bodyIsObject) return 'Root element must be a message.';
  const mismatch = problems.find(isTypeMismatch);
  return mismatch ? `(${mismatch.pointer.slice(1).replace(/\//g, '.')}): invalid value for the field's type` : undefined;
}

/** The reason a real server refuses this request, or undefined when it goes on to the handler. */
export function observedRefusal(req: SimRequest, problems: RequestProblem[]): string | undefined {
  if (QUERY_ONLY_HANDLERS.has(req.operationId)) return undefined;
  const failure = parseFailure(req, problems);
  return failure === undefined ? undefined : `parse http request '${req.operationId}': INVALID_ARGUMENT:${failure}`;
}

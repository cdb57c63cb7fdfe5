import type { RequestProblem, SimRequest } from '../shared/types.js';

/**
 * Which spec violations a real Meta Service refuses. Its JSON parser (brpc json2pb) accepts unknown
 * fields, quoted numbers and enum values given as numbers or unknown names (ms-lenient-json), and
 * checks no pattern or required field; it refuses an empty or malformed body (ms-empty-body-400)
 * and a JSON type it cannot convert, such as a number or object where a string field is.
 */

/** Handlers that read only the query string (ms-empty-body-400 names them). */
const QUERY_ONLY_HANDLERS = new Set(['get_instance', 'decode_key', 'cloud_cluster_status']);

/** Enum fields of the requests: a number or an unknown name there is accepted (ms-lenient-json). */
const ENUM_FIELDS = new Set(['provider', 'type', 'node_type', 'cluster_status', 'status', 'op']);

/** What json2pb cannot read: a value of another JSON type than the field's (quoted numbers excepted). */
function isTypeMismatch(problem: RequestProblem): boolean {
  if (problem.in !== 'body') return false;
  const field = problem.pointer.split('/').pop() ?? '';
  if (ENUM_FIELDS.has(field)) return false;
  return /must be (?:string|object|array|boolean)\b/.test(problem.message);
}

/** The reason a real server refuses this request, or undefined when it goes on to the handler. */
export function observedRefusal(req: SimRequest, problems: RequestProblem[]): string | undefined {
  if (QUERY_ONLY_HANDLERS.has(req.operationId)) return undefined;
  const bodyIsObject = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body);
  if (!bodyIsObject) return `failed to parse request body: ${req.rawBody === '' ? 'empty body' : 'not a JSON object'}`;
  const mismatch = problems.find(isTypeMismatch);
  return mismatch ? `failed to parse request body: ${mismatch.pointer} has the wrong JSON type` : undefined;
}

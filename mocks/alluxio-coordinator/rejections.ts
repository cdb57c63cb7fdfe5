import type { RequestProblem, SimRequest, SimResponse, UnroutedRequest } from '../shared/types.js';
import { json, MESSAGES, statusAnswer } from './respond.js';

/**
 * Lookups whose documented answers have no 400: a malformed id, path or target simply finds
 * nothing, so the simulator runs them (and answers their documented 404).
 */
function isLookup(req: SimRequest): boolean {
  return req.operationId === 'unregister_node' || (req.method.toUpperCase() === 'GET' && req.variant !== 'list' && req.variant !== 'default');
}

/** ajv's messages for the document's "at most one of" rules, as src/validate reports them at the body root. */
const AT_MOST_ONE_RULES: Array<{ says: string; message: string }> = [
  { says: '(root) must NOT be valid', message: 'At most one of paths and index may be given' },
  { says: '(root) must match exactly one schema in oneOf', message: 'At most one of id and target may be given' },
];

function invalidMessage(req: SimRequest, problems: RequestProblem[]): string {
  const missing =
    req.rawBody === '' ||
    problems.some((p) => p.message.includes('required') || p.message.includes('must match a schema in anyOf'));
  if (missing) return MESSAGES.requiredParameters;
  const rule = AT_MOST_ONE_RULES.find((r) => problems.some((p) => p.message === r.says));
  if (rule) return rule.message;
  return `Invalid request: ${problems.map((p) => p.message).join('; ')}`;
}

/**
 * The documented 400 `{status}` for a request the spec rejects: "Required parameters not provided"
 * when the body or a required field is missing, the broken rule otherwise. The global file index
 * documents no 400, yet a body without `files` cannot be served: it gets the same 400.
 */
export function rejectInvalid(req: SimRequest, problems: RequestProblem[]): SimResponse | undefined {
  if (isLookup(req)) return undefined;
  return statusAnswer(400, invalidMessage(req, problems));
}

export function rejectUnrouted(req: UnroutedRequest): SimResponse {
  const { reason } = req;
  const method = req.method.toUpperCase();
  switch (reason.kind) {
    case 'no-path':
      return statusAnswer(404, `No API at ${method} ${req.path}`);
    case 'method-not-allowed': {
      const allowed = reason.allowed.map((m) => m.toUpperCase()).join(', ');
      return { ...json(405, { status: `Method ${method} is not allowed on ${req.path}; allowed: ${allowed}` }), headers: { 'content-type': 'application/json', allow: allowed } };
    }
    case 'no-variant':
      // Only rebalance progress has exclusive lookups (x-doc-quirks ax-rebalance-id-and-target).
      return statusAnswer(400, 'At most one of id and target may be given');
  }
}

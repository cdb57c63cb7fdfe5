import type { SimResponse } from '../shared/types.js';

/**
 * The coordinator's answers: JSON bodies, errors as `{"status": "<message>"}` (spec AxStatus).
 * Messages quoted in the document are used verbatim; the others say what went wrong in the
 * same style (e.g. "No job found for id: ...", extending the documented "No job found...").
 */
export const MESSAGES = {
  requiredParameters: 'Required parameters not provided',
  jobGone: "The job doesn't exist or has already finished",
  noMountedUfs: 'No mounted UFS found',
  opNotImplemented: 'OP not implemented',
  quotaNotEnabled: 'Quota not enabled',
  ttlNotEnabled: 'TTL not enabled',
  priorityNotEnabled: 'Priority eviction not enabled',
  fileIndexNotEnabled: 'Global file index is not enabled',
  mountTableNotManaged: 'The mount table is not managed through the API (static mount table file)',
  tooManyJobs: 'Too many unfinished jobs; stop or wait for some before submitting more',
  internalError: 'Internal error: the coordinator failed to serve the request',
} as const;

export function json(status: number, body: unknown): SimResponse {
  return { status, headers: { 'content-type': 'application/json' }, body };
}

export function statusAnswer(status: number, message: string): SimResponse {
  return json(status, { status: message });
}

export function ok(): SimResponse {
  return statusAnswer(200, 'ok');
}

export function requiredParametersMissing(): SimResponse {
  return statusAnswer(400, MESSAGES.requiredParameters);
}

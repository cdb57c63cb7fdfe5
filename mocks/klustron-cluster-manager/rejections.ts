import type { RequestProblem, SimResponse, UnroutedRequest } from '../shared/types.js';
import { failedEnvelope } from './envelope.js';
import { KlCode } from './outcome.js';
import type { ProfileRules } from './profile.js';

/**
 * Answers to requests that never become jobs, in Klustron's own failed envelope. The messages are
 * the real server's (kl-reject); early rejections carry no job_id/job_type keys (kl-envelope).
 */

const RAFT_TASKS = ['transfer_leader', 'add_peer', 'remove_peer'];

function reject(rules: ProfileRules, info: string, httpStatus = 200): SimResponse {
  return rules.respond(failedEnvelope(KlCode.REQUEST, info, false), httpStatus);
}

/** The server formats its messages into a 4096-byte buffer: at most 4095 bytes are kept (kl-parse-error-echo). */
const MESSAGE_BYTES = 4095;

/** The first `bytes` bytes of the UTF-8 text, less a character cut in half (a JS string cannot hold its bytes). */
function cutToBytes(text: string, bytes: number): string {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length <= bytes) return text;
  let end = bytes;
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--; // a continuation byte: the character started earlier
  return encoded.subarray(0, end).toString('utf8');
}

function jsonParseError(rules: ProfileRules, rawBody: string): string {
  let problem: string;
  if (rawBody.trim() === '') {
    problem = 'the request body is empty';
  } else {
    try {
      JSON.parse(rawBody);
      return 'JSON parse error: the request body is not a JSON object';
    } catch (error) {
      problem = (error as Error).message;
    }
  }
  // Real servers echo the body they could not parse (kl-parse-error-echo).
  return rules.parseErrorEchoesBody ? cutToBytes(`JSON parse error: ${problem}, JSON string: ${rawBody}`, MESSAGE_BYTES) : `JSON parse error: ${problem}`;
}

/** A request that failed validation against its variant's schema (documented profile only). */
export function rejectInvalidRequest(rules: ProfileRules, problems: RequestProblem[]): SimResponse | undefined {
  // Real servers accept such jobs and fail them later in get_status (kl-async-accept).
  if (rules.acceptsInvalid) return undefined;
  const details = problems.map((p) => `${p.in} ${p.pointer || '/'}: ${p.message}`).join('; ');
  return reject(rules, `invalid request: ${details}`);
}

/** What the simulator does with jobs a profile accepts although the spec has no variant for them. */
export interface UnroutedJobs {
  /** Accepts a job that fails when it runs (observed: a raft_mission task that does not exist). */
  acceptFailing(info: string): SimResponse;
  /** Runs a job type the profile knows beyond the documents (kl-job-types, kl-job-types-more); undefined for others. */
  answerUndocumented(jobType: string): SimResponse | undefined;
}

/**
 * The job_type is missing, empty, unknown, one the profile knows beyond the documents, or a
 * raft_mission task that does not exist (accepted and failed later by real servers).
 */
function rejectJobType(rules: ProfileRules, req: UnroutedRequest, jobs: UnroutedJobs): SimResponse {
  const { body } = req;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return reject(rules, body === undefined || typeof body === 'string' ? jsonParseError(rules, req.rawBody) : 'missing `job_type` key-value pair in the request body');
  }
  if (!('job_type' in body)) return reject(rules, 'missing `job_type` key-value pair in the request body');
  const jobType = (body as { job_type: unknown }).job_type;
  if (typeof jobType !== 'string' || jobType === '') {
    return reject(rules, 'The field `job_type` in Body must be a non empty valid string');
  }
  if (jobType === 'raft_mission') {
    const info = `paras.task_type must be one of ${RAFT_TASKS.join(', ')}`;
    return rules.acceptsInvalid ? jobs.acceptFailing(info) : reject(rules, info);
  }
  return jobs.answerUndocumented(jobType) ?? reject(rules, rules.unrecognizedJobType);
}

export function rejectUnroutedRequest(rules: ProfileRules, req: UnroutedRequest, jobs: UnroutedJobs): SimResponse {
  switch (req.reason.kind) {
    case 'no-path':
      // Only /HttpService/Emit is a service; the RPC framework answers anything else.
      return rules.profile === 'observed'
        ? rules.respondText(404, `Not Found: ${req.path}`)
        : reject(rules, `no such path ${req.path}; the API is POST /HttpService/Emit`, 404);
    case 'method-not-allowed': {
      const info = `${req.method} is not supported; send jobs with POST /HttpService/Emit`;
      if (rules.profile === 'observed') return reject(rules, info); // kl-reject: status failed, HTTP 200
      const response = reject(rules, info, 405);
      return { ...response, headers: { ...response.headers, allow: req.reason.allowed.join(', ') } };
    }
    case 'no-variant':
      return rejectJobType(rules, req, jobs);
  }
}

/** A fault-injected error: the failed envelope, with the requested HTTP status. */
export function faultResponse(rules: ProfileRules, httpStatus: number, message: string): SimResponse {
  return reject(rules, message, httpStatus);
}

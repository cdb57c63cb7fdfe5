import { connect } from 'node:net';
import type { Paras } from '../../src/scenarios/klustron-job-paras.js';

/**
 * How Klustron's web console (Kunlun-XPanel) and cluster_mgr's test scripts drive
 * `POST /HttpService/Emit`: a JSON job envelope per request, the answer read as JSON whatever its
 * content type (real servers send text/plain, kl-always-200), async jobs polled with get_status
 * until they leave `ongoing`, an unknown-job answer taken for "not recorded yet" (kl-unknown-job)
 * and polled again, the result read from `attachment`.
 */

export interface KlAnswer {
  httpStatus: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body as sent. */
  text: string;
  envelope: {
    version: string;
    error_code: string;
    error_info: string;
    status: string;
    job_id?: string;
    job_type?: string;
    attachment: Record<string, unknown> | null;
  };
}

/** Sends one job envelope and reads the answer. */
export type Emit = (body: Record<string, unknown>) => Promise<KlAnswer>;

function answerOf(httpStatus: number, headers: Record<string, string>, text: string): KlAnswer {
  return { httpStatus, headers, text, envelope: JSON.parse(text) as KlAnswer['envelope'] };
}

/**
 * The scripts' HTTP/1.0 POST over a raw socket (fetch speaks only HTTP/1.1): one request per
 * connection, the answer read until the server closes it.
 */
export function emitOverHttp10(baseUrl: string): Emit {
  const { hostname, port } = new URL(baseUrl);
  return (body) =>
    new Promise((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const socket = connect(Number(port), hostname);
      const chunks: Buffer[] = [];
      socket.on('connect', () => {
        socket.write(`POST /HttpService/Emit HTTP/1.0\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`);
        socket.write(payload);
      });
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        try {
          resolve(answerOf(Number(statusLine!.split(' ')[1]), headers, raw.slice(split + 4)));
        } catch (error) {
          reject(error);
        }
      });
    });
}

/** The console's fetch (a browser's XMLHttpRequest in Kunlun-XPanel). */
export function emitWithFetch(baseUrl: string): Emit {
  return async (body) => {
    const response = await fetch(`${baseUrl}/HttpService/Emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return answerOf(response.status, headers, await response.text());
  };
}

/** The envelope the console sends: version, an empty job_id (a new job), the job, a timestamp. */
export function jobEnvelope(jobType: string, paras?: Paras, jobId = ''): Record<string, unknown> {
  return { version: '1.0', job_id: jobId, job_type: jobType, timestamp: String(Math.floor(Date.now() / 1000)), user_name: 'super_dba', ...(paras && { paras }) };
}

export class KlJobFailed extends Error {
  constructor(readonly answer: KlAnswer['envelope']) {
    super(`job failed with ${answer.error_code}: ${answer.error_info}`);
  }
}

export interface PollOptions {
  /** Moves the mock's clock between polls (a real console sleeps a second or so). */
  wait: () => Promise<void>;
  maxPolls?: number;
}

/** Polls get_status until the job is done (returned) or failed (thrown); every status seen is recorded. */
export async function pollJob(emit: Emit, jobId: string, options: PollOptions, seen: string[] = []): Promise<KlAnswer> {
  for (let poll = 0; poll < (options.maxPolls ?? 20); poll++) {
    const answer = await emit(jobEnvelope('get_status', undefined, jobId));
    const { status, error_code } = answer.envelope;
    // An unknown job, or one whose record is not written yet: the same answer (kl-unknown-job).
    const unknownJob = status === 'failed' && error_code === '70001';
    seen.push(unknownJob ? 'unknown-job' : status);
    if (status === 'done') return answer;
    if (status === 'failed' && !unknownJob) throw new KlJobFailed(answer.envelope);
    await options.wait();
  }
  throw new Error(`job ${jobId} did not finish after ${options.maxPolls ?? 20} polls (seen: ${seen.join(', ')})`);
}

/** Issues an async job (it must be accepted) and polls it to the end. */
export async function runJob(emit: Emit, jobType: string, paras: Paras, options: PollOptions, seen: string[] = []): Promise<KlAnswer> {
  const accepted = await emit(jobEnvelope(jobType, paras));
  if (accepted.envelope.status !== 'accept' || !accepted.envelope.job_id) {
    throw new Error(`${jobType} was not accepted: ${accepted.text}`);
  }
  return pollJob(emit, accepted.envelope.job_id, options, seen);
}

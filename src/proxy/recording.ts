import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiId } from '../../mocks/shared/types.js';
import { CONTROL_PREFIX } from '../serve/control.js';
import type { JsonSchema } from '../spec/types.js';
import { SchemaCompiler, toSchemaProblems } from '../validate/index.js';
import { isSecretName, REDACTED, redactBody, scrubSecrets, secretValues } from '../verify/redact.js';
import recordingSchema from './recording.schema.json' with { type: 'json' };
import { requestParts } from './request-parts.js';
import type { ProxiedExchange } from './types.js';

/** The one file `proxy --record <dir>` writes and `mock --replay <dir>` reads. */
export const RECORDING_FILE = 'recording.json';
export { recordingSchema };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: string;
}

export interface RecordedExchange {
  api: ApiId;
  target?: string;
  request: RecordedRequest;
  response: { status: number; headers: Record<string, string>; body?: string; bodyEncoding?: 'base64' };
}

/** The recording format; its JSON Schema is src/proxy/recording.schema.json. */
export interface Recording {
  format: 'contract-kit-recording';
  version: 1;
  recordedAt?: string;
  /** `redacted`: secret-named values were recorded as `***` and match any value on replay. */
  secrets: 'redacted' | 'kept';
  exchanges: RecordedExchange[];
}

/** A problem with a recording file that the user must fix (a usage error, not a failure found). */
export class RecordingError extends Error {}

/** The opening of a recording up to its exchanges array, for JsonArrayFile. */
export function recordingHead(secrets: Recording['secrets'], recordedAt: Date): string {
  return `{"format":"contract-kit-recording","version":1,"recordedAt":${JSON.stringify(recordedAt.toISOString())},"secrets":${JSON.stringify(secrets)},"exchanges":[`;
}

export const RECORDING_CLOSING = ']}\n';

/** Response headers that describe one transfer, not the answer: replay sets its own. */
const TRANSFER_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

/**
 * The request as a recording keeps it and replay matches it: secret-named query parameters and
 * body fields as `***` when `redact`, so a redacted recording matches whatever token is sent.
 */
export function recordedRequest(request: { method: string; path: string; query: Record<string, string>; body?: string }, redact: boolean): RecordedRequest {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.query)) query[name] = redact && isSecretName(name) ? REDACTED : value;
  const body = request.body === undefined || request.body === '' ? undefined : redact ? redactBody(request.body) : request.body;
  return { method: request.method.toUpperCase(), path: request.path, query, ...(body !== undefined ? { body } : {}) };
}

/** An exchange as a recording item; undefined when it cannot be replayed (not answered by the target, or a body over the cap). */
export function toRecordedExchange(exchange: ProxiedExchange, redact: boolean): RecordedExchange | undefined {
  const { request, response } = exchange;
  if (exchange.outcome.kind !== 'forwarded' || !response || request.body.overCap || response.body.overCap) return undefined;
  // A contract-kit mock's control endpoints are not the API's traffic; the replaying mock has its own.
  if (request.target.startsWith(CONTROL_PREFIX)) return undefined;
  const parts = requestParts(request);
  const secrets = redact ? secretValues(parts) : [];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!TRANSFER_HEADERS.has(name)) headers[name] = redact && isSecretName(name) ? REDACTED : value;
  }
  const raw = Buffer.from(response.body.text, 'utf8');
  let body: { body?: string; bodyEncoding?: 'base64' } = {};
  if (response.body.bytes > 0) {
    body = isUtf8(raw) ? { body: redact ? scrubSecrets(redactBody(response.body.text), secrets) : response.body.text } : { body: raw.toString('base64'), bodyEncoding: 'base64' };
  }
  return {
    api: exchange.api,
    target: exchange.origin,
    request: recordedRequest(parts, redact),
    response: { status: response.status, headers, ...body },
  };
}

let validateRecording: ReturnType<SchemaCompiler['compile']> | undefined;

/** Reads `<dir>/recording.json` and checks it against the format's JSON Schema. */
export function readRecording(dir: string): Recording {
  const file = join(dir, RECORDING_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RecordingError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (record one with contract-kit proxy --record <dir>)' : (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordingError(`${file} is not JSON: ${(error as Error).message}`);
  }
  validateRecording ??= new SchemaCompiler().compile(recordingSchema as JsonSchema);
  if (!validateRecording(value)) {
    const problems = toSchemaProblems(validateRecording.errors).slice(0, 5).map((p) => `${p.pointer || '/'}: ${p.message}`);
    throw new RecordingError(`${file} is not a contract-kit recording: ${problems.join('; ')}`);
  }
  return value as Recording;
}

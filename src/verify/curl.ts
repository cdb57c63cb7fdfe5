import { redactBody, redactRecord } from './redact.js';
import type { CaseRequest } from './types.js';

/** The full URL of a request, query string encoded; secrets in the query redacted when asked. */
export function requestUrl(origin: string, request: CaseRequest, redact = false): string {
  const query = redact ? redactRecord(request.query) : request.query;
  const search = new URLSearchParams(query).toString();
  return `${origin}${request.path}${search ? `?${search}` : ''}`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that reproduces the request, with secrets (tokens, passwords, keys) redacted. */
export function curlCommand(origin: string, request: CaseRequest): string {
  const parts = ['curl', '-sS', '-i', '-X', request.method, shellQuote(requestUrl(origin, request, true))];
  for (const [name, value] of Object.entries(redactRecord(request.headers))) {
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(redactBody(request.body)));
  return parts.join(' ');
}

import { redactBody, redactHeaders, redactRecord, redactUrl, type SecretMarks } from './redact.js';
import type { CaseRequest } from './types.js';

/** The full URL of a request, query string encoded; secrets (query, userinfo) redacted when asked. */
export function requestUrl(origin: string, request: CaseRequest, redact = false, marks?: SecretMarks): string {
  const query = redact ? redactRecord(request.query, marks) : request.query;
  const search = new URLSearchParams(query).toString();
  const url = `${origin}${request.path}${search ? `?${search}` : ''}`;
  return redact ? redactUrl(url, marks) : url;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that reproduces the request, with secrets (tokens, passwords, keys, spec-marked fields) redacted. */
export function curlCommand(origin: string, request: CaseRequest, marks?: SecretMarks): string {
  const parts = ['curl', '-sS', '-i', '-X', request.method, shellQuote(requestUrl(origin, request, true, marks))];
  for (const [name, value] of Object.entries(redactHeaders(request.headers, marks))) {
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(redactBody(request.body, marks)));
  return parts.join(' ');
}

import type { HarEntry } from '../har/index.js';
import { isSecretName, REDACTED, redactBody, scrubSecrets, secretValues } from '../verify/redact.js';
import { requestParts } from './request-parts.js';
import type { ProxiedExchange } from './types.js';

interface NameValue {
  name: string;
  value: string;
}

/** A complete HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/), as `--har` writes it. */
export interface FullHarEntry extends HarEntry {
  startedDateTime: string;
  time: number;
  request: HarEntry['request'] & { httpVersion: string; cookies: []; headers: NameValue[]; queryString: NameValue[]; headersSize: -1; bodySize: number };
  response: HarEntry['response'] & {
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: NameValue[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}

export const HAR_CREATOR = { name: 'contract-kit proxy', version: '1' };

/** The opening of a HAR file up to its entries array, for JsonArrayFile. */
export function harHead(): string {
  return `{"log":{"version":"1.2","creator":${JSON.stringify(HAR_CREATOR)},"entries":[`;
}

export const HAR_CLOSING = ']}}\n';

/**
 * One exchange as a HAR entry. `redact`: secret-named headers, query parameters and body fields
 * become `***`, and secret values the request carried are scrubbed wherever the answer repeats them
 * (`incorrect token, token=<given>`); the policy is src/verify/redact.ts, shared with verify's reports.
 */
export function toHarEntry(exchange: ProxiedExchange, redact: boolean): FullHarEntry {
  const { request, response } = exchange;
  const parts = requestParts(request);
  const query = parts.query;
  const secrets = redact ? secretValues(parts) : [];
  const text = (body: string) => (redact ? scrubSecrets(redactBody(body), secrets) : body);
  const pairs = (record: Record<string, string>): NameValue[] =>
    Object.entries(record).map(([name, value]) => ({ name, value: redact && isSecretName(name) ? REDACTED : redact ? scrubSecrets(value, secrets) : value }));
  const queryString = pairs(query);
  const url = redact ? `${exchange.origin}${parts.path}${searchString(queryString)}` : `${exchange.origin}${request.target}`;
  const bodyText = (body: ProxiedExchange['request']['body']) => (body.overCap ? undefined : text(body.text));
  const postText = request.body.bytes > 0 ? bodyText(request.body) : undefined;
  const responseMime = response?.headers['content-type'] ?? '';
  const responseText = response && response.body.bytes > 0 ? bodyText(response.body) : undefined;
  const notes = [
    exchange.outcome.kind === 'forwarded' ? undefined : describeOutcome(exchange),
    request.body.overCap ? `request body of ${request.body.bytes} bytes not kept (over the judging cap)` : undefined,
    response?.body.overCap ? `response body of ${response.body.bytes} bytes not kept (over the judging cap)` : undefined,
  ].filter((n): n is string => n !== undefined);
  return {
    startedDateTime: exchange.startedAt.toISOString(),
    time: round(exchange.durationMs),
    request: {
      method: request.method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(request.headers),
      queryString,
      headersSize: -1,
      bodySize: request.body.bytes,
      ...(postText !== undefined || request.body.bytes > 0
        ? { postData: { mimeType: request.headers['content-type'] ?? '', ...(postText !== undefined ? { text: postText } : {}) } }
        : {}),
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: response ? pairs(response.headers) : [],
      content: { size: response?.body.bytes ?? 0, mimeType: responseMime, ...(responseText !== undefined ? { text: responseText } : {}) },
      redirectURL: response?.headers.location ?? '',
      headersSize: -1,
      bodySize: response?.body.bytes ?? 0,
    },
    cache: {},
    timings: { send: 0, wait: round(exchange.durationMs), receive: 0 },
    ...(notes.length ? { comment: notes.join('; ') } : {}),
  };
}

function describeOutcome(exchange: ProxiedExchange): string {
  const { outcome } = exchange;
  switch (outcome.kind) {
    case 'refused':
      return `refused by the proxy: ${outcome.reason}`;
    case 'fault':
      return `injected fault: ${outcome.reason}`;
    case 'proxy-error':
      return `proxy error: ${outcome.cause}`;
    case 'client-aborted':
      return 'the client hung up before the answer was complete';
    default:
      return '';
  }
}

function searchString(query: NameValue[]): string {
  return query.length ? `?${new URLSearchParams(query.map((p) => [p.name, p.value])).toString()}` : '';
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

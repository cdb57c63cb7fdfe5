import { readFileSync } from 'node:fs';
import { parseQuery } from '../serve/decode.js';
import type { CapturedResponse, Exchange } from '../verify/types.js';
import type { HarEntry, HarFile, HarNameValue } from './har-types.js';

/** A HAR file that cannot be read as one (a usage error, not a contract failure). */
export class HarFormatError extends Error {}

/** The first field of an entry that a HAR 1.2 entry must have and this one lacks. */
function missingField(entry: unknown): string | undefined {
  const e = entry as Partial<HarEntry> | null;
  if (!e || typeof e !== 'object') return 'the entry is not an object';
  if (!e.request || typeof e.request !== 'object') return 'request is missing';
  if (typeof e.request.method !== 'string') return 'request.method is missing or not a string';
  if (typeof e.request.url !== 'string') return 'request.url is missing or not a string';
  if (!e.response || typeof e.response !== 'object') return 'response is missing';
  if (typeof e.response.status !== 'number') return 'response.status is missing or not a number';
  return undefined;
}

/** A HAR document from its text; `name` (the file) is named in every error. */
export function parseHar(text: string, name: string): HarFile {
  let har: HarFile;
  try {
    har = JSON.parse(text) as HarFile;
  } catch (error) {
    throw new HarFormatError(`${name} is not JSON: ${(error as Error).message}`);
  }
  if (!har || typeof har !== 'object' || !har.log || typeof har.log !== 'object') {
    throw new HarFormatError(`${name} is not a HAR file: it has no "log" object (a HAR file is {"log": {"entries": [...]}})`);
  }
  if (!Array.isArray(har.log.entries)) throw new HarFormatError(`${name} is not a HAR file: log.entries is not an array`);
  har.log.entries.forEach((entry, index) => {
    const missing = missingField(entry);
    if (missing) throw new HarFormatError(`${name}: log.entries[${index}]: ${missing}`);
  });
  return har;
}

export function readHarFile(file: string): HarFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new HarFormatError(`cannot read ${file}: ${why}`);
  }
  return parseHar(text, file);
}

function headerRecord(headers: HarNameValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of headers ?? []) {
    const key = name.toLowerCase();
    // HTTP/2 pseudo-headers (:authority, :path) are transport, not request headers.
    if (key.startsWith(':')) continue;
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}

/** A HAR entry as an exchange the verify checks can judge; undefined when its URL is not absolute HTTP(S). */
export function entryToExchange(entry: HarEntry): Exchange | undefined {
  let url: URL;
  try {
    url = new URL(entry.request.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const content = entry.response.content ?? {};
  const bodyText = content.text === undefined ? '' : content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
  const responseHeaders = headerRecord(entry.response.headers);
  // Capture tools may drop the Content-Type header but keep content.mimeType.
  if (!responseHeaders['content-type'] && content.mimeType && bodyText.length > 0) responseHeaders['content-type'] = content.mimeType;
  const requestHeaders = headerRecord(entry.request.headers);
  const postText = entry.request.postData?.text;
  if (postText !== undefined && !requestHeaders['content-type'] && entry.request.postData?.mimeType) {
    requestHeaders['content-type'] = entry.request.postData.mimeType;
  }
  const response: CapturedResponse = { status: entry.response.status, headers: responseHeaders, bodyText, truncated: false };
  return {
    request: {
      method: entry.request.method.toUpperCase(),
      path: url.pathname,
      query: parseQuery(url.search.slice(1)),
      headers: requestHeaders,
      body: postText === undefined || postText === '' ? undefined : postText,
    },
    origin: url.origin,
    response,
    durationMs: entry.time ?? 0,
  };
}

import { readFileSync } from 'node:fs';
import { parseQuery } from '../serve/decode.js';
import type { CapturedResponse, Exchange } from '../verify/types.js';
import type { HarEntry, HarFile, HarNameValue } from './har-types.js';

/** A HAR file that cannot be read as one (a usage error, not a contract failure). */
export class HarFormatError extends Error {}

export function readHarFile(file: string): HarFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HarFormatError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let har: HarFile;
  try {
    har = JSON.parse(text) as HarFile;
  } catch (error) {
    throw new HarFormatError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (!har || typeof har !== 'object' || !Array.isArray(har.log?.entries)) {
    throw new HarFormatError(`${file} is not a HAR file: no log.entries array`);
  }
  har.log.entries.forEach((entry, index) => {
    if (typeof entry?.request?.method !== 'string' || typeof entry.request.url !== 'string' || typeof entry.response?.status !== 'number') {
      throw new HarFormatError(`${file}: entry ${index} lacks request.method, request.url or response.status`);
    }
  });
  return har;
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

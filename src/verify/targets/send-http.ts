import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { requestUrl } from '../curl.js';
import type { CapturedResponse, CaseRequest, Exchange, TransportFailure } from '../types.js';

export interface SendLimits {
  /** Whole exchange, connect to last byte. */
  timeoutMs: number;
  /** Bytes of body read at most; the rest is dropped and the response marked truncated. */
  maxBodyBytes: number;
  /** An interrupted run (SIGINT) aborts the requests in flight. */
  signal?: AbortSignal;
}

export const DEFAULT_LIMITS: SendLimits = { timeoutMs: 10_000, maxBodyBytes: 1_048_576 };

/**
 * Sends one request over HTTP(S) with node's client: redirects are not followed (a 3xx is an
 * answer to judge), the body read is capped, and every way of not getting an answer (refused,
 * reset, timeout, TLS, DNS) becomes a TransportFailure instead of an exception.
 */
export function sendHttp(origin: string, request: CaseRequest, limits: SendLimits): Promise<Exchange> {
  const started = performance.now();
  const done = (outcome: { response?: CapturedResponse; failure?: TransportFailure }): Exchange => ({
    request,
    origin,
    ...outcome,
    durationMs: performance.now() - started,
  });
  let url: URL;
  try {
    url = new URL(requestUrl(origin, request));
  } catch (error) {
    return Promise.resolve(done({ failure: { kind: 'invalid-request', message: (error as Error).message } }));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: { response?: CapturedResponse; failure?: TransportFailure }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', abort);
      resolve(done(outcome));
    };
    const req = send(url, { method: request.method, headers, agent: false }, (res) => {
      readCapped(res, limits.maxBodyBytes).then(
        (body) => settle({ response: { status: res.statusCode ?? 0, headers: flattenHeaders(res), ...body } }),
        (error: Error) => settle({ failure: classify(error) }),
      );
    });
    const timer = setTimeout(() => {
      settle({ failure: { kind: 'timeout', message: `no complete answer within ${limits.timeoutMs} ms` } });
      req.destroy();
    }, limits.timeoutMs);
    req.on('error', (error) => settle({ failure: classify(error) }));
    const abort = () => {
      settle({ failure: { kind: 'other', message: 'the run was interrupted' } });
      req.destroy();
    };
    if (limits.signal?.aborted) abort();
    else limits.signal?.addEventListener('abort', abort, { once: true });
    req.end(request.body);
  });
}

function readCapped(res: IncomingMessage, maxBytes: number): Promise<{ bodyText: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    res.on('data', (chunk: Buffer) => {
      if (truncated) return;
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        // Enough read: stop the download instead of buffering a huge body.
        res.destroy();
        resolve({ bodyText: Buffer.concat(chunks).toString('utf8'), truncated });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => resolve({ bodyText: Buffer.concat(chunks).toString('utf8'), truncated }));
    res.on('error', (error) => (truncated ? undefined : reject(error)));
    res.on('aborted', () => (truncated ? undefined : reject(Object.assign(new Error('connection reset while reading the body'), { code: 'ECONNRESET' }))));
  });
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const TLS_CODES = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|EPROTO)/;

/** What kind of transport failure a node:http(s) client error is (also the proxy's upstream errors). */
export function classify(error: Error & { code?: string }): TransportFailure {
  const code = error.code ?? '';
  const message = code ? `${code}: ${error.message}` : error.message;
  if (code === 'ECONNREFUSED') return { kind: 'refused', message };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') return { kind: 'reset', message };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'dns', message };
  if (TLS_CODES.test(code) || /SSL|TLS|certificate/i.test(error.message)) return { kind: 'tls', message };
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) return { kind: 'other', message: `not an HTTP answer (${message})` };
  return { kind: 'other', message };
}

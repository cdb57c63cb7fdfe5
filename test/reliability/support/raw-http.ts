import { request, type Agent } from 'node:http';
import { connect } from 'node:net';

/** A request as a hostile client sends it: any method, the path exactly as written, any bytes. */
export interface RawRequest {
  method: string;
  /** Sent as is (no normalisation of `..`, `//` or escapes), query string included. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export const REQUEST_TIMEOUT_MS = 5_000;

/**
 * One request, on its own connection unless an agent is given, bounded by a timeout: a server
 * that hangs fails the test with a message instead of stalling the run.
 */
export function sendRaw(baseUrl: string, raw: RawRequest, timeoutMs = REQUEST_TIMEOUT_MS, agent: Agent | false = false): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = raw.body === undefined ? undefined : Buffer.isBuffer(raw.body) ? raw.body : Buffer.from(raw.body, 'utf8');
  const headers: Record<string, string> = { ...raw.headers };
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: raw.method, path: raw.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${raw.method} ${raw.path.slice(0, 120)}`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/** What a too-large upload saw: the answer (if any) and how much had been sent when it came. */
export interface UploadOutcome {
  response?: RawResponse;
  /** Bytes the client had written when the answer arrived or the server closed the connection. */
  sentWhenAnswered: number;
  closedEarly: boolean;
}

/**
 * Streams `totalBytes` of body in chunks, stopping as soon as the server answers or closes the
 * connection: shows whether the server refused without reading everything. `declareLength`
 * sends Content-Length up front; otherwise the body goes chunked (the server learns the size only
 * by reading).
 */
export function uploadUntilAnswered(
  baseUrl: string,
  raw: Omit<RawRequest, 'body'>,
  totalBytes: number,
  options: { declareLength: boolean; timeoutMs?: number },
): Promise<UploadOutcome> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string> = { ...raw.headers };
  // Node sends a GET or DELETE body unframed unless told: name the framing explicitly.
  if (options.declareLength) headers['content-length'] = String(totalBytes);
  else headers['transfer-encoding'] = 'chunked';
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let finished = false;
    const finish = (outcome: UploadOutcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = request({ host: hostname, port, method: raw.method, path: raw.path, headers, agent: false }, (res) => {
      const answeredAt = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const done = () =>
        finish({
          response: { status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') },
          sentWhenAnswered: answeredAt,
          closedEarly: false,
        });
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });
    const timer = setTimeout(() => {
      req.destroy();
      if (!finished) reject(new Error(`no answer within ${options.timeoutMs ?? REQUEST_TIMEOUT_MS} ms to a ${totalBytes}-byte upload`));
    }, options.timeoutMs ?? REQUEST_TIMEOUT_MS);
    // EPIPE/ECONNRESET while writing: the server closed the connection before the body was sent.
    req.on('error', () => finish({ sentWhenAnswered: sent, closedEarly: sent < totalBytes }));
    const pump = () => {
      while (!finished && sent < totalBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!finished && sent >= totalBytes) req.end();
    };
    pump();
  });
}

/**
 * Bytes written straight to a TCP connection (requests no HTTP client would send: broken framing,
 * oversized headers), and the answer parsed from whatever comes back before the server closes.
 */
export function sendBytes(baseUrl: string, bytes: string | Buffer, timeoutMs = REQUEST_TIMEOUT_MS): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const head = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n/.exec(text);
      if (!head) return reject(new Error(`not an HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const headers: Record<string, string> = {};
      for (const line of head[2]!.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(head[1]), headers, text: text.slice(head[0].length) });
    });
  });
}

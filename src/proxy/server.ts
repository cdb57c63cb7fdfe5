import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSimulator } from '../../mocks/index.js';
import type { ApiId, Simulator } from '../../mocks/shared/types.js';
import { checkServerFaults, FAULT_HEADER, FaultSyntaxError, planFaults, type FaultPlan, type ServerFaults } from '../serve/faults.js';
import { MAX_BODY_BYTES } from '../serve/http.js';
import { bindError, DEFAULT_HOST, DEFAULT_PORTS, httpUrl } from '../serve/ports.js';
import { kitError, toWireResponse, type WireResponse } from '../serve/wire.js';
import { loadSpec } from '../spec/load.js';
import type { IndexedSpec } from '../spec/types.js';
import { connectUrlTarget } from '../verify/targets/remote.js';
import { BodyTap, NO_BODY, seenBody } from './body-tap.js';
import { requestParts } from './request-parts.js';
import { refusalOf } from './safety.js';
import type { ProxiedExchange, ProxyOutcome } from './types.js';
import { describeUpstreamFailure, UpstreamTimeout } from './upstream-failure.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ProxyOptions {
  api: ApiId;
  /** The real server, e.g. `http://fe.example:8030` (http or https). */
  target: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default the API's real port; 0 picks a free one. */
  port?: number;
  /** Forward state-changing operations to a target that is not a local contract-kit mock. */
  allowMutations?: boolean;
  /** Faults injected into every exchange (the `x-mock-fault` header overrides them per request). */
  faults?: ServerFaults;
  /** Milliseconds to wait for the target's answer, and at most between two chunks of its body. */
  timeoutMs?: number;
  /** Accept a target certificate that does not verify (self-signed). */
  insecure?: boolean;
  /** Bytes of each body kept for judging; longer bodies are forwarded whole but not judged. */
  judgeCapBytes?: number;
  /** Called once per exchange, after the client got its answer (or lost the connection). */
  onExchange(exchange: ProxiedExchange): void;
}

export interface RunningProxy {
  api: ApiId;
  url: string;
  port: number;
  target: string;
  /** Whether state-changing requests are refused (a target that is not local, without --allow-mutations). */
  guarded: boolean;
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * A reverse proxy in front of one real server: forwards every request unchanged but for the fault
 * header (bodies streamed both ways), injects faults as the mocks do, refuses state-changing
 * operations to non-local targets unless allowed, and reports each exchange to `onExchange`.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const { api, host = DEFAULT_HOST, port = DEFAULT_PORTS[api], timeoutMs = DEFAULT_TIMEOUT_MS, judgeCapBytes = MAX_BODY_BYTES } = options;
  const target = new URL(options.target);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`--target ${options.target}: only http:// and https:// targets can be proxied`);
  const origin = target.origin;
  const spec = await loadSpec(api);
  const faults = options.faults && checkServerFaults(options.faults);
  // Local means a contract-kit mock on this machine, as for verify: a real server on localhost (a
  // published container port, a developer's FE) is guarded like any other deployment.
  const guarded = !options.allowMutations && !(await connectUrlTarget(origin)).local;
  const context: ProxyContext = {
    api,
    spec,
    origin,
    target,
    guarded,
    timeoutMs,
    judgeCapBytes,
    faults,
    // Only for the API's own error shape (refusals, proxy errors, injected statuses): it serves nothing.
    errors: createSimulator(api),
    send: target.protocol === 'https:' ? httpsRequest : httpRequest,
    agent: target.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: !options.insecure }) : new HttpAgent({ keepAlive: true }),
    onExchange: options.onExchange,
  };
  const server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => void serve(req, res, context));
  await listen(server, api, host, port);
  const bound = (server.address() as AddressInfo).port;
  return {
    api,
    url: httpUrl(host, bound),
    port: bound,
    target: origin,
    guarded,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      context.agent.destroy();
    },
  };
}

interface ProxyContext {
  api: ApiId;
  spec: IndexedSpec;
  origin: string;
  target: URL;
  guarded: boolean;
  timeoutMs: number;
  judgeCapBytes: number;
  faults?: ServerFaults;
  errors: Simulator;
  send: typeof httpRequest;
  agent: HttpAgent;
  onExchange(exchange: ProxiedExchange): void;
}

/** The exchange being built while one request is served. */
interface Pending {
  exchange: ProxiedExchange;
  started: number;
  reported: boolean;
  report(exchange: ProxiedExchange): void;
}

async function serve(req: IncomingMessage, res: ServerResponse, context: ProxyContext): Promise<void> {
  const pending: Pending = {
    started: performance.now(),
    reported: false,
    report: context.onExchange,
    exchange: {
      api: context.api,
      origin: context.origin,
      startedAt: new Date(),
      request: { method: (req.method ?? 'GET').toUpperCase(), target: req.url ?? '/', headers: flattenHeaders(req.headers), body: NO_BODY },
      outcome: { kind: 'forwarded' },
      durationMs: 0,
    },
  };
  const { request } = pending.exchange;
  let plan: FaultPlan;
  try {
    plan = planFaults(request.headers[FAULT_HEADER], context.faults);
  } catch (error) {
    if (!(error instanceof FaultSyntaxError)) throw error;
    answerLocally(req, res, pending, kitError(400, error.message), { kind: 'fault', reason: error.message });
    return;
  }
  let buffered: Buffer | undefined;
  if (context.guarded) {
    // The safety of a Klustron job or a Meta Service form is in the body: read it before deciding.
    const read = await readBody(req, context.judgeCapBytes);
    if (read === 'aborted') return finish(pending, { kind: 'client-aborted' });
    if (read === 'over-cap') {
      const reason = `request body over ${context.judgeCapBytes} bytes: the proxy cannot tell whether it is a read`;
      answerLocally(req, res, pending, errorAnswer(context, 413, reason), { kind: 'refused', reason });
      return;
    }
    buffered = read;
    request.body = seenBody(read);
    const refusal = refusalOf(context.spec, context.origin, requestParts(request));
    if (refusal) {
      answerLocally(req, res, pending, errorAnswer(context, 403, `refused: ${refusal}`), { kind: 'refused', reason: refusal });
      return;
    }
  }
  if (plan.latencyMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, plan.latencyMs));
    if (res.destroyed) return finish(pending, { kind: 'client-aborted' });
  }
  if (plan.reset) {
    finish(pending, { kind: 'fault', reason: `${FAULT_HEADER} reset: connection dropped, request not forwarded` });
    req.socket.resetAndDestroy();
    return;
  }
  if (plan.status !== undefined) {
    const reason = `${FAULT_HEADER} status=${plan.status}: answered by the proxy, request not forwarded`;
    answerLocally(req, res, pending, errorAnswer(context, plan.status, `injected fault: ${FAULT_HEADER} status=${plan.status}`), { kind: 'fault', reason });
    return;
  }
  forward(req, res, pending, context, buffered);
}

/** Sends the request on to the target and streams the answer back, both bodies tapped for judging. */
function forward(req: IncomingMessage, res: ServerResponse, pending: Pending, context: ProxyContext, buffered: Buffer | undefined): void {
  const headers = forwardedHeaders(req, context.target.host);
  const upstream = context.send(
    { protocol: context.target.protocol, hostname: context.target.hostname, port: context.target.port, path: req.url, method: req.method, headers, agent: context.agent },
  );
  // Headers and body leave in separate writes; Nagle's algorithm would hold the second for an ACK.
  upstream.setNoDelay(true);
  let timer = setTimeout(() => upstream.destroy(new UpstreamTimeout(context.timeoutMs, 'answer')), context.timeoutMs);
  let requestTap: BodyTap | undefined;
  if (buffered) upstream.end(buffered);
  else if (!hasBody(req)) upstream.end();
  else {
    requestTap = new BodyTap(context.judgeCapBytes);
    req.on('data', requestTap.add);
    req.pipe(upstream);
  }

  // The client hanging up before its answer is complete ends the forwarded request too.
  res.on('close', () => {
    if (!res.writableFinished) {
      upstream.destroy();
      finish(pending, { kind: 'client-aborted' });
    }
  });
  let answered: { answer: IncomingMessage; tap: BodyTap } | undefined;
  const record = () => {
    if (!answered) return;
    const { answer, tap } = answered;
    pending.exchange.response = { status: answer.statusCode ?? 502, statusText: answer.statusMessage ?? '', headers: flattenHeaders(answer.headers), body: tap.seen() };
  };
  /** Part of the answer is already with the client: all that is left is to cut its stream. */
  const cutMidBody = (error: Error) => {
    clearTimeout(timer);
    record();
    res.destroy();
    finish(pending, { kind: 'proxy-error', cause: `${describeUpstreamFailure(error, context.origin).cause} (after ${res.statusCode} and part of the body)` });
  };
  upstream.on('error', (error) => {
    clearTimeout(timer);
    if (requestTap) pending.exchange.request.body = requestTap.seen();
    if (res.headersSent) return cutMidBody(error);
    const failure = describeUpstreamFailure(error, context.origin);
    req.unpipe();
    req.resume();
    answerLocally(req, res, pending, errorAnswer(context, failure.status, `proxy error: ${failure.cause}`), { kind: 'proxy-error', cause: failure.cause });
  });
  upstream.on('response', (answer: IncomingMessage) => {
    clearTimeout(timer);
    if (requestTap) pending.exchange.request.body = requestTap.seen();
    const idle = setTimeout(() => answer.destroy(new UpstreamTimeout(context.timeoutMs, 'body')), context.timeoutMs);
    timer = idle;
    const tap = new BodyTap(context.judgeCapBytes);
    answered = { answer, tap };
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardedRawHeaders(answer.rawHeaders));
    answer.on('data', (chunk: Buffer) => {
      tap.add(chunk);
      idle.refresh();
    });
    answer.pipe(res);
    answer.on('error', cutMidBody);
    res.on('finish', () => {
      clearTimeout(idle);
      record();
      finish(pending, { kind: 'forwarded' });
    });
  });
}

/** Answers the client from the proxy itself (a refusal, an injected status, a proxy error). */
function answerLocally(req: IncomingMessage, res: ServerResponse, pending: Pending, answer: WireResponse, outcome: ProxyOutcome): void {
  const body = answer.body ?? '';
  pending.exchange.response = { status: answer.status, statusText: '', headers: { ...answer.headers }, body: seenBody(Buffer.from(body)) };
  if (res.destroyed) return finish(pending, outcome);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) }).end(body);
  res.on('finish', () => finish(pending, outcome));
  // A body the proxy did not read is drained, so the connection can serve the next request.
  if (!req.complete) req.resume();
}

function errorAnswer(context: ProxyContext, status: number, message: string): WireResponse {
  return toWireResponse(context.errors.errorResponse(status, `contract-kit proxy: ${message}`));
}

function finish(pending: Pending, outcome: ProxyOutcome): void {
  if (pending.reported) return;
  pending.reported = true;
  pending.exchange.outcome = outcome;
  pending.exchange.durationMs = performance.now() - pending.started;
  pending.report(pending.exchange);
}

/** Whether a request announces a body (RFC 9112 §6.3: Content-Length above 0 or Transfer-Encoding). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function readBody(req: IncomingMessage, cap: number): Promise<Buffer | 'over-cap' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        req.removeAllListeners('data');
        resolve('over-cap');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('aborted', () => resolve('aborted'));
    req.on('error', () => resolve('aborted'));
  });
}

/** The client's headers minus hop-by-hop ones and the fault header; Host names the target. */
function forwardedHeaders(req: IncomingMessage, targetHost: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const named = new Set((req.headers.connection ?? '').split(',').map((h) => h.trim().toLowerCase()));
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name) || name === FAULT_HEADER) continue;
    out[name] = value;
  }
  out.host = targetHost;
  return out;
}

/** The target's raw headers (names as sent, repeats kept) minus hop-by-hop ones. */
function forwardedRawHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function listen(server: Server, api: ApiId, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // bindError names the flag that changes the port; the server that failed is a proxy, not a mock.
      reject(new Error(bindError(error, api, host, port).message.replace(`(${api} mock)`, `(${api} proxy)`)));
    });
    server.listen(port, host, () => resolve());
  });
}

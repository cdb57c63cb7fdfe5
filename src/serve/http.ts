import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AdjustableClock, type ControllableClock } from '../../mocks/shared/clock.js';
import type { ApiId, Profile, Simulator, SimulatorSettings } from '../../mocks/shared/types.js';
import { createSimulator, examplesState } from '../../mocks/index.js';
import { loadSpec } from '../spec/load.js';
import type { IndexedSpec } from '../spec/types.js';
import { createDispatcher, PROBLEM_HEADER, SCENARIO_HEADER, type Dispatcher, type WireResponse } from './dispatch.js';
import { checkServerFaults, FAULT_HEADER, type ServerFaults } from './faults.js';
import { delayOnConnection, requestAnswered, requestStarted, trackConnections } from './connections.js';
import { CONTROL_PREFIX } from './control.js';
import { hostPolicyFor, isLoopbackOrigin } from './origin-policy.js';
import { DEFAULT_JOURNAL_SIZE, RequestJournal } from './journal.js';
import { MockState, type MockSetup } from './mock-state.js';
import { bindError, DEFAULT_HOST, DEFAULT_PORTS, httpUrl } from './ports.js';
import { toWireResponse } from './wire.js';

export { DEFAULT_PORTS } from './ports.js';

/** Bodies above this are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Long query strings (60 KB and more) must reach the simulator, not die in node's 16 KB header limit. */
const MAX_HEADER_BYTES = 256 * 1024;

export interface MockServerOptions {
  api: ApiId;
  profile?: Profile;
  /** A simulator to serve; a fresh one (on `clock`) when omitted. */
  simulator?: Simulator;
  /** The clock `POST /__contract-kit/clock/advance` moves; an AdjustableClock when neither it nor a simulator is given. */
  clock?: ControllableClock;
  /** A spec already loaded (e.g. a test fixture); `loadSpec(api)` otherwise. */
  spec?: IndexedSpec;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default the API's real port (DEFAULT_PORTS); 0 picks a free one. */
  port?: number;
  faults?: ServerFaults;
  /**
   * Default true: CORS for pages served from this machine (the docs' try-it, a local console), by
   * echoing a loopback Origin; other origins get none (a simulator's own CORS headers, such as
   * Klustron's real `*`, are kept).
   */
  cors?: boolean;
  maxBodyBytes?: number;
  /** Where the server reports what the user should hear about (connection limit reached); default stderr. */
  warn?: (message: string) => void;
  /** Server settings for a fresh simulator (its `settingSpecs` names them). */
  settings?: SimulatorSettings;
  /** State document loaded at start and by every reset (validated against specs/state/<api>.schema.json); 'examples' for what the documents' examples name. */
  seed?: MockSetup['seed'] | 'examples';
  /** Scenarios that last from the start (and after every reset). */
  scenarios?: string[];
  /** Requests remembered (`GET /__contract-kit/requests`); default DEFAULT_JOURNAL_SIZE, 0 for none. */
  journalSize?: number;
}

export interface MockServer {
  url: string;
  port: number;
  host: string;
  simulator: Simulator;
  /** The requests this server answered (the one `GET /__contract-kit/requests` shows). */
  journal: RequestJournal;
  close(): Promise<void>;
}

const PREFLIGHT_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  // `*` does not cover Authorization in browsers, so it is named explicitly.
  'access-control-allow-headers': `*, content-type, authorization, ${FAULT_HEADER}, ${SCENARIO_HEADER}`,
  'access-control-max-age': '600',
};

/** Lets a page on another origin (the docs' try-it) read why a request was refused. */
const EXPOSED_HEADERS = PROBLEM_HEADER;

/** Serves one API's simulator over HTTP with raw node:http: the fast adapter (no framework on the hot path). */
export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const { api, host = DEFAULT_HOST, port = DEFAULT_PORTS[api], cors = true, maxBodyBytes = MAX_BODY_BYTES } = options;
  const spec = options.spec ?? (await loadSpec(api));
  const clock = options.clock ?? (options.simulator ? undefined : new AdjustableClock());
  const simulator = options.simulator ?? createSimulator(api, { profile: options.profile, clock, settings: options.settings });
  const journal = new RequestJournal(options.journalSize ?? DEFAULT_JOURNAL_SIZE);
  const dispatcher = createDispatcher({
    spec,
    simulator,
    clock,
    faults: options.faults && checkServerFaults(options.faults),
    journal,
    state: new MockState(simulator, { seed: options.seed === 'examples' ? examplesState(api) : options.seed, scenarios: options.scenarios }),
  });
  const settings: ServeSettings = { cors, maxBodyBytes, host, allowsHost: hostPolicyFor(host) };
  // requireHostHeader off: a request without Host is answered in the API's shape below, not with node's bare 400.
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false, connectionsCheckingInterval: 2_000 },
    (req, res) => serveRequest(req, res, dispatcher, settings),
  );
  // Idle and half-sent requests give their socket back soon (slowloris, connection floods).
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  const warn = options.warn ?? ((message: string) => process.stderr.write(`contract-kit ${api}: ${message}\n`));
  trackConnections(server, warn);
  // An Expect the server does not know (anything but 100-continue): 417, in the API's shape.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    answerError(res, dispatcher, settings, 417, `unsupported Expect: ${req.headers.expect}`, req.headers.origin);
  });
  // curl sends `Expect: 100-continue` for large bodies: refuse an oversized one before it is uploaded.
  server.on('checkContinue', (req, res) => {
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      refuseTooLarge(req, res, dispatcher, settings);
      return;
    }
    res.writeContinue();
    serveRequest(req, res, dispatcher, settings);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, dispatcher));
  await listen(server, api, host, port);
  const bound = (server.address() as AddressInfo).port;
  return {
    url: httpUrl(host, bound),
    port: bound,
    host,
    simulator,
    journal,
    close: () => closeServer(server),
  };
}

interface ServeSettings {
  cors: boolean;
  maxBodyBytes: number;
  /** The address the server is bound to. */
  host: string;
  /** Which Host names it accepts (decided by `host`). */
  allowsHost: (hostHeader: string | undefined) => boolean;
}

function serveRequest(req: IncomingMessage, res: ServerResponse, dispatcher: Dispatcher, settings: ServeSettings): void {
  // Busy until its answer is written (write() marks it); a socket that closes first is forgotten anyway.
  requestStarted(req.socket);
  const origin = req.headers.origin;
  const refusal = refusalOf(req, settings);
  if (refusal) {
    answerError(res, dispatcher, settings, refusal.status, refusal.message, origin);
    return;
  }
  if (settings.cors && req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    // Only pages from this machine may go on; others get no CORS headers, so the browser stops them.
    res.writeHead(204, isLoopbackOrigin(origin) ? { ...PREFLIGHT_HEADERS, 'access-control-allow-origin': origin!, vary: 'Origin' } : {}).end();
    return;
  }
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) {
    // No body: answer at once, without waiting for the stream's end.
    run(req, res, dispatcher, settings, EMPTY_BODY);
    return;
  }
  if (declared !== undefined && Number(declared) > settings.maxBodyBytes) {
    refuseTooLarge(req, res, dispatcher, settings);
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    received += chunk.length;
    if (received > settings.maxBodyBytes) {
      refused = true;
      refuseTooLarge(req, res, dispatcher, settings);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!refused) run(req, res, dispatcher, settings, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  });
  req.on('error', () => res.destroy());
}

const EMPTY_BODY = Buffer.alloc(0);

/**
 * Requests refused before the API sees them: HTTP/1.1 without Host (RFC 9112 §3.2), a Host name
 * that is not this loopback server's (DNS rebinding), and a control endpoint driven from a page of
 * another origin (a site in the developer's browser resetting the mocks).
 */
function refusalOf(req: IncomingMessage, settings: ServeSettings): { status: number; message: string } | undefined {
  const host = req.headers.host;
  if (host === undefined && req.httpVersion === '1.1') return { status: 400, message: 'HTTP/1.1 request without a Host header' };
  if (!settings.allowsHost(host)) {
    return { status: 403, message: `Host '${host}' is not this mock's: it listens on ${settings.host} and answers loopback names only (start it with --host to expose it)` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && (req.url ?? '').startsWith(CONTROL_PREFIX) && !isLoopbackOrigin(origin)) {
    return { status: 403, message: `control endpoints do not answer pages of other origins (Origin: ${origin})` };
  }
  return undefined;
}

/** An error the server itself answers, in the API's own shape (contract-kit's `{error}` for control paths). */
function answerError(res: ServerResponse, dispatcher: Dispatcher, settings: ServeSettings, status: number, message: string, origin: string | undefined): void {
  let response: WireResponse;
  try {
    response = toWireResponse(dispatcher.simulator.errorResponse(status, message));
  } catch {
    response = { status, headers: { 'content-type': 'text/plain' }, body: message };
  }
  write(res, response, settings, origin);
}

function run(req: IncomingMessage, res: ServerResponse, dispatcher: Dispatcher, settings: ServeSettings, rawBody: Buffer): void {
  let outcome;
  const origin = req.headers.origin;
  try {
    outcome = dispatcher.dispatch({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, rawBody });
  } catch (error) {
    write(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: `contract-kit: ${(error as Error).message}` }, settings, origin);
    return;
  }
  const act = outcome.kind === 'reset' ? () => resetConnection(req.socket) : () => write(res, outcome.response, settings, origin);
  if (outcome.delayMs === 0) {
    act();
    return;
  }
  // The timer dies with the connection. Past the bounds: a connection holding too many delayed
  // answers is closed (its later answers would queue behind the held ones and stall its reads, so
  // node would not even see it close); past the process-wide bound the answer is a 503 now.
  const held = delayOnConnection(req.socket, outcome.delayMs, act);
  if (held === 'connection-full') req.socket.destroy();
  else if (held === 'process-full') answerError(res, dispatcher, settings, 503, 'too many delayed answers pending (x-mock-fault latency): try fewer at once', origin);
}

/** 204 and 304 send no Content-Length at all (RFC 9110 §8.6); 205 sends `0` (§15.3.6). */
const NO_LENGTH_STATUSES = new Set([204, 304]);

function write(res: ServerResponse, response: WireResponse, settings: ServeSettings, origin: string | undefined): void {
  requestAnswered(res.socket ?? undefined);
  if (res.destroyed) return;
  const headers = response.headers;
  if (settings.cors && headers['access-control-allow-origin'] === undefined && isLoopbackOrigin(origin)) {
    headers['access-control-allow-origin'] = origin!;
    headers.vary = headers.vary ? `${headers.vary}, Origin` : 'Origin';
  }
  if (settings.cors && headers[PROBLEM_HEADER] !== undefined) headers['access-control-expose-headers'] ??= EXPOSED_HEADERS;
  if (NO_LENGTH_STATUSES.has(response.status)) {
    delete headers['content-length'];
    res.writeHead(response.status, headers).end();
  } else if (response.body === undefined) {
    headers['content-length'] = '0';
    res.writeHead(response.status, headers).end();
  } else {
    headers['content-length'] = String(Buffer.byteLength(response.body));
    res.writeHead(response.status, headers).end(response.body);
  }
}

/**
 * 413 in the API's own error shape, then the connection is closed so that the rest of the body is
 * never read (node would otherwise drain it to keep the connection alive).
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, dispatcher: Dispatcher, settings: ServeSettings): void {
  let response: WireResponse;
  try {
    response = toWireResponse(dispatcher.simulator.errorResponse(413, `request body larger than ${settings.maxBodyBytes} bytes`));
  } catch {
    response = { status: 413, headers: { 'content-type': 'text/plain' }, body: 'request body too large' };
  }
  response.headers.connection = 'close';
  write(res, response, settings, req.headers.origin);
  res.on('finish', () => req.socket.destroySoon());
  req.pause();
}

/**
 * A request node cannot parse (broken framing, headers over the limit) is still answered in the
 * API's own error shape, like any other client mistake, instead of node's bare 400/431; then the
 * connection is closed, as the stream cannot be trusted any more.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, dispatcher: Dispatcher): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  let response: WireResponse;
  try {
    response = toWireResponse(dispatcher.simulator.errorResponse(status, `malformed HTTP request (${error.code ?? error.message})`));
  } catch {
    response = { status, headers: { 'content-type': 'text/plain' }, body: 'malformed HTTP request' };
  }
  const body = response.body ?? '';
  // Nothing of the request could be read, its Origin included: no CORS headers.
  const headers: Record<string, string> = { ...response.headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}\r\n${head}\r\n${body}`);
}

function resetConnection(socket: Socket): void {
  // resetAndDestroy sends a TCP RST, which clients see as ECONNRESET: the fault asked for.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function listen(server: Server, api: ApiId, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(bindError(error, api, host, port));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Idle keep-alive connections would hold close() open until they time out.
    server.closeAllConnections();
  });
}

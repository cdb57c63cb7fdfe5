import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AdjustableClock, type ControllableClock } from '../../mocks/shared/clock.js';
import type { ApiId, Profile, Simulator, SimulatorSettings } from '../../mocks/shared/types.js';
import { createSimulator, examplesState } from '../../mocks/index.js';
import { loadSpec } from '../spec/load.js';
import type { IndexedSpec } from '../spec/types.js';
import { createDispatcher, PROBLEM_HEADER, SCENARIO_HEADER, type Dispatcher, type WireResponse } from './dispatch.js';
import { checkServerFaults, FAULT_HEADER, type ServerFaults } from './faults.js';
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
  /** Default true: CORS headers so that the docs page (another origin) can use try-it. */
  cors?: boolean;
  maxBodyBytes?: number;
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
  'access-control-allow-origin': '*',
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
  const settings: ServeSettings = { cors, maxBodyBytes };
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => serveRequest(req, res, dispatcher, settings));
  // curl sends `Expect: 100-continue` for large bodies: refuse an oversized one before it is uploaded.
  server.on('checkContinue', (req, res) => {
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      refuseTooLarge(req, res, dispatcher, settings);
      return;
    }
    res.writeContinue();
    serveRequest(req, res, dispatcher, settings);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, dispatcher, cors));
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
}

function serveRequest(req: IncomingMessage, res: ServerResponse, dispatcher: Dispatcher, settings: ServeSettings): void {
  if (settings.cors && req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    res.writeHead(204, PREFLIGHT_HEADERS).end();
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

function run(req: IncomingMessage, res: ServerResponse, dispatcher: Dispatcher, settings: ServeSettings, rawBody: Buffer): void {
  let outcome;
  try {
    outcome = dispatcher.dispatch({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, rawBody });
  } catch (error) {
    write(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: `contract-kit: ${(error as Error).message}` }, settings);
    return;
  }
  const act = outcome.kind === 'reset' ? () => resetConnection(req.socket) : () => write(res, outcome.response, settings);
  if (outcome.delayMs > 0) setTimeout(act, outcome.delayMs);
  else act();
}

function write(res: ServerResponse, response: WireResponse, settings: ServeSettings): void {
  if (res.destroyed) return;
  const headers = response.headers;
  if (settings.cors && headers['access-control-allow-origin'] === undefined) {
    headers['access-control-allow-origin'] = '*';
  }
  if (settings.cors && headers[PROBLEM_HEADER] !== undefined) headers['access-control-expose-headers'] ??= EXPOSED_HEADERS;
  if (response.body === undefined) {
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
  write(res, response, settings);
  res.on('finish', () => req.socket.destroySoon());
  req.pause();
}

/**
 * A request node cannot parse (broken framing, headers over the limit) is still answered in the
 * API's own error shape, like any other client mistake, instead of node's bare 400/431; then the
 * connection is closed, as the stream cannot be trusted any more.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, dispatcher: Dispatcher, cors: boolean): void {
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
  const headers: Record<string, string> = { ...response.headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  if (cors) headers['access-control-allow-origin'] ??= '*';
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

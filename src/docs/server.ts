import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { httpUrl } from '../serve/ports.js';
import { buildSite, type DocsSiteOptions } from './site.js';

export interface DocsServerOptions extends DocsSiteOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface DocsServer {
  /** The index page, e.g. `http://127.0.0.1:4000/`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_DOCS_PORT = 4000;
export const DEFAULT_DOCS_HOST = '127.0.0.1';

/** A file ready to send: body encoded, compressed and headers computed once, when the site is built. */
interface Prepared {
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** The same file gzipped, for clients that accept it (pages and the search index shrink ~8x). */
  gzip?: { headers: OutgoingHttpHeaders; body: Buffer };
}

function prepared(contentType: string, body: string | Buffer, cacheControl: string): Prepared {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const headers = { 'content-type': contentType, 'cache-control': cacheControl, 'x-content-type-options': 'nosniff', vary: 'accept-encoding' };
  const compressible = !contentType.startsWith('image/') && bytes.length > 1024;
  const gzipped = compressible ? gzipSync(bytes) : undefined;
  return {
    body: bytes,
    headers: { ...headers, 'content-length': bytes.length },
    gzip: gzipped && { body: gzipped, headers: { ...headers, 'content-length': gzipped.length, 'content-encoding': 'gzip' } },
  };
}

/** The site path a request names, undefined when its %-escapes are malformed (no such file). */
function sitePath(url: string): string | undefined {
  try {
    const path = decodeURIComponent(new URL(url, 'http://docs.invalid').pathname).replace(/^\/+/, '');
    return path === '' ? 'index.html' : path;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, file: Prepared, head: boolean, acceptEncoding?: string): void {
  const chosen = file.gzip && acceptEncoding !== undefined && /\bgzip\b/.test(acceptEncoding) ? file.gzip : file;
  res.writeHead(status, chosen.headers);
  res.end(head ? undefined : chosen.body);
}

const text = (message: string): Prepared => prepared('text/plain; charset=utf-8', message, 'no-store');

/**
 * Serves the docs site with node:http; resolves once listening. The site is rendered once before
 * the server listens and every request is a map lookup, so docs readers cost the mocks sharing
 * this event loop nothing but the bytes sent. A bind failure rejects with Node's own error
 * (`code` EADDRINUSE, ...), which callers word with `bindError`.
 */
export async function startDocsServer(options: DocsServerOptions = {}): Promise<DocsServer> {
  const host = options.host ?? DEFAULT_DOCS_HOST;
  const site = new Map(
    [...(await buildSite(options)).values()].map((file) => [
      file.path,
      // Pages and the index change when the docs restart with other mock URLs; assets do not.
      prepared(file.contentType, file.body, file.path.startsWith('assets/') ? 'max-age=300' : 'no-cache'),
    ]),
  );
  const notAllowed = text('method not allowed\n');
  const methodNotAllowed = { ...notAllowed, headers: { ...notAllowed.headers, allow: 'GET, HEAD' } };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return send(res, 405, methodNotAllowed, false);
    const path = sitePath(req.url ?? '/');
    const file = path === undefined ? undefined : site.get(path);
    if (!file) return send(res, 404, text(`not found: ${req.url}\n`), head);
    send(res, 200, file, head, req.headers['accept-encoding']);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_DOCS_PORT, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${httpUrl(host, port)}/`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderSiteFile, type DocsSiteOptions } from './site.js';

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

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, head: boolean): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    // Pages are re-rendered from the specs on each request; never serve a stale copy.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(head ? undefined : body);
}

/** The site path a request names, undefined when its %-escapes are malformed (no such file). */
function sitePath(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url, 'http://docs.invalid').pathname).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
}

async function answer(req: IncomingMessage, res: ServerResponse, options: DocsSiteOptions): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', head);
    return;
  }
  const path = sitePath(req.url ?? '/');
  const file = path === undefined ? undefined : await renderSiteFile(path, options);
  if (!file) {
    send(res, 404, 'text/plain; charset=utf-8', `not found: ${req.url}\n`, head);
    return;
  }
  send(res, 200, file.contentType, file.body, head);
}

/** Serves the docs site with node:http; resolves once listening. */
export function startDocsServer(options: DocsServerOptions = {}): Promise<DocsServer> {
  const host = options.host ?? DEFAULT_DOCS_HOST;
  const server = createServer((req, res) => {
    answer(req, res, options).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `docs: ${error.message}\n`, false);
      else res.destroy(error);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_DOCS_PORT, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}/`,
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

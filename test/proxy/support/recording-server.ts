import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostileHttp } from '../../reliability/support/hostile-servers.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A stand-in for a real deployment on 127.0.0.1: not a contract-kit mock (no health endpoint), so
 * the proxy treats it as any real server. It keeps every request it receives and answers with `answer`.
 */
export async function fakeDeployment(answer: (req: SeenRequest, res: ServerResponse) => void = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}')) {
  const seen: SeenRequest[] = [];
  const server = await hostileHttp((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (request.url.startsWith('/__contract-kit/')) return void res.writeHead(404).end();
      seen.push(request);
      answer(request, res);
    });
  });
  return { ...server, seen };
}

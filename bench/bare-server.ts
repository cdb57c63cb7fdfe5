/**
 * The bare-metal reference: a node:http server that answers every request with one fixed JSON
 * body, reading the request body first as any real handler must. Nothing a mock can do is faster.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const body = Buffer.from(process.argv[3] ?? '{"msg":"success","code":0,"data":{},"count":0}');

createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
}).listen(port, '127.0.0.1');

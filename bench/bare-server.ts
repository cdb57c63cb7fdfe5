/**
 * The bare-metal reference: a node:http server that answers every request with one fixed body,
 * reading the request body first as any real handler must. Nothing a mock can do is faster.
 * Arguments: port, body (default a small JSON object), content type (default application/json);
 * the benchmark passes the bytes the simulator answered, so both send the same response.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const body = Buffer.from(process.argv[3] ?? '{"msg":"success","code":0,"data":{},"count":0}');
const contentType = process.argv[4] ?? 'application/json';

createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    res.end(body);
  });
}).listen(port, '127.0.0.1');

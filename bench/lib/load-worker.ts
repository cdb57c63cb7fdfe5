/**
 * The load generator's own process: runs autocannon programmatically (so a request can carry a
 * fresh id each time, which the CLI's `-I` gets wrong: it keeps the template's Content-Length) and
 * prints autocannon's result as JSON on stdout. Run by lib/load.ts, never imported by the server.
 */
import { createRequire } from 'node:module';

interface WorkerInput {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSec?: number;
  amount?: number;
  /** Replace this placeholder in the body with a unique id per request. */
  uniqueIdPlaceholder?: string;
}

type AutocannonRequest = { method: string; headers: Record<string, string>; body?: string };
type Autocannon = (options: Record<string, unknown>) => Promise<unknown>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const input = JSON.parse(process.argv[2] ?? '{}') as WorkerInput;
let sequence = 0;
const prefix = `${process.pid.toString(36)}x${Date.now().toString(36)}`;

const result = await autocannon({
  url: input.url,
  connections: input.connections,
  ...(input.amount ? { amount: input.amount } : { duration: input.durationSec ?? 10 }),
  requests: [
    {
      method: input.method,
      headers: input.headers,
      body: input.body,
      setupRequest: (request: AutocannonRequest) => {
        if (!input.uniqueIdPlaceholder || request.body === undefined) return request;
        // autocannon computes Content-Length from the body it is given here.
        return { ...request, body: input.body!.replaceAll(input.uniqueIdPlaceholder, `${prefix}${(sequence++).toString(36)}`) };
      },
    },
  ],
});
process.stdout.write(JSON.stringify(result));

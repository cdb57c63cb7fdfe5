/**
 * The Spark Doris connector's BE discovery, written the way it picks a BE for stream load
 * (RestService.randomBackendV2 in specs/sources/doris-fe-backends-action.txt): choose one FE from
 * `fenodes`, GET /api/backends?is_alive=true with Basic auth, require HTTP 200 and envelope code
 * 0, read `data.backends`, fail on an empty list, shuffle, answer `ip:http_port`.
 */

export interface PickOptions {
  /** Comma-separated `host:port` list of FEs (the connector's `doris.fenodes`). */
  fenodes: string;
  user: string;
  password: string;
  /** Milliseconds before the request is abandoned. */
  timeoutMs?: number;
  /** Picks an index below `n`; Math.random by default (Collections.shuffle in the connector). */
  random?: (n: number) => number;
  /** Extra request headers (a test's fault injection, or a proxy's). */
  headers?: Record<string, string>;
}

export class DorisConnectorError extends Error {}

interface BackendRow {
  ip: string;
  http_port: number;
  is_alive: boolean;
}

function randomIndex(n: number): number {
  return Math.floor(Math.random() * n);
}

export async function pickLiveBackend(options: PickOptions): Promise<string> {
  const random = options.random ?? randomIndex;
  const fenodes = options.fenodes.split(',').map((node) => node.trim()).filter(Boolean);
  if (fenodes.length === 0) throw new DorisConnectorError('doris.fenodes is empty');
  const fe = fenodes[random(fenodes.length)]!;
  const url = `http://${fe}/api/backends?is_alive=true`;
  const authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;

  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization, ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (error) {
    throw new DorisConnectorError(`Connect to ${url} failed: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (response.status !== 200) throw new DorisConnectorError(`Failed to get response from Doris ${url}, http code is ${response.status}`);

  let envelope: { code?: unknown; msg?: unknown; data?: { backends?: BackendRow[] } };
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new DorisConnectorError(`Doris FE's response is not a json. res: ${text}`);
  }
  // A real FE answers HTTP 200 for errors too (fe-envelope-200): the envelope code decides.
  if (envelope.code !== 0) throw new DorisConnectorError(`Doris FE answered code ${String(envelope.code)}: ${String(envelope.msg)}, res: ${text}`);

  const backends = envelope.data?.backends;
  if (!Array.isArray(backends) || backends.length === 0) {
    throw new DorisConnectorError(`no live Doris BE to load into (beNodes: ${JSON.stringify(backends ?? null)})`);
  }
  const backend = backends[random(backends.length)]!;
  return `${backend.ip}:${backend.http_port}`;
}

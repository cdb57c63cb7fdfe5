/**
 * The FE discovery of the Flink Doris connector (RestService.getBackendsV2 in its 1.x releases;
 * the SeaTunnel and Kafka Doris connectors copy it): shuffle the configured FE nodes, ask each in
 * turn `GET /api/backends?is_alive=true` with HTTP Basic, go on to the next FE when one cannot be
 * reached or answers anything but HTTP 200, and unwrap the envelope's `data` whenever the body has
 * `code` and `msg`, **without checking `code`**; then parse `{backends: [...]}`, ignoring unknown
 * keys (Jackson `ignoreUnknown`). The 2021 commit in specs/sources/doris-fe-backends-action.txt asked
 * one random FE for the misspelt `is_aliva` (x-doc-quirks fe-flink-is-aliva); later releases fixed
 * the name and added the retry written here.
 */

export interface FlinkBackendRow {
  ip: string;
  http_port: number;
  is_alive: boolean;
}

export interface FlinkDiscoveryOptions {
  /** The connector's `fenodes`: `http://host:port` origins of the FEs. */
  feNodes: string[];
  user: string;
  password: string;
  /** The order to try the FEs in; Collections.shuffle (random) by default. */
  shuffle?: (nodes: string[]) => string[];
  /** Extra request headers (a test's fault injection or scenario). */
  headers?: Record<string, string>;
}

export class FlinkDorisError extends Error {}

function randomOrder(nodes: string[]): string[] {
  const shuffled = [...nodes];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

/** The backends as the connector reads them, from the first FE that answers HTTP 200. */
export async function discoverBackendsLikeFlink(options: FlinkDiscoveryOptions): Promise<FlinkBackendRow[]> {
  const authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  for (const feNode of (options.shuffle ?? randomOrder)(options.feNodes)) {
    let response: Response;
    try {
      response = await fetch(`${feNode}/api/backends?is_alive=true`, { headers: { authorization, ...options.headers } });
    } catch {
      continue; // "Doris FE node ... is unavailable, Request the next Doris FE node"
    }
    const text = await response.text();
    if (response.status !== 200) continue;
    return parseBackends(unwrapData(text));
  }
  throw new FlinkDorisError('No Doris FE is available, please check configuration');
}

/** RestService.send: `data` of an envelope (any `code`), or the body as it is. */
function unwrapData(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new FlinkDorisError(`Doris FE's response is not a json. res: ${text}`);
  }
  const envelope = body as Record<string, unknown>;
  return typeof body === 'object' && body !== null && 'code' in envelope && 'msg' in envelope ? envelope.data : body;
}

/** parseBackendV2: `{backends: [{ip, http_port, is_alive}]}`; other keys are ignored. */
function parseBackends(data: unknown): FlinkBackendRow[] {
  const backends = (data as { backends?: unknown } | null)?.backends;
  if (typeof data !== 'object' || data === null || !Array.isArray(backends)) {
    throw new FlinkDorisError(`Doris BE's response cannot map to schema. res: ${JSON.stringify(data)}`);
  }
  return backends.map((row: { ip: string; http_port: number; is_alive: boolean }) => ({ ip: row.ip, http_port: row.http_port, is_alive: row.is_alive }));
}

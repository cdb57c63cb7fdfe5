/**
 * Interim stand-in for src/verify's contract run: one documented, read-only request per API and
 * what its document says the answer is. The container tests call it as `verifyTarget(api, url)`;
 * once src/verify exports a function of that shape, the tests import it instead and this file goes.
 */
import type { ApiId } from '../../mocks/shared/types.js';

export interface TargetVerdict {
  passed: boolean;
  /** One line per broken expectation: the request, what the document says, what came back. */
  failures: string[];
}

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

type Expectation = (answer: Answer) => string | undefined;

interface DocumentedRequest {
  description: string;
  path: string;
  init?: RequestInit;
  expectations: Expectation[];
}

const ROOT_WITH_EMPTY_PASSWORD = `Basic ${Buffer.from('root:').toString('base64')}`;

const DOCUMENTED_REQUESTS: Record<ApiId, DocumentedRequest[]> = {
  // doris-fe-backends-action.txt: GET /api/backends, HTTP Basic, envelope {msg, code, data, count},
  // data.backends rows {ip, http_port, is_alive}; root with the empty password on a fresh cluster.
  'doris-fe': [
    {
      description: 'GET /api/backends as root',
      path: '/api/backends',
      init: { headers: { authorization: ROOT_WITH_EMPTY_PASSWORD } },
      expectations: [
        status(200),
        json,
        field('code', (code) => code === 0, 'envelope code 0'),
        field('data.backends', (rows) => Array.isArray(rows) && rows.every(isBackendRow), 'rows of {ip, http_port, is_alive}'),
      ],
    },
    {
      // The document requires authentication; the spec's documented reading answers HTTP 401.
      description: 'GET /api/backends without credentials',
      path: '/api/backends',
      expectations: [status(401), json, field('code', (code) => code === 401, 'envelope code 401')],
    },
  ],
  // doris-meta-service-api.zh.txt §6: get_instance answers {code, msg, result}; code is a category
  // string, OK only on success, so an unknown instance is not OK.
  'doris-meta-service': [
    {
      description: 'get_instance of an unknown instance',
      path: '/MetaService/http/get_instance?token=greedisgood9999&instance_id=contract-kit-no-such-instance',
      expectations: [json, field('code', (code) => typeof code === 'string' && code !== 'OK', 'a non-OK category string')],
    },
  ],
  // alluxio-coordinator-rest-api.zh.txt: GET /api/v1/nodes lists the workers under `result`.
  'alluxio-coordinator': [
    {
      description: 'GET /api/v1/nodes',
      path: '/api/v1/nodes',
      expectations: [status(200), json, field('result', Array.isArray, 'an array of workers')],
    },
  ],
  // klustron-cluster-manager-api.txt §6.1: get_meta_mode is synchronous: status done, error_code
  // "0", attachment {mode}.
  'klustron-cluster-manager': [
    {
      description: 'POST /HttpService/Emit get_meta_mode',
      path: '/HttpService/Emit',
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: '1.0', job_id: '', job_type: 'get_meta_mode', timestamp: '1435749309', paras: {} }),
      },
      expectations: [
        status(200),
        json,
        field('error_code', (code) => code === '0', 'error_code "0"'),
        field('status', (value) => value === 'done', 'status "done"'),
        field('attachment.mode', (mode) => typeof mode === 'string', 'the replication mode'),
      ],
    },
  ],
};

export async function verifyTarget(api: ApiId, baseUrl: string): Promise<TargetVerdict> {
  const failures: string[] = [];
  for (const request of DOCUMENTED_REQUESTS[api]) {
    const answer = await send(baseUrl, request);
    for (const expectation of request.expectations) {
      const problem = expectation(answer);
      if (problem) failures.push(`${request.description}: ${problem}`);
    }
  }
  return { passed: failures.length === 0, failures };
}

async function send(baseUrl: string, request: DocumentedRequest): Promise<Answer> {
  const response = await fetch(`${baseUrl}${request.path}`, { ...request.init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body, text };
}

function status(expected: number): Expectation {
  return (answer) => (answer.status === expected ? undefined : `expected HTTP ${expected}, got ${answer.status} ${answer.text.slice(0, 200)}`);
}

function json(answer: Answer): string | undefined {
  return answer.body === undefined ? `expected a JSON body, got ${JSON.stringify(answer.text.slice(0, 200))}` : undefined;
}

function field(path: string, holds: (value: unknown) => boolean, what: string): Expectation {
  return (answer) => {
    const value = path.split('.').reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), answer.body);
    return holds(value) ? undefined : `expected ${path} to be ${what}, got ${JSON.stringify(value)}`;
  };
}

function isBackendRow(row: unknown): boolean {
  return isRecord(row) && typeof row.ip === 'string' && typeof row.http_port === 'number' && typeof row.is_alive === 'boolean';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

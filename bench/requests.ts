import type { ApiId } from '../mocks/shared/types.js';
import { loadSpec, type IndexedOperation, type IndexedVariant, type RequestExample } from '../src/spec/index.js';
import { DOCUMENTED_CREDENTIALS } from '../src/verify/cases/index.js';
import { buildRequest } from '../src/verify/cases/request-builder.js';
import type { LoadRequest } from './lib/load.js';

/** A request of the benchmark, built from a documented example so every engine can answer it. */
export interface BenchRequest {
  api: ApiId;
  title: string;
  /** Builds the request against a base URL; `state` holds ids the setup created (sim only). */
  build(baseUrl: string, state: Record<string, string>): LoadRequest;
  /** Creates what the request reads, on a stateful engine; returns the ids it made. */
  setup?(baseUrl: string): Promise<Record<string, string>>;
}

interface Located {
  operation: IndexedOperation;
  variant: IndexedVariant;
  example: RequestExample;
}

/** The token the documents' examples use, which the Meta Service simulator expects by default. */
const META_SERVICE_TOKEN = { token: DOCUMENTED_CREDENTIALS.token };

export async function documented(api: ApiId, operationId: string, variantName: string): Promise<Located> {
  const spec = await loadSpec(api);
  const operation = spec.operationById.get(operationId);
  const variant = operation?.variants.find((v) => v.name === variantName);
  const example = variant?.requestExamples[0];
  if (!operation || !variant || !example) throw new Error(`bench: ${api} has no documented request example for ${operationId}/${variantName}`);
  return { operation, variant, example };
}

/** The documented request, with some parameters or body fields replaced, as autocannon takes it. */
export function toLoadRequest(
  baseUrl: string,
  { operation, variant, example }: Located,
  overrides: { query?: Record<string, string>; body?: Record<string, unknown>; headers?: Record<string, string> } = {},
): LoadRequest {
  const documentedBody = example.body?.value;
  const request = buildRequest(operation, variant, {
    parameters: { ...example.parameters, ...overrides.query },
    body: overrides.body ? { ...(documentedBody as object), ...overrides.body } : documentedBody,
    mediaType: example.body?.mediaType,
  });
  const url = new URL(request.path, baseUrl);
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
  return { method: request.method, url: url.toString(), headers: { ...request.headers, ...overrides.headers }, body: request.body };
}

async function send(request: LoadRequest): Promise<unknown> {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export { META_SERVICE_TOKEN };

export async function benchRequests(): Promise<BenchRequest[]> {
  const backends = await documented('doris-fe', 'get_backends', 'default');
  const getInstance = await documented('doris-meta-service', 'get_instance', 'default');
  const createInstance = await documented('doris-meta-service', 'create_instance', (await loadSpec('doris-meta-service')).operationById.get('create_instance')!.variants[0]!.name);
  const loadProgress = await documented('alluxio-coordinator', 'query_load_jobs', 'get');
  const submitLoad = await documented('alluxio-coordinator', 'submit_load_job', 'default');
  const getStatus = await documented('klustron-cluster-manager', 'emit', 'get_status');
  const metaMode = await documented('klustron-cluster-manager', 'emit', 'get_meta_mode');
  const createMachine = await documented('klustron-cluster-manager', 'emit', 'create_machine');
  const basicRoot = { authorization: `Basic ${Buffer.from('root:').toString('base64')}` };

  return [
    {
      api: 'doris-fe',
      title: 'Doris FE GET /api/backends?is_alive=true',
      build: (base) => toLoadRequest(base, backends, { query: { is_alive: 'true' }, headers: basicRoot }),
    },
    {
      api: 'doris-meta-service',
      title: 'Meta Service get_instance',
      setup: async (base) => {
        await send(toLoadRequest(base, createInstance, { query: META_SERVICE_TOKEN }));
        return {};
      },
      build: (base) => toLoadRequest(base, getInstance, { query: META_SERVICE_TOKEN }),
    },
    {
      api: 'alluxio-coordinator',
      title: 'Alluxio GET /api/v1/load?id= (progress)',
      setup: async (base) => ({ loadId: String((await send(toLoadRequest(base, submitLoad)) as { id: string }).id) }),
      build: (base, state) => toLoadRequest(base, loadProgress, state.loadId ? { query: { id: state.loadId } } : {}),
    },
    {
      api: 'klustron-cluster-manager',
      title: 'Klustron get_status',
      setup: async (base) => ({ jobId: String((await send(toLoadRequest(base, createMachine)) as { job_id: string }).job_id) }),
      build: (base, state) => toLoadRequest(base, getStatus, state.jobId ? { body: { job_id: state.jobId } } : {}),
    },
    {
      api: 'klustron-cluster-manager',
      title: 'Klustron get_meta_mode',
      build: (base) => toLoadRequest(base, metaMode),
    },
  ];
}

import { setupServer } from 'msw/node';
import type { HttpHandler } from 'msw';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { loadSpec, type IndexedOperation, type IndexedSpec } from '../../src/spec/index.js';
import { requiredSchemes, resolveCredentials, withCredentials } from '../../src/verify/cases/credentials.js';
import { requestFromExample } from '../../src/verify/cases/request-builder.js';
import type { CaseRequest } from '../../src/verify/types.js';

/** Every operation's first documented request, with the documented credentials. */
function documentedRequests(spec: IndexedSpec): { operation: IndexedOperation; request: CaseRequest }[] {
  return spec.operations.flatMap((operation) => {
    const variant = operation.variants.find((v) => v.requestExamples.length > 0);
    if (!variant) return [];
    const request = requestFromExample(operation, variant, variant.requestExamples[0]!);
    return [{ operation, request: withCredentials(request, requiredSchemes(spec, operation), resolveCredentials()) }];
  });
}

function urlOf(base: string, request: CaseRequest): string {
  const query = new URLSearchParams(request.query).toString();
  return `${base}${request.path}${query ? `?${query}` : ''}`;
}

async function send(base: string, request: CaseRequest): Promise<Response> {
  return fetch(urlOf(base, request), { method: request.method, headers: request.headers, body: request.body });
}

/** The package entry points `contract-kit/msw/<api>`, imported as users do (one fresh simulator each). */
const MSW_ENTRY_POINTS: Record<ApiId, () => Promise<{ handlers: HttpHandler[]; reset(): void }>> = {
  'doris-fe': () => import('../../src/serve/msw/doris-fe.js'),
  'doris-meta-service': () => import('../../src/serve/msw/doris-meta-service.js'),
  'alluxio-coordinator': () => import('../../src/serve/msw/alluxio-coordinator.js'),
  'klustron-cluster-manager': () => import('../../src/serve/msw/klustron-cluster-manager.js'),
};

const documentedStatuses = (operation: IndexedOperation) => operation.responses.map((r) => Number(r.status));

describe.each(API_IDS.map((api) => [api] as const))('%s: the real simulator behind both adapters', (api: ApiId) => {
  let spec: IndexedSpec;
  let server: MockServer;
  beforeAll(async () => {
    spec = await loadSpec(api);
    server = await startMockServer({ api, port: 0 });
  });
  afterAll(() => server?.close());

  test('node:http: health, and every operation\'s documented request answers a documented status', async () => {
    const health = await (await fetch(`${server.url}/__contract-kit/health`)).json();
    expect(health).toMatchObject({ api, profile: 'documented' });
    const requests = documentedRequests(spec);
    expect(requests.length).toBeGreaterThan(0);
    for (const { operation, request } of requests) {
      const res = await send(server.url, request);
      expect(documentedStatuses(operation), `${operation.operationId}: ${res.status} ${await res.clone().text()}`).toContain(res.status);
    }
  });

  test('MSW: the contract-kit/msw entry point answers the same requests in-process', async () => {
    const entry = await MSW_ENTRY_POINTS[api]();
    const base = spec.servers[0]!.url.replace(/\/+$/, '');
    const msw = setupServer(...entry.handlers);
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      for (const { operation, request } of documentedRequests(spec)) {
        const res = await send(base, request);
        expect(documentedStatuses(operation), `${operation.operationId}: ${res.status}`).toContain(res.status);
      }
      entry.reset();
    } finally {
      msw.close();
    }
  });
});

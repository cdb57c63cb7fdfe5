import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { loadSpec, type IndexedSpec } from '../../src/spec/index.js';
import { requiredSchemes, resolveCredentials, withCredentials } from '../../src/verify/cases/credentials.js';
import { requestFromExample } from '../../src/verify/cases/request-builder.js';
import { envelopeSaysFailure } from '../../src/verify/envelopes.js';
import type { CaseRequest } from '../../src/verify/types.js';

/**
 * `--seed examples`: the documents' read-only request examples (x-safety: read) get the answer the
 * documents pair with them — the response example of the same name: its HTTP status, and success
 * or failure of the API's envelope — against a mock seeded with the examples' entities. The
 * expectation is the spec's, never the simulator's.
 */

/**
 * Job lookups by id are left out: a mock issues job ids when jobs are submitted, and jobs in
 * flight are not part of a state document, so no seed holds the documents' job 54b88939-... or 35.
 */
const JOB_LOOKUPS = new Set(['query_load_jobs/get', 'query_free_jobs/get', 'query_rebalance_jobs/get', 'query_rebalance_jobs/get_by_target', 'emit/get_status']);

/** Request examples whose answer the spec names differently (Doris FE's `all` is answered by `all_backends`). */
const ANSWERED_BY: Record<string, string> = { 'get_backends/default/all': 'all_backends', 'get_backends/default/alive_only': 'doc_example' };

interface PairedExample {
  name: string;
  request: CaseRequest;
  status: number;
  failure: boolean;
}

function pairedReadExamples(api: ApiId, spec: IndexedSpec): PairedExample[] {
  return spec.operations.flatMap((operation) =>
    operation.variants
      .filter((variant) => (variant.safety ?? operation.safety) === 'read')
      .flatMap((variant) =>
        variant.requestExamples.flatMap((example) => {
          const paired = Object.values(variant.responses)
            .flatMap((response) =>
              response.examples
                .filter((e) => e.key === (ANSWERED_BY[`${operation.operationId}/${variant.name}/${example.key}`] ?? example.key))
                .map((e) => ({ response, value: e.value })),
            )
            .at(0);
          if (!paired || !/^\d{3}$/.test(paired.response.status) || JOB_LOOKUPS.has(`${operation.operationId}/${variant.name}`)) return [];
          const request = withCredentials(requestFromExample(operation, variant, example), requiredSchemes(spec, operation), resolveCredentials());
          const failure = typeof paired.value === 'object' && paired.value !== null && envelopeSaysFailure(api, paired.value);
          return [{ name: `${operation.operationId}/${variant.name}/${example.key}`, request, status: Number(paired.response.status), failure }];
        }),
      ),
  );
}

async function answer(base: string, api: ApiId, request: CaseRequest): Promise<{ status: number; failure: boolean; text: string }> {
  const query = new URLSearchParams(request.query).toString();
  const res = await fetch(`${base}${request.path}${query ? `?${query}` : ''}`, { method: request.method, headers: request.headers, body: request.body });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Text answers (Meta Service debugging handlers) are judged by status only.
  }
  return { status: res.status, failure: typeof body === 'object' && body !== null && envelopeSaysFailure(api, body), text };
}

describe.each(API_IDS.map((api) => [api] as const))("%s seeded with the documents' examples", (api) => {
  let spec: IndexedSpec;
  let seeded: MockServer;
  beforeAll(async () => {
    spec = await loadSpec(api);
    seeded = await startMockServer({ api, port: 0, seed: 'examples' });
  });
  afterAll(() => seeded?.close());

  test('every read-only request example gets the answer the documents pair with it', async () => {
    const examples = pairedReadExamples(api, spec);
    expect(examples.length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (const example of examples) {
      const got = await answer(seeded.url, api, example.request);
      if (got.status !== example.status || got.failure !== example.failure) {
        mismatches.push(`${example.name}: documented ${example.status}${example.failure ? ' (failure)' : ''}, got ${got.status} ${got.text.slice(0, 160)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

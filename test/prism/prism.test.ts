import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { startPrismMock, type PrismMock } from '../../src/serve/prism.js';
import { loadSpec, specPath, type IndexedOperation, type IndexedSpec, type IndexedVariant, type JsonSchema } from '../../src/spec/index.js';
import { isStringSchema, validateValue } from '../../src/validate/index.js';
import { requiredSchemes, resolveCredentials, withCredentials } from '../../src/verify/cases/credentials.js';
import { buildRequest, requestFromExample } from '../../src/verify/cases/request-builder.js';
import type { CaseRequest } from '../../src/verify/types.js';

/** One request to Prism: an operation/variant's documented request, asking for one documented response. */
interface PrismCase {
  name: string;
  operation: IndexedOperation;
  variant: IndexedVariant;
  status: string;
  /** The response example asked for with `Prefer: example=`; undefined asks by `code=` only. */
  exampleKey?: string;
}

function prismCases(spec: IndexedSpec): PrismCase[] {
  const cases: PrismCase[] = [];
  for (const operation of spec.operations) {
    for (const variant of operation.variants) {
      for (const [status, response] of Object.entries(variant.responses)) {
        const where = `${operation.operationId}/${variant.name} ${status}`;
        if (response.examples.length === 0) cases.push({ name: `${where} (code only)`, operation, variant, status });
        for (const example of response.examples) {
          cases.push({ name: `${where} example=${example.key}`, operation, variant, status, exampleKey: example.key });
        }
      }
    }
  }
  return cases;
}

function documentedRequest(spec: IndexedSpec, operation: IndexedOperation, variant: IndexedVariant): CaseRequest {
  const example = variant.requestExamples[0];
  const request = example ? requestFromExample(operation, variant, example) : buildRequest(operation, variant, {});
  return withCredentials(request, requiredSchemes(spec, operation), resolveCredentials());
}

/**
 * The media type that holds the example: Prism negotiates the media type from Accept first and
 * looks for the example only there (a status with text and JSON answers needs the right Accept).
 */
function mediaTypeOf(c: PrismCase): string {
  const content = c.operation.responses.find((r) => r.status === c.status)?.content ?? [];
  const holder = content.find((m) => m.examples.some((e) => e.key === c.exampleKey)) ?? content[0];
  return holder?.mediaType ?? '*/*';
}

/**
 * The schema the answer must satisfy: the variant's for its status, or, where the status has several
 * media types (a text success and a JSON error under one 200), that of the media type answered.
 */
function schemaFor(c: PrismCase, contentType: string): JsonSchema | undefined {
  const content = c.operation.responses.find((r) => r.status === c.status)?.content ?? [];
  if (content.length > 1) {
    const answered = content.find((m) => contentType.toLowerCase().startsWith(m.mediaType.toLowerCase()));
    if (answered) return answered.schema;
  }
  return c.variant.responses[c.status]!.schema;
}

async function ask(prism: PrismMock, spec: IndexedSpec, c: PrismCase) {
  const request = documentedRequest(spec, c.operation, c.variant);
  const prefer = [`code=${c.status}`, ...(c.exampleKey ? [`example=${c.exampleKey}`] : [])].join(', ');
  const query = new URLSearchParams(request.query).toString();
  const res = await fetch(`${prism.url}${request.path}${query ? `?${query}` : ''}`, {
    method: request.method,
    headers: { ...request.headers, prefer, accept: mediaTypeOf(c) },
    body: request.body,
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return { status: res.status, text, contentType, violations: res.headers.get('sl-violations') };
}

const specs: IndexedSpec[] = await Promise.all(
  API_IDS.filter((api) => existsSync(specPath(api))).map((api: ApiId) => loadSpec(api)),
);

describe.each(specs.map((spec) => [spec.api, spec] as const))('Prism serves every documented response of %s', (_api, spec) => {
  let prism: PrismMock;
  beforeAll(async () => {
    prism = await startPrismMock(spec.api, { port: 0 });
  });
  afterAll(async () => {
    await prism?.close();
  });

  test.each(prismCases(spec).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const answer = await ask(prism, spec, c);
    const schema = schemaFor(c, answer.contentType);
    expect(answer.status, `Prism answered ${answer.status} (${answer.violations ?? 'no violations'}): ${answer.text.slice(0, 300)}`).toBe(
      Number(c.status),
    );
    if (schema === undefined) return;
    const value = isStringSchema(schema) || !/json/i.test(answer.contentType) ? answer.text : JSON.parse(answer.text);
    expect(validateValue(schema, value), `body ${answer.text.slice(0, 300)}`).toEqual([]);
  });
});

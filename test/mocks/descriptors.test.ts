import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { API_DESCRIPTORS, descriptorOf } from '../../mocks/descriptors.js';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { loadSpec } from '../../src/spec/load.js';
import type { IndexedSpec } from '../../src/spec/types.js';
import { envelopeSaysFailure, isNotFoundAnswer } from '../../src/verify/envelopes.js';

/**
 * Each API's descriptor (mocks/<api>/descriptor.ts) against what the spec and the documents say,
 * so that the one place other layers read these facts from cannot drift from the spec.
 */

interface DocumentedExample {
  status: number;
  summary: string;
  value: unknown;
}

function documentedExamples(spec: IndexedSpec): DocumentedExample[] {
  return spec.operations.flatMap((op) =>
    op.responses.flatMap((response) =>
      response.content.flatMap((media) =>
        media.examples.map((example) => ({ status: Number(response.status), summary: example.summary ?? example.key, value: example.value })),
      ),
    ),
  );
}

const specs = new Map<ApiId, IndexedSpec>(await Promise.all(API_IDS.map(async (api) => [api, await loadSpec(api)] as const)));

describe('API descriptors agree with the specs', () => {
  test.each(API_IDS)("%s: the default port is the port of the spec's first server", (api) => {
    expect(specs.get(api)!.servers[0]?.url).toBe(`http://127.0.0.1:${API_DESCRIPTORS[api].defaultPort}`);
  });

  test.each(API_IDS)('%s: documented credentials for exactly the security schemes the spec declares', (api) => {
    const schemes = Object.values(specs.get(api)!.securitySchemes);
    const { credentials } = descriptorOf(api);
    expect(credentials.token !== undefined).toBe(schemes.some((scheme) => scheme.type === 'apiKey'));
    expect(credentials.user !== undefined).toBe(schemes.some((scheme) => scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic'));
  });

  test('the Meta Service token is the one the documents send in every example', () => {
    const text = readFileSync(new URL('../../specs/sources/doris-meta-service-api.zh.txt', import.meta.url), 'utf8');
    const tokens = new Set([...text.matchAll(/[?&]token=([A-Za-z0-9]+)/g)].map((match) => match[1]));
    expect([...tokens]).toEqual([API_DESCRIPTORS['doris-meta-service'].credentials.token]);
  });

  test.each(API_IDS.filter((api) => descriptorOf(api).envelope))(
    '%s: the envelope rule reads the documented examples: success in a 2xx example, never in an error status',
    (api) => {
      const rule = descriptorOf(api).envelope!;
      const withField = documentedExamples(specs.get(api)!).filter(
        (example) => typeof example.value === 'object' && example.value !== null && rule.field in example.value,
      );
      const successes = withField.filter((example) => !envelopeSaysFailure(api, example.value));
      expect(successes.some((example) => example.status >= 200 && example.status < 300)).toBe(true);
      expect(successes.filter((example) => example.status >= 400).map((example) => example.summary)).toEqual([]);
    },
  );

  test('Alluxio has no envelope: its documented error examples carry no outcome code a rule could read', () => {
    const errors = documentedExamples(specs.get('alluxio-coordinator')!).filter((example) => example.status >= 400);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((example) => envelopeSaysFailure('alluxio-coordinator', example.value))).toEqual([]);
  });
});

describe("each API's not-found answer", () => {
  const answer = (example: DocumentedExample) => (typeof example.value === 'string' ? example.value : JSON.stringify(example.value));

  test("Klustron's unknown-job example (kl-unknown-job) is a not-found; its success examples are not", () => {
    const examples = documentedExamples(specs.get('klustron-cluster-manager')!);
    const unknownJob = examples.filter((example) => example.summary.includes('kl-unknown-job'));
    expect(unknownJob.length).toBeGreaterThan(0);
    for (const example of unknownJob) expect(isNotFoundAnswer('klustron-cluster-manager', example.status, answer(example))).toBe(true);
    const done = examples.filter((example) => (example.value as { error_code?: string } | null)?.error_code === '0');
    expect(done.length).toBeGreaterThan(0);
    for (const example of done) expect(isNotFoundAnswer('klustron-cluster-manager', example.status, answer(example))).toBe(false);
  });

  test('Meta Service NOT_FOUND examples, in JSON and in protobuf text, are not-founds', () => {
    const examples = documentedExamples(specs.get('doris-meta-service')!).filter((example) => /\bNOT_FOUND\b/.test(answer(example)));
    expect(examples.some((example) => typeof example.value === 'string')).toBe(true);
    for (const example of examples) expect(isNotFoundAnswer('doris-meta-service', example.status, answer(example))).toBe(true);
  });

  test('Doris FE: an envelope with code 404 inside HTTP 200 (fe-envelope-200) is a not-found, code 0 is not', () => {
    expect(isNotFoundAnswer('doris-fe', 200, JSON.stringify({ msg: 'Not Found', code: 404, data: null, count: 0 }))).toBe(true);
    const ok = documentedExamples(specs.get('doris-fe')!).filter((example) => example.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    for (const example of ok) expect(isNotFoundAnswer('doris-fe', 200, answer(example))).toBe(false);
  });

  test.each(API_IDS)('%s: HTTP 404 is a not-found whatever the body', (api) => {
    expect(isNotFoundAnswer(api, 404, '')).toBe(true);
  });
});

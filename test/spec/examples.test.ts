import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import { loadSpec, specPath, type IndexedSpec, type JsonSchema } from '../../src/spec/index.js';
import { isStringSchema, validateValue } from '../../src/validate/index.js';

/** One documented example and the schema it must satisfy. */
interface ExampleCase {
  name: string;
  schema: JsonSchema;
  value: unknown;
}

function exampleCases(spec: IndexedSpec): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const op of spec.operations) {
    for (const media of op.requestBody?.content ?? []) {
      for (const ex of media.examples) {
        if (media.schema) cases.push({ name: `${op.operationId} request ${media.mediaType} ${ex.key}`, schema: media.schema, value: ex.value });
      }
    }
    for (const parameter of op.parameters) {
      const examples = (parameter as { examples?: Record<string, { value: unknown }> }).examples ?? {};
      for (const [key, ex] of Object.entries(examples)) {
        if (parameter.schema) cases.push({ name: `${op.operationId} parameter ${parameter.name} ${key}`, schema: parameter.schema as JsonSchema, value: ex.value });
      }
    }
    for (const response of op.responses) {
      for (const media of response.content) {
        for (const ex of media.examples) {
          if (media.schema) cases.push({ name: `${op.operationId} ${response.status} ${media.mediaType} ${ex.key}`, schema: media.schema, value: ex.value });
        }
      }
    }
    if (op.variants.length === 1 && op.variants[0]?.name === 'default') continue;
    for (const variant of op.variants) {
      const where = `${op.operationId} variant ${variant.name}`;
      for (const ex of variant.requestExamples) {
        if (ex.body && variant.requestSchema) cases.push({ name: `${where} request ${ex.key}`, schema: variant.requestSchema, value: ex.body.value });
      }
      for (const response of Object.values(variant.responses)) {
        for (const ex of response.examples) {
          if (response.schema) cases.push({ name: `${where} ${response.status} ${ex.key}`, schema: response.schema, value: ex.value });
        }
      }
      for (const ex of variant.statusResponse?.examples ?? []) {
        if (variant.statusResponse?.schema) cases.push({ name: `${where} status-when-done ${ex.key}`, schema: variant.statusResponse.schema, value: ex.value });
      }
    }
  }
  return cases;
}

for (const api of API_IDS) {
  describe(`${api} spec examples`, async () => {
    test('the spec exists and loads', async () => {
      expect(existsSync(specPath(api)), `specs/${api}.yaml is missing`).toBe(true);
      await expect(loadSpec(api)).resolves.toBeTruthy();
    });
    if (!existsSync(specPath(api))) return;
    const spec = await loadSpec(api).catch(() => undefined);
    if (!spec) return;
    const cases = exampleCases(spec);

    test('documents at least one example per operation', () => {
      expect(cases.length).toBeGreaterThanOrEqual(spec.operations.length);
    });

    // Verify matches failing responses against these schemas to name known deviations; one that
    // strict ajv cannot compile would silently never match.
    const observed = [
      ...spec.observed.map((entry) => ({ where: 'root', entry })),
      ...spec.operations.flatMap((op) => [
        ...op.observed.map((entry) => ({ where: op.operationId, entry })),
        ...op.variants.flatMap((v) => v.observed.map((entry) => ({ where: `${op.operationId}/${v.name}`, entry }))),
      ]),
    ].filter(({ entry }) => entry.response?.schema !== undefined);
    test.each(observed.map((o) => [`${o.where} x-observed ${o.entry.id}`, o] as const))('%s has a schema strict ajv compiles', (_name, o) => {
      expect(() => validateValue(o.entry.response!.schema!, null)).not.toThrow();
    });

    test.each(cases.map((c) => [c.name, c] as const))('%s validates against its schema', (_name, c) => {
      // Text answers are stored as strings; JSON examples as values.
      const value = isStringSchema(c.schema) && typeof c.value !== 'string' ? JSON.stringify(c.value) : c.value;
      const problems = validateValue(c.schema, value);
      expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
    });
  });
}

/**
 * Requests generated from each variant's request schema, starting from its documented request and
 * mutating body fields and query parameters with values drawn to satisfy or to break the schema.
 * validateRequest classifies each generated request (the oracle); the simulator, through the
 * servers' shared dispatch, must then accept what the spec calls valid (never answer it with the
 * API's validation error) and refuse what the spec calls invalid in the API's documented shape.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { createSimulator } from '../../mocks/index.js';
import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import { createDispatcher } from '../../src/serve/dispatch.js';
import { loadSpec, type IndexedOperation, type IndexedSpec, type IndexedVariant, type JsonSchema } from '../../src/spec/index.js';
import { credentialParameterNames, resolveCredentials } from '../../src/verify/cases/credentials.js';
import { documentedRequests } from '../../src/verify/cases/example-cases.js';
import type { CaseRequest } from '../../src/verify/types.js';
import { classifyAnswer } from '../reliability/support/answer-shape.js';
import { allowedKinds, classifyRequest, pathWithQuery } from '../reliability/support/bad-inputs.js';
import { breakingValue, conformingValue } from './support/schema-values.js';
import { runSettings, SEED } from './support/settings.js';

const RUNS_PER_VARIANT = 25;
const specs = await Promise.all(API_IDS.map((api) => loadSpec(api)));
const alluxio = specs.find((spec) => spec.api === 'alluxio-coordinator')!;

/**
 * How each API says "your request is malformed" (documented profile), as opposed to a semantic
 * refusal such as not-found: Doris FE with HTTP 400, the Meta Service with an INVALID_ARGUMENT
 * envelope, Klustron with an early rejection (code 70001 without job_id/job_type keys: kl-reject,
 * kl-envelope; an unknown job's 70001 carries them, kl-unknown-job), Alluxio with a 400 other
 * than the refusals its spec documents (`No mounted UFS found`).
 */
type ValidationErrorTest = (status: number, body: Record<string, unknown> | undefined) => boolean;
const VALIDATION_ERROR: Record<ApiId, ValidationErrorTest> = {
  'doris-fe': (status) => status === 400,
  'doris-meta-service': (_status, body) => body?.code === 'INVALID_ARGUMENT',
  'alluxio-coordinator': (status, body) => status === 400 && !isDocumentedRefusal(alluxio, body?.status),
  'klustron-cluster-manager': (_status, body) => body?.error_code === '70001' && !('job_id' in body) && !('job_type' in body),
};

/**
 * Whether an Alluxio message is a refusal the spec documents (a 4xx example of any operation), up
 * to the path it names: delete_quota's 400 "the quota was not found" is worded in the GET's 404
 * example (`No quota item found for path: <path>`), priority's "other problem" in quota's
 * `No mounted UFS found` (x-doc-quirks).
 */
function isDocumentedRefusal(spec: IndexedSpec, message: unknown): boolean {
  if (typeof message !== 'string') return false;
  const stem = (text: string) => text.split(': ')[0];
  return spec.operations
    .flatMap((op) => op.responses)
    .filter((r) => /^4/.test(r.status))
    .flatMap((r) => r.content.flatMap((m) => m.examples.map((e) => (e.value as { status?: unknown }).status)))
    .some((documented) => typeof documented === 'string' && stem(documented) === stem(message));
}

type Mutation =
  | { in: 'body'; path: string[]; value: unknown }
  | { in: 'body'; path: string[]; delete: true }
  | { in: 'query'; name: string; value: string };

type SchemaObject = { [keyword: string]: unknown };

/** The schema of a property (object properties merged across allOf/oneOf branches). */
function propertySchemas(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  if (typeof schema !== 'object' || schema === null) return {};
  const own = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const nested = ([...((schema.allOf as JsonSchema[]) ?? []), ...((schema.oneOf as JsonSchema[]) ?? []), ...((schema.anyOf as JsonSchema[]) ?? [])]).map(propertySchemas);
  return Object.assign({}, ...nested, own);
}

function bodyMutations(variant: IndexedVariant, example: Record<string, unknown>): fc.Arbitrary<Mutation>[] {
  const top = propertySchemas(variant.requestSchema);
  const paths: Array<{ path: string[]; schema: JsonSchema | undefined }> = [];
  for (const name of new Set([...Object.keys(top), ...Object.keys(example)])) {
    paths.push({ path: [name], schema: top[name] });
    const inner = example[name];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      const innerSchemas = propertySchemas(top[name]);
      for (const sub of new Set([...Object.keys(innerSchemas), ...Object.keys(inner)])) paths.push({ path: [name, sub], schema: innerSchemas[sub] });
    }
  }
  if (paths.length === 0) return [];
  return [
    fc.constantFrom(...paths).chain(({ path, schema }) =>
      fc.oneof(
        conformingValue(schema).map((value): Mutation => ({ in: 'body', path, value })),
        breakingValue(schema).map((value): Mutation => ({ in: 'body', path, value })),
        fc.constant<Mutation>({ in: 'body', path, delete: true }),
      ),
    ),
    fc.string({ minLength: 1, maxLength: 10 }).map((name): Mutation => ({ in: 'body', path: [`x_${name}`], value: 'unknown field' })),
  ];
}

function queryMutations(spec: IndexedSpec, operation: IndexedOperation, variant: IndexedVariant): fc.Arbitrary<Mutation>[] {
  const credentials = credentialParameterNames(spec, operation);
  const parameters = operation.parameters.filter(
    (p) => p.in === 'query' && !credentials.has(p.name) && (variant.parameters.includes(p.name) || p.required),
  );
  if (parameters.length === 0) return [];
  const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return [
    fc.constantFrom(...parameters).chain((p) =>
      fc.oneof(conformingValue(p.schema as JsonSchema), breakingValue(p.schema as JsonSchema)).map((value): Mutation => ({ in: 'query', name: p.name, value: asText(value) })),
    ),
  ];
}

function applyMutations(base: CaseRequest, mutations: Mutation[]): CaseRequest {
  const query = { ...base.query };
  let body = base.body === undefined ? undefined : (JSON.parse(base.body) as unknown);
  for (const m of mutations) {
    if (m.in === 'query') {
      query[m.name] = m.value;
      continue;
    }
    body = structuredClone(body ?? {});
    let holder = body as Record<string, unknown>;
    for (const key of m.path.slice(0, -1)) {
      if (holder[key] === null || typeof holder[key] !== 'object') holder[key] = {};
      holder = holder[key] as Record<string, unknown>;
    }
    const last = m.path[m.path.length - 1]!;
    if ('delete' in m) delete holder[last];
    else holder[last] = m.value;
  }
  return { ...base, query, body: body === undefined ? undefined : JSON.stringify(body) };
}


function variantsOf(spec: IndexedSpec): Array<[string, IndexedOperation, IndexedVariant, CaseRequest]> {
  return spec.operations
    .filter((operation) => operation.canonicalId === operation.operationId)
    .flatMap((operation) =>
      operation.variants.flatMap((variant) => {
        const documented = documentedRequests(spec, operation, variant, resolveCredentials())[0];
        return documented ? [[`${operation.operationId}/${variant.name}`, operation, variant, documented.request] as [string, IndexedOperation, IndexedVariant, CaseRequest]] : [];
      }),
    );
}

const PROFILES: Profile[] = ['documented', 'observed'];

describe.each(specs.flatMap((spec) => PROFILES.map((profile) => [spec.api, profile, spec] as [ApiId, Profile, IndexedSpec])))(
  '%s, %s profile: generated requests against the simulator',
  (api, profile, spec) => {
    const simulator = createSimulator(api, { profile });
    const dispatcher = createDispatcher({ spec, simulator });
    const totals = { valid: 0, invalid: 0 };
    // The generator must exercise both sides of the oracle, or one half of the property is vacuous.
    afterAll(() => {
      console.log(`${api} (${profile}): ${totals.valid} valid and ${totals.invalid} invalid generated requests (seed ${SEED})`);
      expect(totals.valid).toBeGreaterThan(0);
      expect(totals.invalid).toBeGreaterThan(0);
    });

    test.each(variantsOf(spec))('%s: valid accepted, invalid refused in the documented shape', (_name, operation, variant, base) => {
      const example = (base.body === undefined ? {} : JSON.parse(base.body)) as Record<string, unknown>;
      const mutation = fc.oneof(...bodyMutations(variant, typeof example === 'object' && example !== null ? example : {}), ...queryMutations(spec, operation, variant), fc.constant<Mutation>({ in: 'query', name: 'contract_kit_extra', value: '1' }));
      const counts = { valid: 0, invalid: 0 };
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
          simulator.reset();
          const request = applyMutations(base, mutations);
          const raw = { method: request.method, path: pathWithQuery(request.path, request.query), headers: request.headers, body: request.body };
          const requestClass = classifyRequest(spec, raw);
          const outcome = dispatcher.dispatch({ method: raw.method, url: raw.path, headers: raw.headers, rawBody: raw.body ?? '' });
          if (outcome.kind !== 'respond') throw new Error('the simulator dropped the connection');
          const { status, headers, body = '' } = outcome.response;
          const judgedAs = requestClass.kind === 'unrouted' ? operation : requestClass.operation;
          const answer = classifyAnswer({ spec, profile, operation: judgedAs }, status, headers, body);
          const context = `seed ${SEED}; ${requestClass.kind} request ${JSON.stringify(raw).slice(0, 400)} answered ${status} ${body.slice(0, 300)} (${answer.why})`;
          if (requestClass.kind === 'valid') {
            counts.valid++;
            let json: Record<string, unknown> | undefined;
            try {
              json = JSON.parse(body) as Record<string, unknown>;
            } catch {
              json = undefined;
            }
            // The observed profile may refuse what the documents allow, as real servers do (x-observed).
            if (profile === 'documented' && VALIDATION_ERROR[api](status, json)) throw new Error(`a valid request was refused as invalid: ${context}`);
            if (profile === 'documented' && answer.kind === 'observed') throw new Error(`a valid request got an undocumented answer: ${context}`);
            if (!allowedKinds(requestClass, profile).includes(answer.kind)) throw new Error(`a valid request got an undocumented answer: ${context}`);
          } else {
            counts.invalid++;
            if (!allowedKinds(requestClass, profile).includes(answer.kind)) throw new Error(`an invalid request was not refused in the API's shape: ${context}`);
          }
        }),
        runSettings(RUNS_PER_VARIANT),
      );
      expect(counts.valid + counts.invalid).toBeGreaterThanOrEqual(RUNS_PER_VARIANT);
      totals.valid += counts.valid;
      totals.invalid += counts.invalid;
    });
  },
);

import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiId } from '../../mocks/shared/types.js';
import type { DocQuirk, IndexedOperation, MatchCondition, IndexedSpec, IndexedVariant, JsonSchema, NamedExample, ObservedEntry, Safety } from '../spec/types.js';
import { DOCUMENTED_CREDENTIALS, requiredSchemes } from '../verify/cases/credentials.js';
import { branchNamesOf, fieldRows, nameOf, schemaNamesOf, type FieldRow, type SchemaNames } from './schema-fields.js';

/**
 * One API as the reference pages show it: operations grouped by tag, each variant (`x-variants`,
 * or the implicit `default`) a first-class entry with its own anchor, fields, examples, answers,
 * quirks, deviations and a pre-filled try-it request. Built once from the dereferenced spec.
 */

export interface ShownExample {
  key: string;
  summary?: string;
  /** JSON pretty-printed, or the text itself for text bodies. */
  text: string;
}

export interface ShownResponse {
  status: string;
  description: string;
  mediaTypes: string[];
  schemaName?: string;
  /** Names of the branches when the schema is a `oneOf`/`anyOf` (`KlFailed`, ...). */
  oneOf: string[];
  examples: ShownExample[];
}

/** An `x-observed` entry with its deviating answer in named terms (no raw schema). */
export interface ShownObserved {
  id: string;
  summary?: string;
  answer?: { status?: number; contentType?: string; schemaName?: string; pattern?: string; insteadOfRejection: boolean };
}

function shownObserved(entries: ObservedEntry[], names: SchemaNames): ShownObserved[] {
  return entries.map(({ id, summary, response }) => {
    if (!response) return { id, summary };
    const schema = typeof response.schema === 'object' ? (response.schema as { pattern?: unknown }) : undefined;
    return {
      id,
      summary,
      answer: {
        status: response.status,
        contentType: response.contentType,
        schemaName: nameOf(response.schema, names),
        pattern: typeof schema?.pattern === 'string' ? schema.pattern : undefined,
        insteadOfRejection: response.insteadOfRejection === true,
      },
    };
  });
}

export interface ParameterRow extends FieldRow {
  in: string;
}

/** A request the try-it form starts with: the variant's first documented example and the documented credentials. */
export interface TryItRequest {
  methods: string[];
  path: string;
  query: { name: string; value: string }[];
  /** Doris' Basic credentials (user and password fields), when the operation needs them. */
  basicAuth?: { user: string; password: string };
  mediaType?: string;
  body?: string;
}

export interface VariantEntry {
  /** Fragment of the entry: `<operationId>` for an operation without variants, `<operationId>/<variant>` otherwise. */
  anchor: string;
  operationId: string;
  name: string;
  /** The job type or form name (the variant's name), or the operationId for `default`. */
  title: string;
  summary?: string;
  description?: string;
  mode?: 'sync' | 'async';
  safety: Safety;
  /** When a request is this variant (empty for `default` and fallbacks). */
  match: MatchCondition[];
  parameters: ParameterRow[];
  bodySchemaName?: string;
  bodyFields: FieldRow[];
  requestExamples: ShownExample[];
  responses: ShownResponse[];
  /** Klustron async jobs: what get_status answers once the job is done. */
  statusResponse?: { schemaName?: string; examples: ShownExample[] };
  quirks: DocQuirk[];
  observed: ShownObserved[];
  tryIt: TryItRequest;
}

export interface OperationEntry {
  anchor: string;
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  method: string;
  path: string;
  safety: Safety;
  /** Methods the server accepts besides the documented one (`x-accepted-methods`). */
  acceptedMethods: string[];
  /** The same handler under other paths (`x-alias-of` operations). */
  aliases: { operationId: string; path: string }[];
  hasVariants: boolean;
  variants: VariantEntry[];
  quirks: DocQuirk[];
  /** The operation's and its path item's entries (not the spec-wide ones). */
  observed: ShownObserved[];
}

export interface SchemaEntry {
  name: string;
  description: string;
  rows: FieldRow[];
  /** Anchors of the variants whose request, answer or status answer this schema is. */
  usedBy: string[];
}

export interface ApiReference {
  api: ApiId;
  title: string;
  description: string;
  mockUrl?: string;
  tags: { name: string; description: string; operations: OperationEntry[] }[];
  specWideObserved: ShownObserved[];
  schemas: SchemaEntry[];
}

const pretty = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function shownExamples(examples: NamedExample[]): ShownExample[] {
  return examples.map((example) => ({ key: example.key, summary: example.summary, text: pretty(example.value) }));
}

function parameterRows(operation: IndexedOperation, variant: IndexedVariant, names: SchemaNames): ParameterRow[] {
  return operation.parameters
    .filter((p) => p.in !== 'query' || variant.parameters.includes(p.name))
    .map((p) => {
      const [row] = fieldRows(p.schema as JsonSchema | undefined, names);
      return {
        name: p.name,
        in: p.in,
        required: p.required ?? false,
        type: row?.type ?? 'string',
        constraints: row?.constraints ?? [],
        description: p.description ?? row?.description ?? '',
        oneOf: row?.oneOf ?? [],
      };
    });
}

function parameterExample(parameter: OpenAPIV3_1.ParameterObject): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const first = Object.values(parameter.examples ?? {})[0] as OpenAPIV3_1.ExampleObject | undefined;
  return first?.value;
}

function tryItRequest(spec: IndexedSpec, operation: IndexedOperation, variant: IndexedVariant, acceptedMethods: string[]): TryItRequest {
  const example = variant.requestExamples[0];
  const schemes = requiredSchemes(spec, operation).map(({ scheme }) => scheme);
  const query = new Map<string, string>();
  for (const scheme of schemes) {
    if (scheme.type === 'apiKey' && scheme.in === 'query') query.set(scheme.name, DOCUMENTED_CREDENTIALS.token);
  }
  for (const parameter of operation.parameters.filter((p) => p.in === 'query' && variant.parameters.includes(p.name))) {
    const value = example?.parameters[parameter.name] ?? (query.has(parameter.name) ? undefined : parameterExample(parameter));
    if (value !== undefined) query.set(parameter.name, String(value));
    else if (parameter.required && !query.has(parameter.name)) query.set(parameter.name, '');
  }
  const basic = schemes.some((scheme) => scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic');
  const method = operation.method.toUpperCase();
  return {
    methods: [method, ...acceptedMethods.filter((m) => m !== method)],
    path: operation.path,
    query: [...query].map(([name, value]) => ({ name, value })),
    basicAuth: basic ? { user: DOCUMENTED_CREDENTIALS.user, password: DOCUMENTED_CREDENTIALS.password } : undefined,
    mediaType: example?.body?.mediaType ?? operation.requestBody?.content[0]?.mediaType,
    body: example?.body ? pretty(example.body.value) : undefined,
  };
}

function acceptedMethodsOf(operation: IndexedOperation): string[] {
  const declared = (operation.raw as { 'x-accepted-methods'?: unknown })['x-accepted-methods'];
  return Array.isArray(declared) ? declared.map((m) => String(m).toUpperCase()) : [];
}

function variantEntry(spec: IndexedSpec, operation: IndexedOperation, variant: IndexedVariant, names: SchemaNames): VariantEntry {
  const isDefault = variant.name === 'default' && operation.variants.length === 1;
  return {
    anchor: isDefault ? operation.operationId : `${operation.operationId}/${variant.name}`,
    operationId: operation.operationId,
    name: variant.name,
    title: isDefault ? operation.operationId : variant.name,
    summary: variant.summary ?? (isDefault ? operation.summary : undefined),
    description: variant.description,
    mode: variant.mode,
    safety: variant.safety,
    match: variant.match,
    parameters: parameterRows(operation, variant, names),
    bodySchemaName: nameOf(variant.requestSchema, names),
    bodyFields: fieldRows(variant.requestSchema, names),
    requestExamples: variant.requestExamples.map((example) => ({
      key: example.key,
      summary: example.summary,
      text: example.body ? pretty(example.body.value) : new URLSearchParams(Object.entries(example.parameters).map(([k, v]) => [k, String(v)])).toString(),
    })),
    responses: Object.values(variant.responses).map((response) => ({
      status: response.status,
      description: operation.responses.find((r) => r.status === response.status)?.description ?? '',
      mediaTypes: response.mediaTypes,
      schemaName: nameOf(response.schema, names),
      oneOf: branchNamesOf(response.schema, names),
      examples: shownExamples(response.examples),
    })),
    statusResponse: variant.statusResponse && {
      schemaName: nameOf(variant.statusResponse.schema, names),
      examples: shownExamples(variant.statusResponse.examples),
    },
    quirks: variant.docQuirks,
    observed: shownObserved(variant.observed, names),
    tryIt: tryItRequest(spec, operation, variant, acceptedMethodsOf(operation)),
  };
}

/** Schemas named by variants, with the anchors that use them; every component schema is listed. */
function schemaEntries(spec: IndexedSpec, operations: OperationEntry[], names: SchemaNames): SchemaEntry[] {
  const usedBy = new Map<string, Set<string>>();
  const use = (name: string | undefined, anchor: string) => name && usedBy.set(name, (usedBy.get(name) ?? new Set()).add(anchor));
  for (const variant of operations.flatMap((op) => op.variants)) {
    use(variant.bodySchemaName, variant.anchor);
    for (const response of variant.responses) [response.schemaName, ...response.oneOf].forEach((name) => use(name, variant.anchor));
    use(variant.statusResponse?.schemaName, variant.anchor);
  }
  return Object.entries(spec.document.components?.schemas ?? {})
    .map(([name, schema]) => ({
      name,
      description: typeof (schema as { description?: unknown }).description === 'string' ? String((schema as { description: string }).description) : '',
      rows: fieldRows(schema as JsonSchema, names),
      usedBy: [...(usedBy.get(name) ?? [])],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function buildApiReference(spec: IndexedSpec, mockUrl: string | undefined): ApiReference {
  const names = schemaNamesOf(spec.document);
  const canonical = spec.operations.filter((op) => op.canonicalId === op.operationId);
  const operations: OperationEntry[] = canonical.map((operation) => ({
    anchor: operation.operationId,
    operationId: operation.operationId,
    summary: operation.summary,
    description: operation.description,
    tag: operation.tags[0] ?? 'default',
    method: operation.method.toUpperCase(),
    path: operation.path,
    safety: operation.safety,
    acceptedMethods: acceptedMethodsOf(operation),
    aliases: spec.operations
      .filter((alias) => alias.canonicalId === operation.operationId && alias !== operation)
      .map((alias) => ({ operationId: alias.operationId, path: alias.path })),
    hasVariants: operation.variants.length > 1 || operation.variants[0]?.name !== 'default',
    variants: operation.variants.map((variant) => variantEntry(spec, operation, variant, names)),
    quirks: operation.docQuirks,
    // The index puts root entries last; they are listed once for the whole API, not under every operation.
    observed: shownObserved(operation.observed.slice(0, operation.observed.length - spec.observed.length), names),
  }));
  const tagDescriptions = new Map((spec.document.tags ?? []).map((tag) => [tag.name, tag.description ?? '']));
  const tagOrder = [...new Set([...(spec.document.tags ?? []).map((tag) => tag.name), ...operations.map((op) => op.tag)])];
  return {
    api: spec.api,
    title: spec.title,
    description: spec.description,
    mockUrl,
    tags: tagOrder
      .map((name) => ({ name, description: tagDescriptions.get(name) ?? '', operations: operations.filter((op) => op.tag === name) }))
      .filter((tag) => tag.operations.length > 0),
    specWideObserved: shownObserved(spec.observed, names),
    schemas: schemaEntries(spec, operations, names),
  };
}

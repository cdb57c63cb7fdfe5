import type { OpenAPIV3_1 } from 'openapi-types';
import type {
  DocQuirk,
  IndexedOperation,
  IndexedVariant,
  JsonSchema,
  MatchCondition,
  MediaTypeEntry,
  NamedExample,
  ObservedEntry,
  RequestExample,
  ResponseEntry,
  Safety,
  UndocumentedHandlers,
  VariantResponse,
} from './types.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The `x-` extensions of a spec object, which openapi-types does not model. */
type WithExtensions = { [extension: `x-${string}`]: unknown };

/**
 * The shape of one `x-variants` entry as written in a spec (see specs/CONVENTIONS.md); its schemas
 * are `{ $ref }` objects in a bundled spec and the schemas themselves once dereferenced.
 */
export interface VariantDeclaration {
  name: string;
  summary?: string;
  description?: string;
  'x-safety'?: Safety;
  match?: MatchCondition[];
  request?: { schema?: JsonSchema; parameters?: string[]; examples?: string[] };
  responses?: Record<string, { schema?: JsonSchema; examples?: string[] }>;
  mode?: 'sync' | 'async';
  statusResponse?: { schema?: JsonSchema; examples?: string[] };
  'x-observed'?: unknown;
  'x-doc-quirks'?: unknown;
}

export function observedEntries(owner: unknown): ObservedEntry[] {
  const list = (owner as WithExtensions | undefined)?.['x-observed'];
  if (!Array.isArray(list)) return [];
  // A bare id string is shorthand for an informative entry.
  return list.map((entry) => (typeof entry === 'string' ? { id: entry } : (entry as ObservedEntry)));
}

/** The `x-variants` list of an operation as written (empty when it has none). */
export function declaredVariants(owner: unknown): VariantDeclaration[] {
  const list = (owner as WithExtensions | undefined)?.['x-variants'];
  return Array.isArray(list) ? (list as VariantDeclaration[]) : [];
}

/** An operation's `x-accepted-methods`, lower case (empty when it has none). */
export function acceptedMethods(owner: unknown): string[] {
  const list = (owner as WithExtensions | undefined)?.['x-accepted-methods'];
  return Array.isArray(list) ? list.filter((m): m is string => typeof m === 'string').map((m) => m.toLowerCase()) : [];
}

/** The document's root `x-undocumented-handlers` (empty lists when it has none). */
export function undocumentedHandlers(document: unknown): UndocumentedHandlers {
  const declared = (document as WithExtensions | undefined)?.['x-undocumented-handlers'] as Partial<UndocumentedHandlers> | undefined;
  return {
    paths: Array.isArray(declared?.paths) ? declared.paths : [],
    handlers: Array.isArray(declared?.handlers) ? declared.handlers : [],
  };
}

export function docQuirks(owner: unknown): DocQuirk[] {
  const list = (owner as WithExtensions | undefined)?.['x-doc-quirks'];
  return Array.isArray(list) ? (list as DocQuirk[]) : [];
}

function mediaTypes(content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined): MediaTypeEntry[] {
  return Object.entries(content ?? {}).map(([mediaType, media]) => ({
    mediaType,
    schema: media.schema as JsonSchema | undefined,
    examples: namedExamples(media),
  }));
}

function namedExamples(holder: { examples?: Record<string, unknown>; example?: unknown }): NamedExample[] {
  const named = Object.entries(holder.examples ?? {}).map(([key, example]) => {
    const { summary, value } = example as OpenAPIV3_1.ExampleObject;
    return { key, summary, value };
  });
  if (holder.example !== undefined) named.push({ key: 'example', summary: undefined, value: holder.example });
  return named;
}

export function indexOperations(document: OpenAPIV3_1.Document): IndexedOperation[] {
  const operations: IndexedOperation[] = [];
  const rootObserved = observedEntries(document);
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    if (!pathItem) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      operations.push(indexOperation(document, path, pathItem, method, operation, rootObserved));
    }
  }
  return operations;
}

function indexOperation(
  document: OpenAPIV3_1.Document,
  path: string,
  pathItem: OpenAPIV3_1.PathItemObject,
  method: string,
  operation: OpenAPIV3_1.OperationObject,
  rootObserved: ObservedEntry[],
): IndexedOperation {
  const extensions = operation as OpenAPIV3_1.OperationObject & WithExtensions;
  const operationId = operation.operationId ?? `${method} ${path}`;
  const parameters = mergeParameters(pathItem.parameters, operation.parameters);
  const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const requestBody = body ? { required: body.required ?? false, content: mediaTypes(body.content) } : undefined;
  const responses: ResponseEntry[] = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const r = response as OpenAPIV3_1.ResponseObject;
    return {
      status,
      description: r.description ?? '',
      headers: (r.headers ?? {}) as Record<string, OpenAPIV3_1.HeaderObject>,
      content: mediaTypes(r.content),
    };
  });
  const safety = (extensions['x-safety'] as Safety | undefined) ?? (method === 'get' ? 'read' : 'write');
  const observed = [...observedEntries(operation), ...observedEntries(pathItem), ...rootObserved];
  const quirks = docQuirks(operation);
  const base = { parameters, requestBody, responses, safety };
  const declared = declaredVariants(operation);
  const variants = declared.length
    ? declared.map((v) => indexVariant(v, base))
    : [defaultVariant(base)];
  return {
    operationId,
    canonicalId: (extensions['x-alias-of'] as string | undefined) ?? operationId,
    method,
    acceptedMethods: acceptedMethods(operation).filter((m) => m !== method),
    path,
    summary: operation.summary ?? '',
    description: operation.description ?? '',
    tags: operation.tags ?? [],
    safety,
    parameters,
    requestBody,
    responses,
    security: operation.security ?? document.security,
    servers: operation.servers ?? pathItem.servers ?? document.servers ?? [],
    variants,
    observed,
    docQuirks: quirks,
    raw: operation,
  };
}

/** Operation-level parameters override path-level ones with the same name and location. */
function mergeParameters(
  pathLevel: OpenAPIV3_1.PathItemObject['parameters'],
  operationLevel: OpenAPIV3_1.OperationObject['parameters'],
): OpenAPIV3_1.ParameterObject[] {
  const merged = new Map<string, OpenAPIV3_1.ParameterObject>();
  for (const p of [...(pathLevel ?? []), ...(operationLevel ?? [])] as OpenAPIV3_1.ParameterObject[]) {
    merged.set(`${p.in}:${p.name}`, p);
  }
  return [...merged.values()];
}

interface OperationBase {
  parameters: OpenAPIV3_1.ParameterObject[];
  requestBody?: { required: boolean; content: MediaTypeEntry[] };
  responses: ResponseEntry[];
  safety: Safety;
}

function defaultVariant(base: OperationBase): IndexedVariant {
  const bodyKeys = base.requestBody?.content.flatMap((m) => m.examples.map((e) => e.key)) ?? [];
  const paramKeys = base.parameters.flatMap((p) => namedExamples(p as never).map((e) => e.key));
  return {
    name: 'default',
    safety: base.safety,
    match: [],
    requestSchema: base.requestBody?.content[0]?.schema,
    parameters: base.parameters.filter((p) => p.in === 'query').map((p) => p.name),
    requestExamples: requestExamples([...new Set([...bodyKeys, ...paramKeys])], base),
    responses: Object.fromEntries(
      base.responses.map((r) => [r.status, variantResponse(r, r.content[0]?.schema, undefined)]),
    ),
    observed: [],
    docQuirks: [],
  };
}

function indexVariant(declaration: VariantDeclaration, base: OperationBase): IndexedVariant {
  const responses: Record<string, VariantResponse> = {};
  for (const [status, declared] of Object.entries(declaration.responses ?? {})) {
    const operationResponse = base.responses.find((r) => r.status === status);
    if (!operationResponse) {
      throw new Error(`variant ${declaration.name}: status ${status} is not a response of its operation`);
    }
    responses[status] = variantResponse(operationResponse, declared.schema, declared.examples);
  }
  const statusResponse = declaration.statusResponse && {
    schema: declaration.statusResponse.schema,
    examples: pickExamples(
      base.responses.flatMap((r) => r.content.flatMap((m) => m.examples)),
      declaration.statusResponse.examples ?? [],
      `variant ${declaration.name} statusResponse`,
    ),
  };
  return {
    name: declaration.name,
    summary: declaration.summary,
    description: declaration.description,
    safety: declaration['x-safety'] ?? base.safety,
    match: declaration.match ?? [],
    requestSchema: declaration.request?.schema ?? base.requestBody?.content[0]?.schema,
    parameters: declaration.request?.parameters ?? base.parameters.filter((p) => p.in === 'query').map((p) => p.name),
    requestExamples: requestExamples(declaration.request?.examples ?? [], base),
    responses,
    mode: declaration.mode,
    statusResponse,
    observed: observedEntries(declaration),
    docQuirks: docQuirks(declaration),
  };
}

function isTextSchema(schema: JsonSchema | undefined): boolean {
  return typeof schema === 'object' && schema.type === 'string';
}

/** A documented status as a variant sees it; without a narrowed schema or keys, the operation's own. */
export function variantResponse(response: ResponseEntry, schema?: JsonSchema, keys?: string[]): VariantResponse {
  const all = response.content.flatMap((m) => m.examples);
  // A variant's schema narrows the media types that carry the same kind of body (text or JSON).
  const schemasByMediaType = Object.fromEntries(
    response.content.map((m) => [m.mediaType, schema && isTextSchema(schema) === isTextSchema(m.schema) ? schema : m.schema]),
  );
  return {
    status: response.status,
    schema: schema ?? response.content[0]?.schema,
    mediaTypes: response.content.map((m) => m.mediaType),
    schemasByMediaType,
    examples: keys ? pickExamples(all, keys, `response ${response.status}`) : all,
  };
}

function pickExamples(all: NamedExample[], keys: string[], where: string): NamedExample[] {
  return keys.map((key) => {
    const found = all.find((e) => e.key === key);
    if (!found) throw new Error(`${where}: example '${key}' is not among the operation's examples`);
    return found;
  });
}

function requestExamples(keys: string[], base: OperationBase): RequestExample[] {
  return keys.map((key) => {
    const example: RequestExample = { key, parameters: {} };
    for (const media of base.requestBody?.content ?? []) {
      const found = media.examples.find((e) => e.key === key);
      if (found && !example.body) {
        example.body = { mediaType: media.mediaType, value: found.value };
        example.summary = found.summary;
      }
    }
    for (const parameter of base.parameters) {
      const found = namedExamples(parameter as never).find((e) => e.key === key);
      if (found) {
        example.parameters[parameter.name] = found.value;
        example.summary ??= found.summary;
      }
    }
    if (!example.body && Object.keys(example.parameters).length === 0) {
      throw new Error(`request example '${key}' is neither a body nor a parameter example`);
    }
    return example;
  });
}

import type { OpenAPIV3_1 } from 'openapi-types';
import { declaredVariants, docQuirks, HTTP_METHODS, observedEntries, type VariantDeclaration } from '../spec/index-operations.js';
import type { Safety } from '../spec/types.js';
import { isLoopbackUrl } from '../serve/ports.js';
import { operationNotes, specWideNotes } from './operation-notes.js';


export interface DecorateOptions {
  /** Where the local mock of this API listens; becomes the first server so that try-it reaches it. */
  mockUrl?: string;
  /** The documented token: query parameters carrying an apiKey scheme start with it in try-it. */
  token?: string;
}

type Operation = OpenAPIV3_1.OperationObject & { 'x-safety'?: Safety; 'x-alias-of'?: string };
type ExampleMap = Record<string, OpenAPIV3_1.ExampleObject | OpenAPIV3_1.ReferenceObject>;

/**
 * The spec as the docs renderer gets it: a copy whose descriptions carry the `x-` extensions in
 * readable form (Markdown), whose variant examples say which variant they belong to, and whose
 * first server is the local mock. The spec file itself is never changed.
 */
export function decorateSpecForDocs(document: OpenAPIV3_1.Document, options: DecorateOptions = {}): OpenAPIV3_1.Document {
  const decorated = structuredClone(document);
  const specWide = observedEntries(decorated);
  decorated.info = { ...decorated.info, description: joinMarkdown(decorated.info.description, specWideNotes(specWide)) };
  for (const pathItem of Object.values(decorated.paths ?? {})) {
    if (!pathItem) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Operation | undefined;
      if (!operation) continue;
      const variants = declaredVariants(operation);
      const notes = operationNotes({
        safety: operation['x-safety'],
        aliasOf: operation['x-alias-of'],
        variants,
        quirks: docQuirks(operation),
        observed: [...observedEntries(operation), ...observedEntries(pathItem)],
        specWideObserved: specWide,
      });
      operation.description = joinMarkdown(operation.description, notes);
      labelVariantExamples(operation, variants);
    }
  }
  if (options.mockUrl) pointServersAt(decorated, options.mockUrl);
  if (options.token) prefillApiKeyParameters(decorated, options.token);
  nameComponentSchemas(decorated);
  return decorated;
}

/**
 * Renderers show a `oneOf`/`anyOf` branch by its `title` and fall back to `object`; giving every
 * component schema its name as title makes `One of (object | object | ...)` read
 * `One of (KlCreateClusterRequest | KlDeleteClusterRequest | ...)`.
 */
function nameComponentSchemas(document: OpenAPIV3_1.Document): void {
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (typeof schema === 'object' && schema.title === undefined) schema.title = name;
  }
}

/** Swagger UI starts a try-it parameter with its `example`: the token parameter gets the documented one. */
function prefillApiKeyParameters(document: OpenAPIV3_1.Document, token: string): void {
  const names = new Set(
    Object.values(document.components?.securitySchemes ?? {}).flatMap((scheme) =>
      'type' in scheme && scheme.type === 'apiKey' && scheme.in === 'query' ? [scheme.name] : [],
    ),
  );
  const parameters = [
    ...Object.values(document.components?.parameters ?? {}),
    ...Object.values(document.paths ?? {}).flatMap((pathItem) => [
      ...(pathItem?.parameters ?? []),
      ...HTTP_METHODS.flatMap((method) => pathItem?.[method]?.parameters ?? []),
    ]),
  ];
  for (const parameter of parameters) {
    if ('$ref' in parameter || parameter.in !== 'query' || !names.has(parameter.name)) continue;
    if (parameter.example === undefined && parameter.examples === undefined) parameter.example = token;
  }
}

function joinMarkdown(...parts: (string | undefined)[]): string {
  return parts.filter((part) => part && part.trim()).join('\n\n');
}

/** Example key → names of the variants that list it (requests, responses and async status answers). */
function variantsByExampleKey(variants: VariantDeclaration[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  const add = (key: string, variant: string) => {
    const names = owners.get(key) ?? [];
    if (!names.includes(variant)) names.push(variant);
    owners.set(key, names);
  };
  for (const variant of variants) {
    for (const key of variant.request?.examples ?? []) add(key, variant.name);
    for (const response of Object.values(variant.responses ?? {})) for (const key of response.examples ?? []) add(key, variant.name);
    for (const key of variant.statusResponse?.examples ?? []) add(key, `${variant.name}, when done`);
  }
  return owners;
}

/**
 * Renderers list named examples by summary; prefixing the variant makes the picker say which
 * variant an example belongs to. Only examples written inline in this operation are labelled:
 * `$ref`'d request bodies, responses and path-level parameters are shared with other operations.
 */
function labelVariantExamples(operation: Operation, variants: VariantDeclaration[]): void {
  if (variants.length === 0) return;
  const owners = variantsByExampleKey(variants);
  const exampleMaps: (ExampleMap | undefined)[] = [];
  const body = operation.requestBody;
  if (body && !('$ref' in body)) exampleMaps.push(...Object.values(body.content ?? {}).map((media) => media.examples));
  for (const parameter of operation.parameters ?? []) {
    if (!('$ref' in parameter)) exampleMaps.push(parameter.examples);
  }
  for (const response of Object.values(operation.responses ?? {})) {
    if (!('$ref' in response)) exampleMaps.push(...Object.values(response.content ?? {}).map((media) => media.examples));
  }
  for (const examples of exampleMaps) {
    for (const [key, example] of Object.entries(examples ?? {})) {
      const names = owners.get(key);
      // OpenAPI 3.1 lets a Reference Object carry its own summary, so a $ref'd example is labelled too.
      if (names) example.summary = `[${names.join(' | ')}] ${example.summary ?? key}`;
    }
  }
}


/**
 * Puts the API's mock first wherever the spec's first server is a local one: the mock serves
 * every path of its spec, including paths the spec places on another local port (Meta Service's
 * `cloud_cluster_status` is an FE endpoint on 8030, yet the Meta Service mock answers it).
 */
function pointServersAt(document: OpenAPIV3_1.Document, mockUrl: string): void {
  const url = mockUrl.replace(/\/+$/, '');
  const mock: OpenAPIV3_1.ServerObject = { url, description: 'Local contract-kit mock of this API' };
  const retarget = (servers: OpenAPIV3_1.ServerObject[]): OpenAPIV3_1.ServerObject[] => {
    const first = servers[0]?.url;
    return first !== undefined && first !== url && isLoopbackUrl(first) ? [mock, ...servers] : servers;
  };
  // The document's list gets the mock first whatever it holds: the caller named this mock.
  const servers = document.servers ?? [];
  document.servers = servers[0]?.url === url ? servers : [mock, ...servers];
  for (const pathItem of Object.values(document.paths ?? {})) {
    if (!pathItem) continue;
    if (pathItem.servers) pathItem.servers = retarget(pathItem.servers);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation?.servers) operation.servers = retarget(operation.servers);
    }
  }
}

import type { OpenAPIV3_1 } from 'openapi-types';
import type { IndexedOperation, IndexedVariant, JsonSchema, RequestExample } from '../../spec/types.js';
import { isStringSchema } from '../../validate/index.js';
import type { CaseRequest } from '../types.js';

/** A parameter or body value as it travels in a URL or a text body. */
export function serialiseValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(',');
  return JSON.stringify(value);
}

/** The first value the spec gives for a parameter: a named example, `example`, the schema's examples or default, an enum value. */
export function documentedParameterValue(parameter: OpenAPIV3_1.ParameterObject): unknown {
  const named = Object.values(parameter.examples ?? {}) as OpenAPIV3_1.ExampleObject[];
  if (named[0]?.value !== undefined) return named[0].value;
  if (parameter.example !== undefined) return parameter.example;
  const schema = (parameter.schema ?? {}) as Record<string, unknown>;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if ('const' in schema) return schema.const;
  return undefined;
}

export interface RequestParts {
  parameters?: Record<string, unknown>;
  body?: unknown;
  mediaType?: string;
}

/** The body's media type: the one given, else the operation's first documented one. */
export function requestMediaType(operation: IndexedOperation, given?: string): string | undefined {
  return given ?? operation.requestBody?.content[0]?.mediaType;
}

/** Serialises a body: text schemas and strings as they are, anything else as JSON. */
export function serialiseBody(schema: JsonSchema | undefined, body: unknown): string {
  if (typeof body === 'string' && (isStringSchema(schema) || schema === undefined)) return body;
  return JSON.stringify(body);
}

/**
 * A concrete request for an operation/variant: path templates filled, the variant's query and
 * header parameters that have values (required ones from their documented values when not given),
 * the body serialised with its media type. Credentials are added separately.
 */
export function buildRequest(operation: IndexedOperation, variant: IndexedVariant, parts: RequestParts): CaseRequest {
  const given = parts.parameters ?? {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  let path = operation.path;
  for (const parameter of operation.parameters) {
    const uses = parameter.in !== 'query' || variant.parameters.includes(parameter.name) || parameter.required;
    if (!uses) continue;
    const value = parameter.name in given ? given[parameter.name] : parameter.required ? documentedParameterValue(parameter) : undefined;
    if (value === undefined) continue;
    const text = serialiseValue(value);
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(text));
    else if (parameter.in === 'query') query[parameter.name] = text;
    else if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = text;
  }
  const request: CaseRequest = { method: operation.method.toUpperCase(), path, query, headers };
  if (parts.body !== undefined) {
    request.body = serialiseBody(variant.requestSchema, parts.body);
    const mediaType = requestMediaType(operation, parts.mediaType);
    if (mediaType) request.headers['content-type'] = mediaType;
  }
  return request;
}

export function requestFromExample(operation: IndexedOperation, variant: IndexedVariant, example: RequestExample): CaseRequest {
  return buildRequest(operation, variant, {
    parameters: example.parameters,
    body: example.body?.value,
    mediaType: example.body?.mediaType,
  });
}

import type { RequestProblem } from '../../mocks/shared/types.js';
import type { IndexedOperation, IndexedVariant, JsonSchema } from '../spec/types.js';
import { SchemaCompiler } from './ajv.js';
import { toSchemaProblems } from './problems.js';

export interface ValidatableRequest {
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when it did not parse, or undefined when empty. */
  body: unknown;
  rawBody: string;
  /** Set by the caller when the body was not valid JSON (so `body` holds the raw text). */
  bodyIsMalformedJson?: boolean;
}

// Bodies are validated as sent; parameters arrive as strings and are coerced to their schema's type.
const bodyCompiler = new SchemaCompiler();
const parameterCompiler = new SchemaCompiler({ coerceTypes: true });

export function isStringSchema(schema: JsonSchema | undefined): boolean {
  return typeof schema === 'object' && schema.type === 'string';
}

// Coercion only works on a property of an object, so each parameter schema is wrapped once; the
// wrapper is kept per schema so the compiler's cache (keyed by object identity) hits every time.
const wrappers = new WeakMap<object, JsonSchema>();

function parameterWrapper(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean') return { type: 'object', properties: { value: schema } };
  let wrapper = wrappers.get(schema);
  if (!wrapper) {
    wrapper = { type: 'object', properties: { value: schema } };
    wrappers.set(schema, wrapper);
  }
  return wrapper;
}

/**
 * Problems of a routed request against its variant's documented request: required and typed
 * parameters (query and header), a required body, the body's schema. An empty list means valid.
 */
export function validateRequest(
  operation: IndexedOperation,
  variant: IndexedVariant,
  request: ValidatableRequest,
): RequestProblem[] {
  const problems: RequestProblem[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query' && parameter.in !== 'header') continue;
    if (parameter.in === 'query' && !variant.parameters.includes(parameter.name) && !parameter.required) continue;
    const source = parameter.in === 'query' ? request.query : request.headers;
    const value = source[parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name];
    if (value === undefined) {
      if (parameter.required) {
        problems.push({ in: parameter.in, pointer: parameter.name, message: `${parameter.in} parameter '${parameter.name}' is required` });
      }
      continue;
    }
    if (!parameter.schema) continue;
    const holder = { value: value as unknown };
    const validate = parameterCompiler.compile(parameterWrapper(parameter.schema as JsonSchema));
    if (!validate(holder)) {
      for (const p of toSchemaProblems(validate.errors)) {
        problems.push({ in: parameter.in, pointer: parameter.name, message: `${parameter.in} parameter '${parameter.name}' ${p.message}` });
      }
    }
  }
  const schema = variant.requestSchema;
  const hasBody = request.rawBody.length > 0;
  if (!hasBody) {
    if (operation.requestBody?.required) problems.push({ in: 'body', pointer: '', message: 'request body is required' });
    return problems;
  }
  if (!schema) return problems;
  if (isStringSchema(schema)) {
    addBodyProblems(problems, schema, request.rawBody);
  } else if (request.bodyIsMalformedJson) {
    problems.push({ in: 'body', pointer: '', message: 'request body is not valid JSON' });
  } else {
    addBodyProblems(problems, schema, request.body);
  }
  return problems;
}

function addBodyProblems(problems: RequestProblem[], schema: JsonSchema, value: unknown): void {
  const validate = bodyCompiler.compile(schema);
  if (validate(value)) return;
  for (const p of toSchemaProblems(validate.errors)) {
    problems.push({ in: 'body', pointer: p.pointer, message: `${p.pointer || '(root)'} ${p.message}` });
  }
}

/** Validates any value against a schema of a loaded spec; shared by examples checks and verify. */
export function validateValue(schema: JsonSchema, value: unknown) {
  const validate = bodyCompiler.compile(schema);
  return validate(value) ? [] : toSchemaProblems(validate.errors);
}

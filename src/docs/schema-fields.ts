import type { OpenAPIV3_1 } from 'openapi-types';
import type { JsonSchema } from '../spec/types.js';

/**
 * Schemas as tables a reader can scan: one row per field (nested objects and array items
 * flattened into dotted names like `paras.machinelist[].hostaddr`), with its type,
 * required-ness, constraints and description. Works on the dereferenced spec; schema names come
 * from object identity (a dereferenced `$ref` is the very object under `components.schemas`).
 */

type SchemaObject = { [keyword: string]: unknown };

/** Component schema object → its name in `components.schemas`. */
export type SchemaNames = ReadonlyMap<object, string>;

export function schemaNamesOf(document: OpenAPIV3_1.Document): SchemaNames {
  return new Map(Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [schema as object, name]));
}

export interface FieldRow {
  /** Dotted path from the schema's root; `` for the root itself (a scalar body). */
  name: string;
  type: string;
  required: boolean;
  constraints: string[];
  description: string;
  /** Names of the component schemas this field is one of (`oneOf`/`anyOf` branches, or its own schema). */
  oneOf: string[];
  /** The component schema the field's value is, when it is one. */
  schemaName?: string;
}

const MAX_DEPTH = 6;

const isObject = (schema: unknown): schema is SchemaObject => typeof schema === 'object' && schema !== null && !Array.isArray(schema);

/** `allOf` folded into one object view: properties and required lists merged, the outer schema winning. */
function merged(schema: SchemaObject): SchemaObject {
  const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isObject).map(merged) : [];
  if (parts.length === 0) return schema;
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  const result: SchemaObject = {};
  for (const part of [...parts, schema]) {
    Object.assign(result, part);
    Object.assign(properties, part.properties);
    for (const name of Array.isArray(part.required) ? part.required : []) required.add(String(name));
  }
  delete result.allOf;
  result.properties = properties;
  result.required = [...required];
  return result;
}

function typeOf(schema: SchemaObject): string {
  if (schema.const !== undefined) return typeof schema.const;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') {
    if (schema.type === 'array' && isObject(schema.items)) return `array of ${typeOf(merged(schema.items))}`;
    return schema.type;
  }
  if (schema.properties) return 'object';
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map((v) => typeof v))].join(' | ');
  return 'any';
}

const json = (value: unknown): string => JSON.stringify(value);

function constraintsOf(schema: SchemaObject): string[] {
  const out: string[] = [];
  if (schema.const !== undefined) out.push(`= ${json(schema.const)}`);
  if (Array.isArray(schema.enum)) out.push(`one of ${schema.enum.map(json).join(', ')}`);
  if (typeof schema.pattern === 'string') out.push(`pattern ${schema.pattern}`);
  if (typeof schema.format === 'string') out.push(`format ${schema.format}`);
  const bounds: [string, string][] = [
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minimum', '≥'],
    ['maximum', '≤'],
    ['exclusiveMinimum', '>'],
    ['exclusiveMaximum', '<'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
  ];
  for (const [keyword, label] of bounds) if (schema[keyword] !== undefined) out.push(`${label} ${json(schema[keyword])}`);
  if (schema.default !== undefined) out.push(`default ${json(schema.default)}`);
  if (schema.additionalProperties === false) out.push('no other fields');
  return out;
}

function branchesOf(schema: SchemaObject): SchemaObject[] {
  const list = schema.oneOf ?? schema.anyOf;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/**
 * A branch's name: its component name, else its title, else what tells it apart (a `const`
 * property, as Klustron's `job_type` does), else its position.
 */
export function branchName(branch: SchemaObject, index: number, names: SchemaNames): string {
  const named = names.get(branch);
  if (named) return named;
  if (typeof branch.title === 'string') return branch.title;
  const view = merged(branch);
  for (const [property, sub] of Object.entries((view.properties ?? {}) as Record<string, unknown>)) {
    if (isObject(sub) && sub.const !== undefined) return `${property} = ${json(sub.const)}`;
  }
  return `option ${index + 1}`;
}

/** The rows of a schema, depth first; `oneOf`/`anyOf` rows list their branches by name instead of expanding them. */
export function fieldRows(schema: JsonSchema | undefined, names: SchemaNames): FieldRow[] {
  const rows: FieldRow[] = [];
  const visit = (raw: unknown, name: string, required: boolean, depth: number, seen: Set<object>): void => {
    if (!isObject(raw) || seen.has(raw) || depth > MAX_DEPTH) return;
    const schema = merged(raw);
    const branches = branchesOf(schema);
    const properties = isObject(schema.properties) ? schema.properties : undefined;
    if (name !== '' || !properties) {
      rows.push({
        name,
        type: branches.length ? 'one of' : typeOf(schema),
        required,
        constraints: constraintsOf(schema),
        description: typeof schema.description === 'string' ? schema.description : '',
        oneOf: branches.map((branch, index) => branchName(branch, index, names)),
        schemaName: names.get(raw),
      });
    }
    if (branches.length) return;
    const inner = new Set(seen).add(raw);
    const requiredNames = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    for (const [property, sub] of Object.entries(properties ?? {})) {
      visit(sub, name ? `${name}.${property}` : property, requiredNames.has(property), depth + 1, inner);
    }
    if (schema.type === 'array' && isObject(schema.items)) {
      const items = merged(schema.items);
      if (isObject(items.properties)) {
        const itemRequired = new Set(Array.isArray(items.required) ? items.required.map(String) : []);
        for (const [property, sub] of Object.entries(items.properties)) {
          visit(sub, `${name}[].${property}`, itemRequired.has(property), depth + 1, inner);
        }
      }
    }
  };
  visit(schema, '', true, 0, new Set());
  return rows;
}

/** The name of a schema when it is a component, else undefined. */
export function nameOf(schema: JsonSchema | undefined, names: SchemaNames): string | undefined {
  return isObject(schema) ? names.get(schema) : undefined;
}

/** Branch names of a schema that is a `oneOf`/`anyOf` (empty otherwise). */
export function branchNamesOf(schema: JsonSchema | undefined, names: SchemaNames): string[] {
  return isObject(schema) ? branchesOf(merged(schema)).map((branch, index) => branchName(branch, index, names)) : [];
}

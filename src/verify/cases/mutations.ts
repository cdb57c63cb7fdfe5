import type { JsonSchema } from '../../spec/types.js';
import type { SchemaViolation } from '../types.js';
import { problemsIfCompilable as problemsOf } from '../schema-problems.js';

/** One way to make a valid value invalid, at one place. */
export interface Mutation {
  kind: SchemaViolation;
  /** JSON pointer into the body, or the parameter name. */
  at: string;
  /** What the mutation breaks, for case titles and failure messages. */
  describe: string;
  /** The new value, or `undefined` to remove the field. */
  value?: unknown;
}

type SchemaObject = { [keyword: string]: unknown };

function asObject(schema: JsonSchema | undefined): SchemaObject | undefined {
  return typeof schema === 'object' && schema !== null ? schema : undefined;
}

/** The properties and required names that apply to a value: its own, its allOf parts', and the anyOf/oneOf branch it satisfies. */
function objectShape(schema: JsonSchema | undefined, value: unknown): { properties: Record<string, JsonSchema>; required: string[] } {
  const shape = { properties: {} as Record<string, JsonSchema>, required: [] as string[] };
  const visit = (s: JsonSchema | undefined, depth: number) => {
    const o = asObject(s);
    if (!o || depth > 8) return;
    Object.assign(shape.properties, (o.properties as Record<string, JsonSchema> | undefined) ?? {});
    shape.required.push(...((o.required as string[] | undefined) ?? []));
    for (const part of (o.allOf as JsonSchema[] | undefined) ?? []) visit(part, depth + 1);
    const branches = [...((o.oneOf as JsonSchema[] | undefined) ?? []), ...((o.anyOf as JsonSchema[] | undefined) ?? [])];
    const chosen = branches.find((b) => problemsOf(b, value)?.length === 0);
    if (chosen) visit(chosen, depth + 1);
  };
  visit(schema, 0);
  shape.required = [...new Set(shape.required)];
  return shape;
}

const WRONG_TYPE_CANDIDATES: Array<{ type: string; value: unknown }> = [
  { type: 'string', value: 'contract-kit-wrong-type' },
  { type: 'number', value: 12345 },
  { type: 'boolean', value: true },
  { type: 'object', value: { unexpected: 'object' } },
  { type: 'array', value: ['unexpected'] },
];

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** A value of another JSON type than the schema allows (numbers stand for integers too). */
function wrongTypeValue(schema: SchemaObject, current: unknown): unknown {
  if (schema.type === undefined) return undefined;
  const allowed = new Set((Array.isArray(schema.type) ? schema.type : [schema.type]) as string[]);
  if (allowed.has('integer')) allowed.add('number');
  // Prefer a string for non-string fields and a number for string fields: the classic mix-ups.
  const ordered = jsonType(current) === 'string' ? [WRONG_TYPE_CANDIDATES[1]!, ...WRONG_TYPE_CANDIDATES] : WRONG_TYPE_CANDIDATES;
  return ordered.find((c) => !allowed.has(c.type))?.value;
}

const PATTERN_CANDIDATES = ['', ' ', '!', '#not valid#', '-', '0', 'a b', 'x'.repeat(300)];

/** The first candidate the schema rejects because of its pattern. */
function patternViolation(schema: SchemaObject): string | undefined {
  if (typeof schema.pattern !== 'string') return undefined;
  return PATTERN_CANDIDATES.find((c) => problemsOf(schema, c)?.some((p) => p.keyword === 'pattern'));
}

function enumViolation(schema: SchemaObject): unknown {
  if (!Array.isArray(schema.enum) || schema.enum.length === 0) return undefined;
  const candidate = typeof schema.enum[0] === 'number' ? 987654 : 'contract-kit-not-in-enum';
  return problemsOf(schema, candidate)?.some((p) => p.keyword === 'enum') ? candidate : undefined;
}

/** Mutations of one value against its own schema (a field or a parameter). */
export function valueMutations(schema: JsonSchema | undefined, current: unknown, at: string, label: string): Mutation[] {
  const o = asObject(schema);
  if (!o) return [];
  const mutations: Mutation[] = [];
  const wrong = wrongTypeValue(o, current);
  if (wrong !== undefined) mutations.push({ kind: 'wrong-type', at, describe: `${label} has the wrong type (${jsonType(wrong)}, ${JSON.stringify(o.type)} expected)`, value: wrong });
  const badPattern = patternViolation(o);
  if (badPattern !== undefined) mutations.push({ kind: 'pattern', at, describe: `${label} does not match ${o.pattern as string}`, value: badPattern });
  const badEnum = enumViolation(o);
  if (badEnum !== undefined) mutations.push({ kind: 'enum', at, describe: `${label} is not one of ${JSON.stringify(o.enum)}`, value: badEnum });
  return mutations;
}

const MAX_DEPTH = 3;

/**
 * Every mutation of a documented body against the schema: each present required field removed,
 * each present field given a wrong type, a pattern or an enum it breaks; nested objects (and the
 * first element of arrays of objects) down to MAX_DEPTH. `skip` says which pointers must not
 * change (the fields that select the variant).
 */
export function bodyMutations(schema: JsonSchema | undefined, body: unknown, skip: (pointer: string) => boolean): Mutation[] {
  const mutations: Mutation[] = [];
  const walk = (s: JsonSchema | undefined, value: unknown, pointer: string, depth: number) => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const items = asObject(s)?.items as JsonSchema | undefined;
      if (value.length > 0) walk(items, value[0], `${pointer}/0`, depth + 1);
      return;
    }
    const shape = objectShape(s, value);
    for (const [name, childSchema] of Object.entries(shape.properties)) {
      if (!(name in value)) continue;
      const childPointer = `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (skip(childPointer)) continue;
      const child = (value as Record<string, unknown>)[name];
      if (shape.required.includes(name)) {
        mutations.push({ kind: 'missing-required', at: childPointer, describe: `required field ${childPointer} is missing` });
      }
      mutations.push(...valueMutations(childSchema, child, childPointer, `field ${childPointer}`));
      walk(childSchema, child, childPointer, depth + 1);
    }
  };
  walk(schema, body, '', 0);
  return mutations;
}

/** A deep copy of a JSON body with one mutation applied. */
export function applyBodyMutation(body: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const tokens = mutation.at.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let parent: Record<string, unknown> = copy;
  for (const token of tokens.slice(0, -1)) parent = parent[token] as Record<string, unknown>;
  const last = tokens[tokens.length - 1]!;
  if (mutation.kind === 'missing-required') delete parent[last];
  else parent[last] = mutation.value;
  return copy;
}

import fc from 'fast-check';
import type { JsonSchema } from '../../../src/spec/types.js';

/**
 * fast-check arbitraries drawn from a JSON Schema: values meant to satisfy it and values meant to
 * break one of its constraints (type, enum, pattern, bounds). "Meant to": the generated request
 * is classified afterwards by validateRequest, the oracle, so these need not be exact.
 */
type SchemaObject = { [keyword: string]: unknown };

const MAX_STRING = 24;

function asObject(schema: JsonSchema | undefined): SchemaObject | undefined {
  return typeof schema === 'object' && schema !== null ? schema : undefined;
}

function firstType(schema: SchemaObject): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  if (schema.properties !== undefined) return 'object';
  return undefined;
}

/** The branches a value may take: oneOf/anyOf alternatives, or allOf members merged shallowly. */
function branches(schema: SchemaObject): SchemaObject[] {
  const alternatives = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (alternatives?.length) return alternatives.map(asObject).filter((s): s is SchemaObject => s !== undefined);
  const all = schema.allOf as JsonSchema[] | undefined;
  if (all?.length) {
    const merged: SchemaObject = { ...schema, allOf: undefined };
    for (const member of all.map(asObject)) {
      if (!member) continue;
      Object.assign(merged, member, {
        properties: { ...(merged.properties as object), ...(member.properties as object) },
        required: [...((merged.required as string[]) ?? []), ...((member.required as string[]) ?? [])],
      });
    }
    return [merged];
  }
  return [schema];
}

function patternOf(schema: SchemaObject): RegExp | undefined {
  if (typeof schema.pattern !== 'string') return undefined;
  try {
    return new RegExp(schema.pattern, 'u');
  } catch {
    return undefined;
  }
}

function conformingString(schema: SchemaObject): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = Math.max(minLength, Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : MAX_STRING, MAX_STRING));
  const pattern = patternOf(schema);
  if (pattern) {
    let matching: fc.Arbitrary<string>;
    try {
      matching = fc.stringMatching(pattern);
    } catch {
      // fast-check cannot generate from every regex (lookaheads): fall back to plain strings.
      return fc.string({ minLength, maxLength });
    }
    return matching.filter((s) => s.length >= minLength && (typeof schema.maxLength !== 'number' || s.length <= schema.maxLength));
  }
  return fc.string({ minLength, maxLength });
}

function bound(schema: SchemaObject, key: 'minimum' | 'maximum', fallback: number): number {
  const value = schema[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Values meant to satisfy the schema. */
export function conformingValue(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const object = asObject(schema);
  if (!object) return fc.constant('contract-kit');
  if ('const' in object) return fc.constant(object.const);
  if (Array.isArray(object.enum) && object.enum.length) return fc.constantFrom(...(object.enum as unknown[]));
  const options = branches(object);
  if (options.length > 1 || options[0] !== object) return fc.oneof(...options.map((b) => conformingValue(b, depth)));
  switch (firstType(object)) {
    case 'string':
      return conformingString(object);
    case 'integer':
      return fc.integer({ min: Math.ceil(bound(object, 'minimum', -1_000_000)), max: Math.floor(bound(object, 'maximum', 1_000_000)) });
    case 'number':
      return fc.double({ min: bound(object, 'minimum', -1e6), max: bound(object, 'maximum', 1e6), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minItems = typeof object.minItems === 'number' ? object.minItems : 0;
      return fc.array(depth > 3 ? fc.constant('x') : conformingValue(object.items as JsonSchema, depth + 1), { minLength: minItems, maxLength: Math.max(minItems, 3) });
    }
    case 'object': {
      const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
      const required = ((object.required as string[] | undefined) ?? []).filter((name) => name in properties);
      if (depth > 3) return fc.constant({});
      return fc.record(Object.fromEntries(required.map((name) => [name, conformingValue(properties[name], depth + 1)])));
    }
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  }
}

const NOT_IN_ENUM = 'contract-kit-not-in-enum';

/** Values meant to break one constraint of the schema. */
export function breakingValue(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const object = asObject(schema) ?? {};
  const breakers: fc.Arbitrary<unknown>[] = [];
  const type = firstType(object);
  if (Array.isArray(object.enum) || 'const' in object) breakers.push(fc.constant(NOT_IN_ENUM), fc.constant(12_345));
  const pattern = patternOf(object);
  if (pattern) breakers.push(fc.string({ maxLength: MAX_STRING }).filter((s) => !pattern.test(s)));
  if (typeof object.minLength === 'number' && object.minLength > 0) breakers.push(fc.constant(''));
  if (typeof object.maximum === 'number') breakers.push(fc.constant(object.maximum + 1));
  if (typeof object.minimum === 'number') breakers.push(fc.constant(object.minimum - 1));
  if (type === 'integer') breakers.push(fc.constant(0.5));
  // Another JSON type than the documented one.
  const wrongTypes: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({ not: 'a string' })),
    integer: fc.oneof(fc.string({ maxLength: 8 }).map((s) => `x${s}`), fc.boolean(), fc.constant([1])),
    number: fc.oneof(fc.string({ maxLength: 8 }).map((s) => `x${s}`), fc.boolean(), fc.constant({})),
    boolean: fc.oneof(fc.constant('yes'), fc.integer(), fc.constant(null)),
    array: fc.oneof(fc.constant('not-an-array'), fc.integer(), fc.constant({})),
    object: fc.oneof(fc.constant('not-an-object'), fc.integer(), fc.constant([])),
  };
  breakers.push(type && wrongTypes[type] ? wrongTypes[type] : fc.constant({ contract_kit: ['unexpected'] }));
  return fc.oneof(...breakers);
}

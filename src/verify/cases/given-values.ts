import type { IndexedOperation, IndexedSpec, IndexedVariant, RequestExample } from '../../spec/types.js';

/** A value the user gives for a parameter or body field (`--param instance_id=prod-1`, `--ids ids.json`). */
export type GivenValue = string | number | boolean | Array<string | number>;

/**
 * Real ids of a deployment for the read cases: by name for every operation, and by operationId
 * for one operation (`{"instance_id": "prod-1", "get_cluster": {"cluster_name": "etl"}}`).
 */
export interface GivenValues {
  all: Record<string, GivenValue>;
  byOperation: Record<string, Record<string, GivenValue>>;
}

export const NO_GIVEN_VALUES: GivenValues = { all: {}, byOperation: {} };

/** A given-values source the user got wrong: a usage error with the reason. */
export class GivenValuesError extends Error {}

function isGivenValue(value: unknown): value is GivenValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number');
}

/** `name=value` flags (repeatable); the value may hold `=`. */
export function parseParamFlags(flags: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new GivenValuesError(`--param must be name=value (e.g. --param instance_id=prod-1), got '${flag}'`);
    out[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return out;
}

/**
 * The `--ids` file: a JSON object of name → value (string, number, boolean, or a list of them),
 * where an object value under an operationId applies to that operation only.
 */
export function parseIdsFile(text: string, source: string, operationIds: ReadonlySet<string>): GivenValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GivenValuesError(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GivenValuesError(`${source} must hold a JSON object such as {"instance_id": "prod-1", "get_cluster": {"cluster_name": "etl"}}`);
  }
  const given: GivenValues = { all: {}, byOperation: {} };
  for (const [name, value] of Object.entries(parsed)) {
    if (isGivenValue(value)) given.all[name] = value;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (!operationIds.has(name)) throw new GivenValuesError(`${source}: '${name}' holds an object but is not an operationId of the verified API(s)`);
      for (const [inner, v] of Object.entries(value)) {
        if (!isGivenValue(v)) throw new GivenValuesError(`${source}: ${name}.${inner} must be a string, a number, a boolean or a list of them`);
        (given.byOperation[name] ??= {})[inner] = v;
      }
    } else throw new GivenValuesError(`${source}: '${name}' must be a string, a number, a boolean, a list of them, or an object under an operationId`);
  }
  return given;
}

/** The values that apply to one operation: general ones, then its canonical operation's, then its own. */
export function givenFor(given: GivenValues, operation: IndexedOperation): Record<string, GivenValue> {
  return { ...given.all, ...given.byOperation[operation.canonicalId], ...given.byOperation[operation.operationId] };
}

/** A given value in the type of the documented one it replaces: `--param shards=3` stays a string where the example has `"1"`. */
function coerce(value: GivenValue, documented: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (typeof documented === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof documented === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (Array.isArray(documented)) return value.split(',');
  return value;
}

/** Replaces the body fields of the given names, at any depth; records which names it used. */
function replaceInBody(body: unknown, values: Record<string, GivenValue>, applied: Set<string>): unknown {
  if (Array.isArray(body)) return body.map((item) => replaceInBody(item, values, applied));
  if (body === null || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(body)) {
    if (key in values) {
      out[key] = coerce(values[key]!, inner);
      applied.add(key);
    } else out[key] = replaceInBody(inner, values, applied);
  }
  return out;
}

/**
 * A documented request with the user's real values in place of the spec's example ones: the
 * operation's parameters the variant uses, and body fields of those names wherever they are.
 */
export function applyGivenValues(
  operation: IndexedOperation,
  variant: IndexedVariant,
  example: RequestExample,
  values: Record<string, GivenValue>,
): { example: RequestExample; applied: string[] } {
  if (Object.keys(values).length === 0) return { example, applied: [] };
  const applied = new Set<string>();
  const parameters = { ...example.parameters };
  for (const parameter of operation.parameters) {
    const usable = parameter.in !== 'query' || variant.parameters.includes(parameter.name) || parameter.required;
    if (usable && parameter.name in values) {
      parameters[parameter.name] = coerce(values[parameter.name]!, example.parameters[parameter.name]);
      applied.add(parameter.name);
    }
  }
  const body = example.body ? { ...example.body, value: replaceInBody(example.body.value, values, applied) } : undefined;
  return { example: { ...example, parameters, ...(body ? { body } : {}) }, applied: [...applied].sort() };
}

/** Every operationId of the specs: what an `--ids` file may nest values under. */
export function operationIdsOf(specs: IndexedSpec[]): Set<string> {
  return new Set(specs.flatMap((spec) => spec.operations.map((o) => o.operationId)));
}

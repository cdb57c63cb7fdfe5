import type { JsonSchema } from '../spec/types.js';
import { validateValue, type SchemaProblem } from '../validate/index.js';

/**
 * Problems of a value against a schema that may not compile under strict ajv on its own (a
 * oneOf branch with `required` but no `type`, an x-observed schema requiring an undeclared
 * property): such a schema yields undefined — nothing is known — instead of an exception.
 */
export function problemsIfCompilable(schema: JsonSchema, value: unknown): SchemaProblem[] | undefined {
  try {
    return validateValue(schema, value);
  } catch {
    return undefined;
  }
}

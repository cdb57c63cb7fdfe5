import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiId } from '../../mocks/shared/types.js';
import { packageRoot } from '../spec/locate.js';
import type { JsonSchema } from '../spec/types.js';
import { SchemaCompiler, type ValidateFunction } from '../validate/ajv.js';
import { toSchemaProblems } from '../validate/problems.js';

/** Where an API's state-document schema ships: `specs/state/<api>.schema.json`. */
export function stateSchemaPath(api: ApiId): string {
  return resolve(packageRoot, 'specs', 'state', `${api}.schema.json`);
}

/** One reason a state document is refused, with the JSON pointer into the document. */
export interface StateProblem {
  pointer: string;
  message: string;
}

const compiler = new SchemaCompiler();
const validators = new Map<ApiId, ValidateFunction>();

/** The API's state schema, read and compiled once per process. */
function validatorFor(api: ApiId): ValidateFunction {
  let validate = validators.get(api);
  if (!validate) {
    validate = compiler.compile(JSON.parse(readFileSync(stateSchemaPath(api), 'utf8')) as JsonSchema);
    validators.set(api, validate);
  }
  return validate;
}

/** The ways `document` breaks the API's state schema (empty when it conforms). */
export function stateDocumentProblems(api: ApiId, document: unknown): StateProblem[] {
  const validate = validatorFor(api);
  if (validate(document)) return [];
  return toSchemaProblems(validate.errors).map(({ pointer, message }) => ({ pointer: pointer || '/', message }));
}

/** One line per problem, for an error message: `/backends/0/http_port: must be integer`. */
export function describeStateProblems(problems: StateProblem[]): string {
  const shown = problems.slice(0, 10).map((p) => `${p.pointer}: ${p.message}`);
  if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
  return shown.join('; ');
}

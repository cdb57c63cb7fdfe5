export { SchemaCompiler } from './ajv.js';
export { validateRequest, validateValue, isStringSchema } from './request.js';
export type { ValidatableRequest } from './request.js';
export { toSchemaProblems } from './problems.js';
export type { SchemaProblem } from './problems.js';

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../spec/types.js';

// ajv-formats is CommonJS: under NodeNext its typings put the plugin on `.default`, at run time
// the module itself is the plugin.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin));

export type { ErrorObject, ValidateFunction };

/** OpenAPI's numeric formats, which JSON Schema format validators do not know. */
const OPENAPI_NUMBER_FORMATS: Record<string, (n: number) => boolean> = {
  int32: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  int64: (n) => Number.isInteger(n),
  float: (n) => Number.isFinite(n),
  double: (n) => Number.isFinite(n),
};

/** OpenAPI keywords allowed beside JSON Schema in a schema object; they carry no validation. */
const OPENAPI_ANNOTATIONS = ['discriminator', 'xml', 'externalDocs', 'example'];

/**
 * A strict ajv 2020 instance whose compiled validators are cached per schema object, so each
 * schema of a loaded spec is compiled exactly once however many requests use it.
 */
export class SchemaCompiler {
  private readonly ajv: Ajv2020;
  private readonly compiled = new WeakMap<object, ValidateFunction>();
  private readonly knownExtensions = new Set<string>();

  constructor(options: { coerceTypes?: boolean } = {}) {
    this.ajv = new Ajv2020({
      strict: true,
      allErrors: true,
      allowUnionTypes: true,
      coerceTypes: options.coerceTypes ?? false,
      // Specs reuse one dereferenced schema object in many places, some of which carry $id.
      addUsedSchema: false,
    });
    addFormats(this.ajv);
    for (const [name, validate] of Object.entries(OPENAPI_NUMBER_FORMATS)) {
      this.ajv.addFormat(name, { type: 'number', validate });
    }
    this.ajv.addVocabulary(OPENAPI_ANNOTATIONS);
  }

  compile(schema: JsonSchema): ValidateFunction {
    if (typeof schema === 'boolean') return this.ajv.compile(schema);
    const cached = this.compiled.get(schema);
    if (cached) return cached;
    this.registerExtensions(schema);
    const validate = this.ajv.compile(schema);
    this.compiled.set(schema, validate);
    return validate;
  }

  /** `x-` keys are legal in OpenAPI schema objects; strict ajv rejects unknown keywords otherwise. */
  private registerExtensions(schema: unknown, seen = new Set<unknown>()): void {
    if (schema === null || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    for (const [key, value] of Object.entries(schema)) {
      if (key.startsWith('x-') && !this.knownExtensions.has(key)) {
        this.knownExtensions.add(key);
        this.ajv.addKeyword({ keyword: key, schemaType: ['string', 'number', 'boolean', 'object', 'array', 'null'] });
      }
      this.registerExtensions(value, seen);
    }
  }
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { API_IDS, type ApiId, type SimulatorSettings } from '../../mocks/shared/types.js';
import { CONFIG_FILE_NAME } from '../containers/config.js';
import { SchemaCompiler } from '../validate/ajv.js';
import { toSchemaProblems } from '../validate/problems.js';

export { CONFIG_FILE_NAME };

/**
 * The `mock` section of contract-kit.config.json: what `contract-kit mock` starts with, so a team
 * can check its seeds and settings in. Command-line options win over it.
 *
 * ```json
 * { "mock": {
 *     "seed": { "doris-fe": "seeds/fe.json", "doris-meta-service": "examples" },
 *     "scenarios": { "klustron-cluster-manager": ["jobs-fail"] },
 *     "settings": { "alluxio-coordinator": { "jobDurationMs": 500 } },
 *     "clock": "manual", "journalSize": 5000, "log": true } }
 * ```
 */
export interface MockConfig {
  /** `examples` for every API, or per API a state-document file (relative to the config file) or `examples`. */
  seed?: 'examples' | Partial<Record<ApiId, string>>;
  scenarios?: Partial<Record<ApiId, string[]>>;
  settings?: Partial<Record<ApiId, SimulatorSettings>>;
  clock?: 'real' | 'manual';
  journalSize?: number;
  log?: boolean;
}

/** The keyword for "the state the documents' examples name" instead of a file. */
export const EXAMPLES_SEED = 'examples';
/** Seed files above this are refused before they are read. */
export const MAX_SEED_BYTES = 64 * 1024 * 1024;

const perApi = (value: object) => ({
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(API_IDS.map((api) => [api, value])),
});

const MOCK_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seed: { oneOf: [{ const: EXAMPLES_SEED }, perApi({ type: 'string', minLength: 1 })] },
    scenarios: perApi({ type: 'array', items: { type: 'string', minLength: 1 } }),
    settings: perApi({ type: 'object', additionalProperties: { type: ['boolean', 'integer'] } }),
    clock: { enum: ['real', 'manual'] },
    journalSize: { type: 'integer', minimum: 0 },
    log: { type: 'boolean' },
  },
};

const validateMockConfig = new SchemaCompiler().compile(MOCK_CONFIG_SCHEMA);

/** The `mock` section of the config file (with seed paths made absolute); a missing file or section is `{}`. */
export function readMockConfig(file: string): MockConfig {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const section = (parsed as { mock?: unknown } | null)?.mock;
  if (section === undefined) return {};
  if (!validateMockConfig(section)) {
    const problems = toSchemaProblems(validateMockConfig.errors).map((p) => `mock${p.pointer.replace(/\//g, '.')}: ${p.message}`);
    throw new Error(`${file}: ${[...new Set(problems)].slice(0, 5).join('; ')}`);
  }
  const config = section as MockConfig;
  if (config.seed !== undefined && config.seed !== EXAMPLES_SEED) {
    const base = dirname(file);
    config.seed = Object.fromEntries(
      Object.entries(config.seed).map(([api, seed]) => [api, seed === EXAMPLES_SEED ? seed : resolve(base, seed)]),
    );
  }
  return config;
}

/** A seed file's JSON; the message names the file and what is wrong with it. */
export function readSeedFile(api: ApiId, file: string): unknown {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a regular file');
    size = stat.size;
  } catch (error) {
    throw new Error(`--seed ${api}=${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (size > MAX_SEED_BYTES) throw new Error(`--seed ${api}=${file}: ${size} bytes, more than the ${MAX_SEED_BYTES} a seed file may have`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--seed ${api}=${file}: not JSON (${(error as Error).message})`);
  }
}

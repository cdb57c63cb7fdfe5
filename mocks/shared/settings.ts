import type { ApiId, SimulatorSettings, SimulatorSettingSpecs } from './types.js';

/** Every setting of `specs` with its value: the one given, else the real server's default. */
export type ResolvedSettings<S extends SimulatorSettingSpecs> = { readonly [K in keyof S]: S[K]['default'] extends boolean ? boolean : number };

/**
 * A simulator's settings with every name filled in: the given values over the real server's
 * defaults. An unknown name or a value of the wrong type throws, naming what is known, so that a
 * typo in `--setting` or the config file fails at start instead of being ignored.
 */
export function resolveSettings<Specs extends SimulatorSettingSpecs>(
  api: ApiId,
  specs: Specs,
  given: SimulatorSettings = {},
): ResolvedSettings<Specs> {
  const resolved: Record<string, boolean | number> = {};
  for (const [name, spec] of Object.entries(specs)) resolved[name] = spec.default;
  for (const [name, value] of Object.entries(given)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      const known = Object.keys(specs);
      throw new Error(`unknown ${api} setting '${name}'; known: ${known.length ? known.join(', ') : '(none)'}`);
    }
    const minimum = spec.minimum ?? 0;
    const ok = spec.type === 'boolean' ? typeof value === 'boolean' : Number.isSafeInteger(value) && (value as number) >= minimum;
    if (!ok) {
      const expected = spec.type === 'boolean' ? 'true or false' : `an integer >= ${minimum}`;
      throw new Error(`${api} setting '${name}' must be ${expected}, got ${JSON.stringify(value)}`);
    }
    resolved[name] = value;
  }
  return resolved as ResolvedSettings<Specs>;
}

/** Parses a setting's text (`--setting alluxio-coordinator.jobDurationMs=500`) by the setting's type. */
export function parseSettingValue(specs: SimulatorSettingSpecs, name: string, text: string): boolean | number | string {
  const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
  if (spec?.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (spec?.type === 'integer') return /^\d+$/.test(text) ? Number(text) : text;
  return text;
}

import type { ApiId, SimulatorSettings, SimulatorSettingSpecs } from './types.js';

/** Every setting of `specs` with its value: the one given, else the real server's default. */
export type ResolvedSettings<S extends SimulatorSettingSpecs> = { readonly [K in keyof S]: S[K]['default'] extends boolean ? boolean : number };

/**
 * Checks the settings a caller gives against a simulator's specs and fills in the defaults.
 * An unknown name or a value of the wrong type throws, naming what is known or expected.
 */
export function resolveSettings<S extends SimulatorSettingSpecs>(api: ApiId, specs: S, given: SimulatorSettings = {}): ResolvedSettings<S> {
  const known = Object.keys(specs);
  for (const [name, value] of Object.entries(given)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) throw new Error(`unknown ${api} setting '${name}'; known: ${known.length > 0 ? known.join(', ') : '(none)'}`);
    const fits = spec.type === 'boolean' ? typeof value === 'boolean' : Number.isInteger(value);
    if (!fits) throw new Error(`${api} setting '${name}' must be ${spec.type === 'boolean' ? 'true or false' : 'an integer'}, got ${JSON.stringify(value)}`);
  }
  return Object.fromEntries(known.map((name) => [name, Object.hasOwn(given, name) ? given[name] : specs[name]!.default])) as ResolvedSettings<S>;
}

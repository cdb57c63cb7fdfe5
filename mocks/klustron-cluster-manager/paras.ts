import { JobError, KlCode } from './outcome.js';

/**
 * Reading a job's `paras`. Job code reads them defensively even though the adapters validate
 * requests: the observed profile accepts invalid jobs and fails them later (kl-async-accept), and
 * tests drive the simulator without validation.
 */
export type Paras = Record<string, unknown>;

/** Documented (and observed, kl-digit-strings) range of shards, nodes and comps. */
export const MAX_COUNT = 256;

export function parasOf(body: unknown): Paras {
  const paras = isObject(body) ? body.paras : undefined;
  return isObject(paras) ? paras : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad(key: string, expected: string): JobError {
  return new JobError(KlCode.BAD_PARAS, `paras.${key} must be ${expected}`);
}

export function optionalText(paras: Paras, key: string): string | undefined {
  const value = paras[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw bad(key, 'a non-empty string');
  return value;
}

export function requireText(paras: Paras, key: string): string {
  const value = optionalText(paras, key);
  if (value === undefined) throw bad(key, 'a non-empty string');
  return value;
}

export function requireEnum<T extends string>(paras: Paras, key: string, values: readonly T[]): T {
  const value = requireText(paras, key);
  if (!(values as readonly string[]).includes(value)) throw bad(key, `one of ${values.join(', ')}`);
  return value as T;
}

function digits(paras: Paras, key: string, value: string): number {
  if (!/^[0-9]+$/.test(value)) throw bad(key, 'a digit string');
  return Number(value);
}

/** An id or other non-negative number written as a digit string. */
export function requireNumber(paras: Paras, key: string): number {
  return digits(paras, key, requireText(paras, key));
}

export function optionalNumber(paras: Paras, key: string): number | undefined {
  const value = optionalText(paras, key);
  return value === undefined ? undefined : digits(paras, key, value);
}

/** A count of shards, nodes or comps: a digit string in 1-256. */
export function requireCount(paras: Paras, key: string): number {
  const count = requireNumber(paras, key);
  if (count < 1 || count > MAX_COUNT) throw bad(key, `a digit string in 1-${MAX_COUNT}`);
  return count;
}

export function optionalList(paras: Paras, key: string): string[] | undefined {
  const value = paras[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' && item.length > 0)) {
    throw bad(key, 'a non-empty array of strings');
  }
  return value as string[];
}

export function requireList(paras: Paras, key: string): string[] {
  const value = optionalList(paras, key);
  if (value === undefined) throw bad(key, 'a non-empty array of strings');
  return value;
}

/** A non-empty array of objects (rebuild_node's rb_nodes, logical_backup's backup). */
export function requireObjects(paras: Paras, key: string): Paras[] {
  const value = paras[key];
  if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) throw bad(key, 'a non-empty array of objects');
  return value as Paras[];
}

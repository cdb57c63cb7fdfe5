import type { ByteBudget } from '../shared/byte-budget.js';

/**
 * Per-path policies (quota, TTL, priority eviction): one value per Alluxio path, bounded so that a
 * long-running mock cannot grow without limit.
 */
export const MAX_RULES = 10_000;

/** `/data/dir/` and `/data/dir` name the same rule; answers use the path without the trailing `/`. */
export function rulePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
}

export class PathRules<Value> {
  private readonly rules = new Map<string, Value>();

  /** `kind` keeps this table's charges apart from the other rule tables' in the shared byte budget. */
  constructor(
    private readonly kind = 'rule',
    private readonly budget?: ByteBudget,
  ) {}

  list(): Array<{ path: string; value: Value }> {
    return [...this.rules].map(([path, value]) => ({ path, value }));
  }

  get(path: string): Value | undefined {
    return this.rules.get(rulePath(path));
  }

  /** Adds or updates a rule; false when the table is full and the path is new. */
  set(path: string, value: Value): boolean {
    const key = rulePath(path);
    if (!this.rules.has(key) && this.rules.size >= MAX_RULES) return false;
    // A rule costs its path: the one part a client can make large.
    if (this.budget && !this.budget.charge(`${this.kind}:${key}`, key.length + 16)) return false;
    this.rules.set(key, value);
    return true;
  }

  delete(path: string): boolean {
    this.budget?.release(`${this.kind}:${rulePath(path)}`);
    return this.rules.delete(rulePath(path));
  }
}

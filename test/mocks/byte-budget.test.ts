import { describe, expect, test } from 'vitest';
import { ByteBudget, processStateBytes } from '../../mocks/shared/byte-budget.js';

describe('ByteBudget', () => {
  test('charges up to its limit, refuses past it without charging, and frees on release', () => {
    const budget = new ByteBudget(100, 10_000);
    expect(budget.charge('a', 60)).toBe(true);
    expect(budget.charge('b', 50)).toBe(false);
    expect(budget.used).toBe(60);
    budget.release('a');
    expect(budget.charge('b', 50)).toBe(true);
    expect(budget.used).toBe(50);
  });

  test('a key charged again replaces its earlier charge', () => {
    const budget = new ByteBudget(100, 10_000);
    expect(budget.charge('a', 90)).toBe(true);
    expect(budget.charge('a', 95)).toBe(true);
    expect(budget.used).toBe(95);
  });

  test('budgets of one process share the process-wide limit', () => {
    const first = new ByteBudget(1_000, Number.MAX_SAFE_INTEGER);
    expect(first.charge('x', 800)).toBe(true);
    // Room for 400 more bytes in the whole process: 500 do not fit although this budget's own limit allows them.
    const second = new ByteBudget(1_000, processStateBytes() + 400);
    expect(second.charge('y', 500)).toBe(false);
    first.release('x');
    expect(second.charge('y', 500)).toBe(true);
    second.clear();
  });

  test('the default limits follow the heap limit', () => {
    const budget = new ByteBudget();
    expect(budget.limitBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(budget.processLimitBytes).toBeGreaterThan(budget.limitBytes);
  });
});

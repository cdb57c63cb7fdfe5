import type { Clock } from './types.js';

/**
 * Wall-clock time plus an offset the caller can push forward, so a network mock can be told to
 * "advance 30 s" (finishing async jobs) without waiting, while still moving on its own.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A clock that moves only when told to: deterministic async-job tests. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2024, 10, 21, 12, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export type ControllableClock = Clock & { advance(ms: number): void };

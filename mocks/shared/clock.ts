import type { Clock } from './types.js';

/**
 * The latest instant a controllable clock may show: a year before the last instant a Date can hold
 * (8.64e15 ms), so that times a simulator derives from it (a job's end, an expiry) stay printable.
 * A clock past the Date range made every answer that prints a time a 500, for good.
 */
export const CLOCK_LIMIT_MS = 8.64e15 - 366 * 24 * 3600 * 1000;

/**
 * Wall-clock time plus an offset the caller can push forward, so a network mock can be told to
 * "advance 30 s" (finishing async jobs) without waiting, while still moving on its own.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  now(): number {
    // Wall time keeps moving after an advance: it must not carry the clock past the limit either.
    return Math.min(Date.now() + this.offsetMs, CLOCK_LIMIT_MS);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Back to wall time. */
  reset(): void {
    this.offsetMs = 0;
  }
}

/** A clock that moves only when told to: deterministic async-job tests. */
export class ManualClock implements Clock {
  private current: number;
  constructor(private readonly start = Date.UTC(2024, 10, 21, 12, 0, 0)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current = Math.min(this.current + ms, CLOCK_LIMIT_MS);
  }
  /** Back to the instant it started at. */
  reset(): void {
    this.current = this.start;
  }
}

/** A clock the control endpoints can move (`clock/advance`) and put back (`reset`). */
export type ControllableClock = Clock & { advance(ms: number): void; reset?(): void };

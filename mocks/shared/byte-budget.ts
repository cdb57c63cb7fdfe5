import { getHeapStatistics } from 'node:v8';

/**
 * How many bytes of client data a simulator may keep. Counting entities is not enough: 510
 * create_instance bodies of 8 MB fit a count bound of 10,000 instances and exhaust the heap of the
 * whole process (all four mocks and the docs die together). So every stored entity is also charged
 * its size — the bytes the client sent for it — against the simulator's budget and against a
 * process-wide one, both sized from the process's heap limit; an entity over budget is refused (or
 * the oldest evicted, as the store decides) with the API's own error.
 */

/** Of the heap limit: what one simulator may hold, and what all of them together may. */
export const PER_SIMULATOR_HEAP_SHARE = 0.2;
export const PROCESS_HEAP_SHARE = 0.4;

function heapLimit(): number {
  return getHeapStatistics().heap_size_limit;
}

/** Live budgets of this process; a simulator that is garbage-collected drops out on its own. */
const live = new Set<WeakRef<ByteBudget>>();

/** Bytes charged by every live budget of the process. */
export function processStateBytes(): number {
  let used = 0;
  for (const ref of live) {
    const budget = ref.deref();
    if (budget) used += budget.used;
    else live.delete(ref);
  }
  return used;
}

export class ByteBudget {
  private readonly charges = new Map<string, number>();
  private usedBytes = 0;

  /** `limitBytes` for this simulator; `processLimitBytes` for every budget of the process together. */
  constructor(
    readonly limitBytes: number = Math.floor(heapLimit() * PER_SIMULATOR_HEAP_SHARE),
    readonly processLimitBytes: number = Math.floor(heapLimit() * PROCESS_HEAP_SHARE),
  ) {
    live.add(new WeakRef(this));
  }

  get used(): number {
    return this.usedBytes;
  }

  /** Whether `bytes` more would fit, here and process-wide (a key charged again is replaced). */
  fits(bytes: number, replacing?: string): boolean {
    const freed = replacing === undefined ? 0 : (this.charges.get(replacing) ?? 0);
    const grow = bytes - freed;
    return this.usedBytes + grow <= this.limitBytes && processStateBytes() + grow <= this.processLimitBytes;
  }

  /** Charges `bytes` to `key` (replacing its earlier charge); false, and nothing charged, when it does not fit. */
  charge(key: string, bytes: number): boolean {
    if (!this.fits(bytes, key)) return false;
    this.usedBytes += bytes - (this.charges.get(key) ?? 0);
    this.charges.set(key, bytes);
    return true;
  }

  /** What `key` is charged now (0 when nothing). */
  chargedTo(key: string): number {
    return this.charges.get(key) ?? 0;
  }

  release(key: string): void {
    const bytes = this.charges.get(key);
    if (bytes === undefined) return;
    this.usedBytes -= bytes;
    this.charges.delete(key);
  }

  clear(): void {
    this.charges.clear();
    this.usedBytes = 0;
  }

  /** The refusal's wording, the same for every API (each puts it in its own error shape). */
  refusal(bytes: number): string {
    return `the mock's state is full: storing ${bytes} more bytes would pass its budget (${this.limitBytes} bytes for this API, ${this.processLimitBytes} for all mocks of the process, sized from the heap limit); delete something or reset the mock`;
  }
}

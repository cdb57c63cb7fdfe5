/**
 * Runs cases on N workers while keeping what must stay ordered in order.
 *
 * - Workers with **their own targets** (one in-process simulator each) run any case at any time:
 *   nothing is shared.
 * - Workers sharing **one target** run
 *   - an *exclusive* case alone (a case on a local mock resets the mock's state first: nothing
 *     else may run meanwhile), and
 *   - *serial* cases (writes and scenarios against a deployment) one at a time, in their order,
 *     beside the parallel read cases.
 * Cases start in list order; results come back at their list index.
 */
export interface ScheduleOptions<C, R> {
  items: C[];
  /** One entry per worker: a shared target repeated, or one target per worker. */
  slots: unknown[];
  /** Whether all slots are the same target. */
  shared: boolean;
  exclusive(item: C): boolean;
  serial(item: C): boolean;
  run(item: C, slot: number): Promise<R>;
  /** Asked before each start: true stops starting cases (an interrupted run). */
  stopped?(): boolean;
}

/** A FIFO lock with shared and exclusive holders: an exclusive waiter blocks later shared ones. */
class Gate {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: Array<{ exclusive: boolean; grant: () => void }> = [];

  acquire(exclusive: boolean): Promise<void> {
    return new Promise((grant) => {
      this.waiting.push({ exclusive, grant });
      this.pump();
    });
  }

  release(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    this.pump();
  }

  private pump(): void {
    while (this.waiting.length > 0 && !this.exclusive) {
      const next = this.waiting[0]!;
      if (next.exclusive && this.shared > 0) return;
      this.waiting.shift();
      if (next.exclusive) this.exclusive = true;
      else this.shared++;
      next.grant();
    }
  }
}

/** Results by list index; undefined for items not started (the run was stopped). */
export async function runScheduled<C, R>(options: ScheduleOptions<C, R>): Promise<Array<R | undefined>> {
  const { items, slots } = options;
  const results: Array<R | undefined> = new Array(items.length);
  const gate = new Gate();
  const lane = new Gate();
  let next = 0;
  const worker = async (slot: number): Promise<void> => {
    for (;;) {
      if (options.stopped?.()) return;
      const index = next++;
      if (index >= items.length) return;
      const item = items[index]!;
      if (!options.shared) {
        results[index] = await options.run(item, slot);
        continue;
      }
      const exclusive = options.exclusive(item);
      const serial = !exclusive && options.serial(item);
      if (serial) await lane.acquire(true);
      await gate.acquire(exclusive);
      try {
        results[index] = await options.run(item, slot);
      } finally {
        gate.release(exclusive);
        if (serial) lane.release(true);
      }
    }
  };
  await Promise.all(slots.map((_, slot) => worker(slot)));
  return results;
}

import type { RequestProblem } from '../../mocks/shared/types.js';
import { redactRecord } from '../redact/secrets.js';

/** Requests a mock remembers by default (`mock --journal-size`); 0 turns the journal off. */
export const DEFAULT_JOURNAL_SIZE = 1000;
/** The most a journal may be asked to keep: an entry takes under 1 KB (BENCHMARKS.md), so 1000 entries under 1 MB. */
export const MAX_JOURNAL_SIZE = 1_000_000;

/** One request as the journal shows it (`GET /__contract-kit/requests`, `journal().entries()`). */
export interface JournalEntry {
  /** 1, 2, ... in arrival order; kept across `clear()`, so a client can tell new entries from old. */
  seq: number;
  /** Wall-clock arrival time (ISO 8601), whatever the mock's clock says. */
  time: string;
  method: string;
  /** The path as received, without the query string. */
  path: string;
  /** The query parameters, secrets (`token`, `ak`, `sk`, `password`, ...) replaced by `***`. */
  query: Record<string, string>;
  /** The canonical operationId matched; null when no documented operation matched. */
  operation: string | null;
  /** The `x-variants` name matched (`default` without variants); null when unrouted. */
  variant: string | null;
  /** Why the request breaks the spec (schema validation); empty when it conforms. */
  problems: RequestProblem[];
  /** The `x-mock-scenario` the request ran under, if any. */
  scenario: string | null;
  /** The fault applied (`x-mock-fault` or the server's), e.g. `status=503`, `latency=200;reset`. */
  fault: string | null;
  /** The status answered; null when the connection was dropped (`reset` fault). */
  status: number | null;
  /** Time the mock spent on the request, without injected latency (ms). */
  durationMs: number;
}

/** Which entries to show. */
export interface JournalFilter {
  operation?: string;
  variant?: string;
  /** Entries that arrived at or after this instant (epoch ms or a Date). */
  since?: number | Date;
  /** Only the last `limit` matching entries (still oldest first). */
  limit?: number;
}

/** What the dispatcher records (time as epoch ms, the query raw); the journal adds `seq` and formats on read, off the hot path. */
export type JournalRecord = Omit<JournalEntry, 'seq' | 'time'> & { timeMs: number };

type Stored = JournalRecord & { seq: number };

/** How often a test expects an operation to have been requested. */
export interface RequestCountExpectation {
  atLeast?: number;
  atMost?: number;
  exactly?: number;
}

/**
 * The last `capacity` requests a mock answered, in a ring buffer: recording is one object and
 * one array slot per request (formatting and redaction happen when someone reads).
 */
export class RequestJournal {
  private readonly slots: (Stored | undefined)[];
  private next = 0;
  private size = 0;
  private seq = 0;
  private readonly listeners: ((entry: JournalEntry) => void)[] = [];

  constructor(readonly capacity: number = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isSafeInteger(capacity) || capacity < 0 || capacity > MAX_JOURNAL_SIZE) {
      throw new RangeError(`journal size must be an integer 0-${MAX_JOURNAL_SIZE}, got ${capacity}`);
    }
    this.slots = new Array<Stored | undefined>(capacity);
  }

  /** Calls `listener` with every entry as it is recorded (e.g. `mock --log`). */
  onRecord(listener: (entry: JournalEntry) => void): void {
    this.listeners.push(listener);
  }

  record(record: JournalRecord): void {
    const stored = record as Stored;
    stored.seq = ++this.seq;
    if (this.capacity > 0) {
      this.slots[this.next] = stored;
      this.next = (this.next + 1) % this.capacity;
      if (this.size < this.capacity) this.size++;
    }
    for (const listener of this.listeners) listener(present(stored));
  }

  /** Matching entries, oldest first. */
  entries(filter: JournalFilter = {}): JournalEntry[] {
    const since = filter.since instanceof Date ? filter.since.getTime() : filter.since;
    const matching: Stored[] = [];
    for (let i = 0; i < this.size; i++) {
      const entry = this.slots[(this.next - this.size + i + this.capacity) % this.capacity]!;
      if (filter.operation !== undefined && entry.operation !== filter.operation) continue;
      if (filter.variant !== undefined && entry.variant !== filter.variant) continue;
      if (since !== undefined && entry.timeMs < since) continue;
      matching.push(entry);
    }
    const shown = filter.limit !== undefined ? matching.slice(Math.max(0, matching.length - filter.limit)) : matching;
    return shown.map(present);
  }

  count(filter: Omit<JournalFilter, 'limit'> = {}): number {
    return this.entries(filter).length;
  }

  /** The latest matching entry. */
  last(filter: Omit<JournalFilter, 'limit'> = {}): JournalEntry | undefined {
    return this.entries({ ...filter, limit: 1 })[0];
  }

  /** Throws, listing what was requested instead, unless `operation` was requested as often as expected (default: at least once). */
  expectRequested(operation: string, expected: RequestCountExpectation = { atLeast: 1 }): void {
    const count = this.count({ operation });
    const { atLeast, atMost, exactly } = expected;
    const failed = (exactly !== undefined && count !== exactly) || (atLeast !== undefined && count < atLeast) || (atMost !== undefined && count > atMost);
    if (!failed) return;
    const wanted = [exactly !== undefined && `exactly ${exactly}`, atLeast !== undefined && `at least ${atLeast}`, atMost !== undefined && `at most ${atMost}`]
      .filter(Boolean)
      .join(' and ');
    const seen = new Map<string, number>();
    for (const entry of this.entries()) {
      const name = entry.operation ?? `(unrouted ${entry.method} ${entry.path})`;
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    const summary = [...seen].map(([name, n]) => `${name} x${n}`).join(', ') || 'nothing';
    throw new Error(`expected ${operation} to be requested ${wanted} time(s), it was requested ${count} time(s); the journal holds: ${summary}`);
  }

  /** Forgets every entry (sequence numbers go on). */
  clear(): void {
    this.slots.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}

function present(stored: Stored): JournalEntry {
  return {
    seq: stored.seq,
    time: new Date(stored.timeMs).toISOString(),
    method: stored.method,
    path: stored.path,
    query: redactRecord(stored.query),
    operation: stored.operation,
    variant: stored.variant,
    problems: stored.problems,
    scenario: stored.scenario,
    fault: stored.fault,
    status: stored.status,
    durationMs: Math.round(stored.durationMs * 1000) / 1000,
  };
}

/** One line of `mock --log`: api, method, path, operation/variant, status, ms, problems. */
export function formatJournalLine(api: string, entry: JournalEntry): string {
  const matched = entry.operation === null ? '(unrouted)' : entry.variant === 'default' ? entry.operation : `${entry.operation}/${entry.variant}`;
  const extras = [
    entry.scenario !== null && `scenario=${entry.scenario}`,
    entry.fault !== null && `fault=${entry.fault}`,
    entry.problems.length > 0 && `problems: ${problemSummary(entry.problems)}`,
  ].filter(Boolean);
  return `${entry.time} ${api} ${entry.method} ${entry.path} ${matched} ${entry.status ?? 'reset'} ${entry.durationMs.toFixed(1)}ms${extras.length ? ` ${extras.join(' ')}` : ''}`;
}

/** `body /x: must be integer; query is_alive: must be equal to one of the allowed values`. */
export function problemSummary(problems: readonly RequestProblem[]): string {
  // Validation messages usually start with their pointer already; it is not repeated.
  return problems.map((p) => `${p.in}${p.pointer && !p.message.startsWith(p.pointer) ? ` ${p.pointer}` : ''}: ${p.message}`).join('; ');
}

/** A journal filter from query parameters (`operation`, `variant`, `since`, `limit`), or the reason it is not one. */
export function parseJournalQuery(query: Record<string, string>, capacity: number): JournalFilter | string {
  const filter: JournalFilter = {};
  for (const [name, value] of Object.entries(query)) {
    if (name === 'operation' || name === 'variant') {
      if (value.length === 0 || value.length > 200) return `${name} must be 1-200 characters, got ${value.length}`;
      filter[name] = value;
    } else if (name === 'since') {
      const since = parseInstant(value);
      if (since === undefined) return `since must be epoch milliseconds or an ISO 8601 time (e.g. 2026-01-31T12:00:00Z), got '${value.slice(0, 100)}'`;
      filter.since = since;
    } else if (name === 'limit') {
      const limit = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
      if (!(limit >= 1 && limit <= Math.max(capacity, 1))) return `limit must be an integer 1-${Math.max(capacity, 1)} (the journal size), got '${value.slice(0, 100)}'`;
      filter.limit = limit;
    } else {
      return `unknown parameter '${name.slice(0, 100)}'; known: operation, variant, since, limit`;
    }
  }
  return filter;
}

function parseInstant(text: string): number | undefined {
  if (/^\d{1,16}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

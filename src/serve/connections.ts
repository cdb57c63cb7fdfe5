import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Connection bookkeeping shared by every mock server of the process. File descriptors are a
 * process-wide budget: 1,500 idle connections to one mock used to exhaust `ulimit -n 1024` and make
 * every new connection to all five services fail. So the limit is counted across servers, and a
 * new connection at the limit evicts the oldest idle one (a client that connected and sent
 * nothing, or a finished keep-alive) before it is refused.
 *
 * Delayed answers (`x-mock-fault: latency=…`) are timers tied to their connection: cancelled when
 * it closes, and bounded per connection and in total, so that a client pipelining 100k delayed
 * requests and leaving holds nothing afterwards.
 */

export interface ConnectionLimits {
  /** Open connections across every server of this process. */
  maxConnections: number;
  /** Delayed answers waiting on one connection. */
  maxDelayedPerConnection: number;
  /** Delayed answers waiting across every server of this process. */
  maxDelayedTotal: number;
}

/** File descriptors kept free for everything that is not a client connection (files, DNS, the docs server's reads). */
const RESERVED_DESCRIPTORS = 128;

/** The process's soft limit on open files (Linux `/proc/self/limits`); undefined where it cannot be read. */
export function openFilesLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!line || line[1] === 'unlimited') return undefined;
    return Number(line[1]);
  } catch {
    return undefined;
  }
}

export function defaultConnectionLimits(): ConnectionLimits {
  const files = openFilesLimit();
  const maxConnections = files === undefined ? 10_000 : Math.max(32, Math.min(10_000, files - RESERVED_DESCRIPTORS));
  return { maxConnections, maxDelayedPerConnection: 256, maxDelayedTotal: 10_000 };
}

interface Tracked {
  /** Requests read on this connection and not answered yet. */
  inFlight: number;
  /** Timers of delayed answers on this connection. */
  delayed: Set<NodeJS.Timeout>;
}

/** Insertion order is connection age: the first idle one found is the oldest. */
const open = new Map<Socket, Tracked>();
let delayedTotal = 0;
let limits = defaultConnectionLimits();

/** Changes the process-wide limits (tests, `mock --max-connections`). */
export function setConnectionLimits(next: Partial<ConnectionLimits>): void {
  limits = { ...limits, ...next };
}

export function connectionLimits(): ConnectionLimits {
  return limits;
}

/** Counts a server's connections against the process budget; `warn` hears about refusals (rate-limited). */
export function trackConnections(server: Server, warn: (message: string) => void): void {
  let lastWarning = 0;
  let refusedSinceWarning = 0;
  server.on('connection', (socket: Socket) => {
    if (open.size >= limits.maxConnections && !evictOldestIdle()) {
      refusedSinceWarning += 1;
      socket.destroy();
      const now = Date.now();
      if (now - lastWarning >= 10_000) {
        warn(
          `connection limit reached (${limits.maxConnections} open across all mocks, all busy): refused ${refusedSinceWarning} new connection(s); raise it with --max-connections or the open-files limit (ulimit -n)`,
        );
        lastWarning = now;
        refusedSinceWarning = 0;
      }
      return;
    }
    const tracked: Tracked = { inFlight: 0, delayed: new Set() };
    open.set(socket, tracked);
    socket.once('close', () => {
      for (const timer of tracked.delayed) clearTimeout(timer);
      delayedTotal -= tracked.delayed.size;
      tracked.delayed.clear();
      open.delete(socket);
    });
  });
}

function evictOldestIdle(): boolean {
  for (const [socket, tracked] of open) {
    if (tracked.inFlight === 0) {
      open.delete(socket);
      socket.destroy();
      return true;
    }
  }
  return false;
}

/** A request was read on `socket`: it is busy until `answered`. */
export function requestStarted(socket: Socket): void {
  const tracked = open.get(socket);
  if (tracked) tracked.inFlight += 1;
}

export function requestAnswered(socket: Socket | undefined): void {
  if (!socket) return;
  const tracked = open.get(socket);
  if (tracked && tracked.inFlight > 0) tracked.inFlight -= 1;
}

/**
 * Runs `act` after `ms` unless the connection closes first; nothing is scheduled when the
 * connection or the process already holds as many delayed answers as allowed (which one is said).
 */
export function delayOnConnection(socket: Socket, ms: number, act: () => void): 'scheduled' | 'connection-full' | 'process-full' {
  const tracked = open.get(socket);
  if (!tracked || tracked.delayed.size >= limits.maxDelayedPerConnection) return 'connection-full';
  if (delayedTotal >= limits.maxDelayedTotal) return 'process-full';
  const timer = setTimeout(() => {
    tracked.delayed.delete(timer);
    delayedTotal -= 1;
    act();
  }, ms);
  tracked.delayed.add(timer);
  delayedTotal += 1;
  return 'scheduled';
}

/** What the bookkeeping holds now (tests and the health endpoint). */
export function connectionStats(): { open: number; delayed: number } {
  return { open: open.size, delayed: delayedTotal };
}

import type { CaseResult, ContractCase } from '../types.js';
import { MARK } from './console.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** Where progress goes: a terminal gets one live line, anything else plain lines. */
export interface ProgressOutput {
  isTTY: boolean;
  columns?: number;
  /** Raw text (the live line: carriage return, erase-line). */
  write(text: string): void;
  /** One plain line. */
  line(text: string): void;
}

export interface Progress {
  onStart(cases: ContractCase[]): void;
  onCaseStart(c: ContractCase): void;
  onCase(result: CaseResult): void;
  /** Clears the live line; call before the final report. */
  finish(): void;
  /** Whether the plain per-operation lines were printed (the final report need not repeat them). */
  readonly printedOperations: boolean;
}

const ERASE_LINE = '\r\x1b[2K';
/** At most this often: a fast in-process run would otherwise spend its time repainting. */
const REPAINT_MS = 50;

/**
 * Progress of one API's run: on a terminal a live line (cases done/total, failures so far, the
 * operation running now), repainted in place; elsewhere (CI logs) one line per operation when
 * its cases are done, and with `verbose` one per case. `quiet` prints nothing.
 */
export function createProgress(api: string, output: ProgressOutput, verbosity: Verbosity): Progress {
  let total = 0;
  let done = 0;
  let failed = 0;
  let current = '';
  let lastPaint = 0;
  const live = output.isTTY && verbosity !== 'quiet';
  const plain = !output.isTTY && verbosity !== 'quiet';
  const remaining = new Map<string, number>();
  const counts = new Map<string, { pass: number; fail: number; 'known-deviation': number; skip: number; ms: number }>();

  const paint = (force = false) => {
    const now = performance.now();
    if (!force && now - lastPaint < REPAINT_MS) return;
    lastPaint = now;
    const text = `${api} ${done}/${total} · ${failed} failed${current ? ` · ${current}` : ''}`;
    // A pseudo-terminal may report no size (0 columns): assume a usual width then.
    const width = (output.columns && output.columns > 20 ? output.columns : 100) - 1;
    output.write(`${ERASE_LINE}${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
  };

  return {
    get printedOperations() {
      return plain;
    },
    onStart(cases) {
      total = cases.length;
      for (const c of cases) remaining.set(c.operationId, (remaining.get(c.operationId) ?? 0) + 1);
      if (plain) output.line(`${api}: ${total} cases`);
      if (live) paint(true);
    },
    onCaseStart(c) {
      current = c.operationId;
      if (live) paint();
    },
    onCase(result) {
      done++;
      if (result.verdict === 'fail') failed++;
      if (live) paint(done === total);
      if (!plain) return;
      if (verbosity === 'verbose') output.line(`    ${MARK[result.verdict]} ${result.title}${result.verdict === 'skip' ? ` (${result.reason})` : ''}`);
      const c = counts.get(result.operationId) ?? { pass: 0, fail: 0, 'known-deviation': 0, skip: 0, ms: 0 };
      c[result.verdict]++;
      c.ms += result.durationMs;
      counts.set(result.operationId, c);
      const left = (remaining.get(result.operationId) ?? 1) - 1;
      remaining.set(result.operationId, left);
      if (left === 0) {
        const mark = c.fail > 0 ? MARK.fail : c['known-deviation'] > 0 ? MARK['known-deviation'] : MARK.pass;
        output.line(`  ${mark} ${result.operationId}: ${c.pass} passed, ${c.fail} failed, ${c['known-deviation']} known-deviation, ${c.skip} skipped (${Math.round(c.ms)} ms)`);
      }
    },
    finish() {
      if (live) output.write(ERASE_LINE);
    },
  };
}

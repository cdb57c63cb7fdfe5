import type { IndexedOperation, IndexedSpec, IndexedVariant } from '../spec/types.js';
import { documentedResponses } from './checks/context.js';
import { documentsFailureEnvelopes } from './envelopes.js';

/**
 * The documented rejection: the variant's documented 4xx statuses that fit the reason (400/422 for
 * bad data, 401/403 for credentials); an empty list when the spec documents failures as envelopes
 * inside a 2xx answer (Meta Service, Klustron); undefined when the spec documents no rejection
 * for this reason at all — a negative case would have nothing documented to expect.
 */
export function rejectionStatuses(spec: IndexedSpec, operation: IndexedOperation, variant: IndexedVariant | undefined, fitting: number[]): number[] | undefined {
  const table = documentedResponses({ operation, variant });
  const narrowed = Object.keys(table)
    .filter((s) => /^4\d\d$/.test(s))
    .map(Number)
    .filter((s) => fitting.includes(s));
  if (narrowed.length) return narrowed;
  const failuresIn2xx = Object.values(table).some((r) => /^2/.test(r.status) && documentsFailureEnvelopes(spec, r));
  return failuresIn2xx ? [] : undefined;
}

/** The statuses that fit a rejection of bad data, and of missing or wrong credentials. */
export const BAD_DATA = [400, 422];
export const BAD_CREDENTIALS = [401, 403];

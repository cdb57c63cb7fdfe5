import type { Parameters } from 'fast-check';

/**
 * Deterministic by default (same seed every run, so CI failures reproduce); set
 * CONTRACT_KIT_FC_SEED to explore other seeds. fast-check's failure message prints the seed and
 * the shrink path; the seed is repeated in the test's own message too.
 */
export const SEED = Number(process.env.CONTRACT_KIT_FC_SEED ?? 20_261_122);

export function runSettings<T>(numRuns: number): Parameters<T> {
  return { seed: SEED, numRuns, endOnFailure: false };
}

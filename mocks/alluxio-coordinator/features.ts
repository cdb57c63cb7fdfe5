import { MESSAGES, statusAnswer } from './respond.js';
import type { SimResponse } from '../shared/types.js';

/**
 * The parts of the coordinator a deployment may have switched off, each with its documented answer
 * when off: quota, TTL and priority eviction 501, the global file index 404, a mount table managed
 * outside the API (static file) 501 on create/delete, an unimplemented cache `op` 501.
 */
export type Feature = 'quota' | 'ttl' | 'priority' | 'file-index' | 'mount-api' | 'clear-stale-cache';

export const FEATURES: readonly Feature[] = ['quota', 'ttl', 'priority', 'file-index', 'mount-api', 'clear-stale-cache'];

export type FeatureSwitches = Record<Feature, boolean>;

export function featureSwitches(overrides: Partial<FeatureSwitches> = {}): FeatureSwitches {
  return { ...Object.fromEntries(FEATURES.map((f) => [f, true])), ...overrides } as FeatureSwitches;
}

const DISABLED_ANSWERS: Record<Feature, () => SimResponse> = {
  quota: () => statusAnswer(501, MESSAGES.quotaNotEnabled),
  ttl: () => statusAnswer(501, MESSAGES.ttlNotEnabled),
  priority: () => statusAnswer(501, MESSAGES.priorityNotEnabled),
  'file-index': () => statusAnswer(404, MESSAGES.fileIndexNotEnabled),
  'mount-api': () => statusAnswer(501, MESSAGES.mountTableNotManaged),
  'clear-stale-cache': () => statusAnswer(501, MESSAGES.opNotImplemented),
};

/** The documented answer of a switched-off feature, undefined when it is on. */
export function whenDisabled(switches: FeatureSwitches, feature: Feature): SimResponse | undefined {
  return switches[feature] ? undefined : DISABLED_ANSWERS[feature]();
}

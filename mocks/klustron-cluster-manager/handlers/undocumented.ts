import { succeeded } from '../outcome.js';
import type { AsyncJobHandler } from './types.js';

/**
 * Async job types v1.0.2 accepts that the document does not describe (kl-job-types-more), by
 * job_type. Only the observed profile routes them here (the documented profile knows documented
 * jobs only). What they change is not documented, so they change nothing and finish done.
 */
export const undocumentedHandlers: Readonly<Record<string, AsyncJobHandler>> = {
  example_mission: { mode: 'async', run: () => succeeded('OK') },
  update_cluster_coldback_time_period: { mode: 'async', run: () => succeeded('OK') },
};

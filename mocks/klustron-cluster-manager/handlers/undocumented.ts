import { succeeded } from '../outcome.js';
import type { JobHandler } from './types.js';

/**
 * Job types v1.0.2 accepts that the document does not describe, by job_type: update_machine,
 * control_instance, get_meta_summary and set_variable (kl-job-types), example_mission and
 * update_cluster_coldback_time_period (kl-job-types-more). Only the observed profile routes them
 * here (the documented profile knows documented jobs only). What they change and answer is not
 * documented, so they change nothing: async ones finish done, sync ones answer done with an
 * empty attachment.
 */
export const undocumentedHandlers: Readonly<Record<string, JobHandler>> = {
  update_machine: { mode: 'async', run: () => succeeded('OK') },
  control_instance: { mode: 'async', run: () => succeeded('OK') },
  example_mission: { mode: 'async', run: () => succeeded('OK') },
  update_cluster_coldback_time_period: { mode: 'async', run: () => succeeded('OK') },
  get_meta_summary: { mode: 'sync', answer: () => ({}) },
  set_variable: { mode: 'sync', answer: () => ({}) },
};

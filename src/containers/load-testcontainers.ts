import { loadOptional } from '../optional/index.js';

export type Testcontainers = typeof import('testcontainers');

/**
 * testcontainers is an optional peer dependency, loaded on first use: the CLI must start without
 * it and without an engine, and the reaper it would otherwise start is an image pull. Containers
 * are stopped by `stop()` and in every failure path instead; set TESTCONTAINERS_RYUK_DISABLED=false
 * to have the reaper as well.
 */
export async function loadTestcontainers(): Promise<Testcontainers> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  return loadOptional('containers', () => import('testcontainers'));
}

import { createAlluxioSimulator } from './alluxio-coordinator/index.js';
import { createDorisFeSimulator } from './doris-fe/index.js';
import { createKlustronSimulator } from './klustron-cluster-manager/index.js';
import type { ApiId, Simulator, SimulatorOptions } from './shared/types.js';

export type { ApiId, Simulator, SimulatorOptions } from './shared/types.js';

type SimulatorFactory = (options?: SimulatorOptions) => Simulator;

// Interim: the four simulators are being written; each factory is imported statically here as soon
// as its module exists (a missing module would break the build for everyone).
const FACTORIES: Partial<Record<ApiId, SimulatorFactory>> = {
  'doris-fe': createDorisFeSimulator,
  'alluxio-coordinator': createAlluxioSimulator,
  'klustron-cluster-manager': createKlustronSimulator,
};

/** A fresh simulator of the given API, in the given profile (default `documented`), on the given clock. */
export function createSimulator(api: ApiId, options?: SimulatorOptions): Simulator {
  const factory = FACTORIES[api];
  if (!factory) throw new Error(`the ${api} simulator is not available yet`);
  return factory(options);
}

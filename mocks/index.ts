import { createAlluxioSimulator } from './alluxio-coordinator/index.js';
import { createDorisFeSimulator } from './doris-fe/index.js';
import { createMetaServiceSimulator } from './doris-meta-service/index.js';
import { createKlustronSimulator } from './klustron-cluster-manager/index.js';
import type { ApiId, Simulator, SimulatorOptions } from './shared/types.js';

export type { ApiId, Simulator, SimulatorOptions } from './shared/types.js';

const FACTORIES: Readonly<Record<ApiId, (options?: SimulatorOptions) => Simulator>> = {
  'doris-fe': createDorisFeSimulator,
  'doris-meta-service': createMetaServiceSimulator,
  'alluxio-coordinator': createAlluxioSimulator,
  'klustron-cluster-manager': createKlustronSimulator,
};

/** A fresh simulator of the given API, in the given profile (default `documented`), on the given clock. */
export function createSimulator(api: ApiId, options?: SimulatorOptions): Simulator {
  return FACTORIES[api](options);
}

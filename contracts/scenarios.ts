import type { ApiId } from '../mocks/shared/types.js';
import type { Scenario } from '../src/verify/scenario/define.js';
import { scenarios as alluxioCoordinator } from './alluxio-coordinator/scenarios.js';
import { scenarios as dorisFe } from './doris-fe/scenarios.js';
import { scenarios as dorisMetaService } from './doris-meta-service/scenarios.js';
import { scenarios as klustronClusterManager } from './klustron-cluster-manager/scenarios.js';

/** The hand-written stateful scenarios of each API; every case generator reads them from here. */
export const SCENARIOS: Partial<Record<ApiId, Scenario[]>> = {
  'doris-fe': dorisFe,
  'doris-meta-service': dorisMetaService,
  'alluxio-coordinator': alluxioCoordinator,
  'klustron-cluster-manager': klustronClusterManager,
};

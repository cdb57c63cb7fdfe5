import type { ApiId } from '../../mocks/shared/types.js';
import type { Scenario } from '../verify/scenario/define.js';
import { scenarios as alluxioCoordinator } from './alluxio-coordinator.js';
import { scenarios as dorisFe } from './doris-fe.js';
import { scenarios as dorisMetaService } from './doris-meta-service.js';
import { scenarios as klustronClusterManager } from './klustron-cluster-manager.js';

/**
 * The hand-written stateful scenarios contract-kit ships for each API. They are data: the entry
 * points (CLI, `verify()`) and the contract suites hand them to the verify engine, which never
 * imports them.
 */
export const SCENARIOS: Record<ApiId, readonly Scenario[]> = {
  'doris-fe': dorisFe,
  'doris-meta-service': dorisMetaService,
  'alluxio-coordinator': alluxioCoordinator,
  'klustron-cluster-manager': klustronClusterManager,
};

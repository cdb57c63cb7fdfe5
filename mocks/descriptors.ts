/**
 * Every API's descriptor (mocks/shared/descriptor.ts), one entry per `ApiId`: adding an API
 * without its descriptor does not compile. Light on purpose (no simulator is imported), so the
 * serve and verify layers can read ports and envelopes without loading four simulators.
 */
import { descriptor as alluxioCoordinator } from './alluxio-coordinator/descriptor.js';
import { descriptor as dorisFe } from './doris-fe/descriptor.js';
import { descriptor as dorisMetaService } from './doris-meta-service/descriptor.js';
import { descriptor as klustronClusterManager } from './klustron-cluster-manager/descriptor.js';
import type { ApiDescriptor } from './shared/descriptor.js';
import type { ApiId } from './shared/types.js';

export type { ApiDescriptor, DocumentedCredentials, EnvelopeRule } from './shared/descriptor.js';

export const API_DESCRIPTORS = {
  'doris-fe': dorisFe,
  'doris-meta-service': dorisMetaService,
  'alluxio-coordinator': alluxioCoordinator,
  'klustron-cluster-manager': klustronClusterManager,
} as const satisfies { readonly [Api in ApiId]: ApiDescriptor<Api> };

/** One API's descriptor as the general type (the table keeps each entry's literal types). */
export function descriptorOf(api: ApiId): ApiDescriptor {
  return API_DESCRIPTORS[api];
}

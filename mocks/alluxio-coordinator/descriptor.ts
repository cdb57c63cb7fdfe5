import type { ApiDescriptor } from '../shared/descriptor.js';

/** The Alluxio coordinator REST API: facts other layers need (mocks/shared/descriptor.ts). */
export const descriptor = {
  id: 'alluxio-coordinator',
  // The coordinator's default REST port.
  defaultPort: 19999,
  // The documents give no authentication.
  credentials: {},
  // No envelope: the outcome is the HTTP status alone, and "not found" is a 404.
  isNotFound: () => false,
} as const satisfies ApiDescriptor<'alluxio-coordinator'>;

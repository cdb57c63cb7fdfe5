import { bodyField, type ApiDescriptor } from '../shared/descriptor.js';

/** The Klustron ClusterManager `POST /HttpService/Emit`: facts other layers need (mocks/shared/descriptor.ts). */
export const descriptor = {
  id: 'klustron-cluster-manager',
  // The port every document sample posts to (installers and the built-in default differ: see the spec's servers).
  defaultPort: 35001,
  // The documents give no authentication.
  credentials: {},
  envelope: { field: 'error_code', success: '0', failedStatus: { field: 'status', value: 'failed' } },
  // The unknown-job answer (kl-unknown-job) and the `... is not exists` / `not a known job` failures.
  isNotFound: (body) => {
    const code = bodyField(body, 'error_code');
    if (code === '0' || code === undefined) return false;
    const info = String(bodyField(body, 'error_info') ?? '');
    return (code === '70001' && info === '' && bodyField(body, 'job_id') === '') || /not (a )?known|not exists?|no such|not found/i.test(info);
  },
} as const satisfies ApiDescriptor<'klustron-cluster-manager'>;

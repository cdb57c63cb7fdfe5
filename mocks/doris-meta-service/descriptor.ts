import { bodyField, type ApiDescriptor } from '../shared/descriptor.js';

/** The Doris cloud Meta Service HTTP API: facts other layers need (mocks/shared/descriptor.ts). */
export const descriptor = {
  id: 'doris-meta-service',
  // The Meta Service's default brpc_listen_port.
  defaultPort: 5000,
  // doris_cloud.conf `http_token` as shipped, the token of every documented example; the FE
  // endpoint the spec also documents (cloud_cluster_status) takes Doris' root with the empty password.
  credentials: { token: 'greedisgood9999', user: 'root', password: '' },
  envelope: { field: 'code', success: 'OK' },
  // `code: NOT_FOUND` in JSON or in protobuf text, and get_instance's `failed to get instance`
  // 500 (ms-not-found-500).
  isNotFound: (body, text) => {
    if (body === undefined) return /\bcode:\s*NOT_FOUND\b/.test(text);
    const code = bodyField(body, 'code');
    return code === 'NOT_FOUND' || (code === 'INTERNAL_ERROR' && /failed to get instance/.test(String(bodyField(body, 'msg'))));
  },
} as const satisfies ApiDescriptor<'doris-meta-service'>;

import { bodyField, type ApiDescriptor } from '../shared/descriptor.js';

/** Doris FE `GET /api/backends`: facts other layers need (mocks/shared/descriptor.ts). */
export const descriptor = {
  id: 'doris-fe',
  // The FE's default http_port.
  defaultPort: 8030,
  // root with the empty password: what a fresh Doris cluster accepts.
  credentials: { user: 'root', password: '' },
  envelope: { field: 'code', success: 0 },
  // A real FE answers its errors inside HTTP 200, `code: 404` included (fe-envelope-200).
  isNotFound: (body) => bodyField(body, 'code') === 404,
} as const satisfies ApiDescriptor<'doris-fe'>;

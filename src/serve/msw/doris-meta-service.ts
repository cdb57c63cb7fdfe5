// `import { handlers, reset } from 'contract-kit/msw/doris-meta-service'`: MSW 2 handlers on a fresh doris-meta-service
// simulator (documented profile) at its default local URL; createHandlers(options) for others.
import { mswEntryPoint } from '../msw.js';

export const { handlers, simulator, reset, createHandlers } = mswEntryPoint('doris-meta-service');

// `import { handlers, reset } from 'contract-kit/msw/doris-fe'`: MSW 2 handlers on a fresh doris-fe
// simulator (documented profile) at its default local URL; createHandlers(options) for others.
import { mswEntryPoint } from '../msw.js';

export const { handlers, simulator, reset, createHandlers } = mswEntryPoint('doris-fe');

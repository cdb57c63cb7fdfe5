// `import { handlers, reset } from 'contract-kit/msw/alluxio-coordinator'`: MSW 2 handlers on a fresh alluxio-coordinator
// simulator (documented profile) at its default local URL; createHandlers(options) for others.
import { mswEntryPoint } from '../msw.js';

export const { handlers, simulator, reset, createHandlers } = mswEntryPoint('alluxio-coordinator');

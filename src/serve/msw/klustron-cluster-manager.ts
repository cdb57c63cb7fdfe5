// `import { handlers, reset } from 'contract-kit/msw/klustron-cluster-manager'`: MSW 2 handlers on a fresh klustron-cluster-manager
// simulator (documented profile) at its default local URL; createHandlers(options) for others.
import { mswEntryPoint } from '../msw.js';

export const { handlers, simulator, reset, createHandlers } = mswEntryPoint('klustron-cluster-manager');

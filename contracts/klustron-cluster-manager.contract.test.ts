import { inProcessTarget, simulatorServerTarget } from '../src/verify/index.js';
import { defineContractSuite } from './contract-suite.js';

// One named test per case generated from specs/klustron-cluster-manager.yaml (examples, negative cases, scenarios),
// against the simulator in-process (the servers' dispatch, no sockets) and over HTTP.
await defineContractSuite('klustron-cluster-manager', [
  { name: 'the in-process simulator', open: () => inProcessTarget('klustron-cluster-manager') },
  { name: 'the simulator server', open: () => simulatorServerTarget('klustron-cluster-manager') },
]);

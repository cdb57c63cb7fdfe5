import { inProcessTarget, simulatorServerTarget } from '../src/verify/index.js';
import { defineContractSuite } from './contract-suite.js';

// One named test per case generated from specs/doris-meta-service.yaml (examples, negative cases, scenarios),
// against the simulator in-process (the servers' dispatch, no sockets) and over HTTP.
await defineContractSuite('doris-meta-service', [
  { name: 'the in-process simulator', open: () => inProcessTarget('doris-meta-service') },
  { name: 'the simulator server', open: () => simulatorServerTarget('doris-meta-service') },
]);

import { inProcessTarget, simulatorServerTarget } from '../src/verify/index.js';
import { defineContractSuite } from './contract-suite.js';

// One named test per case generated from specs/alluxio-coordinator.yaml (examples, negative cases, scenarios),
// against the simulator in-process (the servers' dispatch, no sockets) and over HTTP.
await defineContractSuite('alluxio-coordinator', [
  { name: 'the in-process simulator', open: () => inProcessTarget('alluxio-coordinator') },
  { name: 'the simulator server', open: () => simulatorServerTarget('alluxio-coordinator') },
]);

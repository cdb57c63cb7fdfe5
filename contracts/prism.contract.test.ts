import { API_IDS } from '../mocks/shared/types.js';
import { prismCannotJudge, prismTarget } from '../src/verify/index.js';
import { defineContractSuite } from './contract-suite.js';

// Prism mocks each spec statelessly: the documented-request cases and the negative cases run
// against it; the stateful scenarios do not (they need a mock that remembers).
for (const api of API_IDS) {
  await defineContractSuite(api, [
    {
      name: 'Prism',
      open: () => prismTarget(api),
      kinds: ['example', 'negative'],
      cannotJudge: prismCannotJudge,
      // What is checked here is the spec's consistency, not Prism's speed on a busy CI machine.
      options: { timeoutMs: 30_000, maxResponseTimeMs: 30_000 },
    },
  ]);
}

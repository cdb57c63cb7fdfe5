// `import { handlers, reset, simulator, journal, clock } from 'contract-kit/msw/klustron-cluster-manager'`: MSW 2 handlers on a
// fresh klustron-cluster-manager simulator (documented profile) at its default local URL, typed; createHandlers(options)
// for another base URL, profile, seed, clock or settings. The state document holds machines, clusters, shards, nodes.
import { mswEntryPoint } from '../msw.js';

export const { handlers, simulator, clock, journal, expectRequested, reset, getState, setState, createHandlers } = mswEntryPoint('klustron-cluster-manager');

export {
  createKlustronSimulator,
  KLUSTRON_SETTING_SPECS as SETTING_SPECS,
  KlCode,
  klustronExamplesState as examplesState,
  type KlustronClusterDocument,
  type KlustronMachineDocument,
  type KlustronScenarioName as ScenarioName,
  type KlustronSimulator,
  type KlustronSimulatorOptions,
  type KlustronStateDocument as StateDocument,
} from '../../../mocks/klustron-cluster-manager/index.js';
export { AdjustableClock, ManualClock, type ControllableClock } from '../../../mocks/shared/clock.js';
export type { JournalEntry, JournalFilter, RequestCountExpectation, RequestJournal } from '../journal.js';
export type { MswHandlers, MswHandlersOptions } from '../msw.js';

// `import { handlers, reset, simulator, journal, clock } from 'contract-kit/msw/alluxio-coordinator'`: MSW 2 handlers on a
// fresh alluxio-coordinator simulator (documented profile) at its default local URL, typed; createHandlers(options)
// for another base URL, profile, seed, clock or settings. The state document holds mounts, rules, workers, file index.
import { mswEntryPoint } from '../msw.js';

export const { handlers, simulator, clock, journal, expectRequested, reset, getState, setState, createHandlers } = mswEntryPoint('alluxio-coordinator');

export {
  ALLUXIO_SETTING_SPECS as SETTING_SPECS,
  alluxioExamplesState as examplesState,
  createAlluxioSimulator,
  documentedNodes,
  type AlluxioScenarioName as ScenarioName,
  type AlluxioSimulator,
  type AlluxioSimulatorOptions,
  type AlluxioStateDocument as StateDocument,
  type Feature,
  type MountPoint,
  type WorkerNode,
} from '../../../mocks/alluxio-coordinator/index.js';
export { AdjustableClock, ManualClock, type ControllableClock } from '../../../mocks/shared/clock.js';
export type { JournalEntry, JournalFilter, RequestCountExpectation, RequestJournal } from '../journal.js';
export type { MswHandlers, MswHandlersOptions } from '../msw.js';

// `import { handlers, reset, simulator, journal, clock } from 'contract-kit/msw/doris-meta-service'`: MSW 2 handlers on a
// fresh doris-meta-service simulator (documented profile) at its default local URL, typed; createHandlers(options)
// for another base URL, profile, seed, clock or settings. The state document holds instances, clusters, nodes, storage.
import { mswEntryPoint } from '../msw.js';

export const { handlers, simulator, clock, journal, expectRequested, reset, getState, setState, createHandlers } = mswEntryPoint('doris-meta-service');

export {
  createMetaServiceSimulator,
  DEFAULT_TOKEN,
  msExamplesState as examplesState,
  SEEDED_INSTANCE_ID,
  type ClusterRecord,
  type InstanceRecord,
  type MetaServiceInstanceDocument,
  type MetaServiceScenarioName as ScenarioName,
  type MetaServiceSimulator,
  type MetaServiceSimulatorOptions,
  type MetaServiceStateDocument as StateDocument,
  type NodeRecord,
  type ObjInfoRecord,
  type TabletStatsRecord,
  type TxnRecord,
} from '../../../mocks/doris-meta-service/index.js';
export { AdjustableClock, ManualClock, type ControllableClock } from '../../../mocks/shared/clock.js';
export type { JournalEntry, JournalFilter, RequestCountExpectation, RequestJournal } from '../journal.js';
export type { MswHandlers, MswHandlersOptions } from '../msw.js';

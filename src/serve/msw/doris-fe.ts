// `import { handlers, reset, simulator, journal, clock } from 'contract-kit/msw/doris-fe'`: MSW 2 handlers on a
// fresh doris-fe simulator (documented profile) at its default local URL, typed; createHandlers(options)
// for another base URL, profile, seed, clock or settings. The state document holds backends (setBackends), users, failure switches.
import { mswEntryPoint } from '../msw.js';

export const { handlers, simulator, clock, journal, expectRequested, reset, getState, setState, createHandlers } = mswEntryPoint('doris-fe');

export {
  createDorisFeSimulator,
  defaultBackends,
  feExamplesState as examplesState,
  type Backend,
  type DorisFeScenarioName as ScenarioName,
  type DorisFeSimulator,
  type DorisFeSimulatorOptions,
  type DorisFeStateDocument as StateDocument,
} from '../../../mocks/doris-fe/index.js';
export { AdjustableClock, ManualClock, type ControllableClock } from '../../../mocks/shared/clock.js';
export type { JournalEntry, JournalFilter, RequestCountExpectation, RequestJournal } from '../journal.js';
export type { MswHandlers, MswHandlersOptions } from '../msw.js';

// `contract-kit/serve`: serve the simulators (node:http, MSW) or Prism from code.
export { startMockServer, MAX_BODY_BYTES, type MockServer, type MockServerOptions } from './http.js';
export { createMswHandlers, type MswHandlers, type MswHandlersOptions } from './msw.js';
export { startPrismMock, type PrismMock, type PrismMockOptions } from './prism.js';
export {
  createDispatcher,
  PROBLEM_HEADER,
  SCENARIO_HEADER,
  type Dispatcher,
  type DispatchOutcome,
  type NeutralRequest,
  type WireResponse,
} from './dispatch.js';
export { FAULT_HEADER, FAULT_SYNTAX, type ServerFaults } from './faults.js';
export { CONTROL_PREFIX } from './control.js';
export { DEFAULT_PORTS, DEFAULT_HOST } from './ports.js';
export {
  DEFAULT_JOURNAL_SIZE,
  formatJournalLine,
  RequestJournal,
  type JournalEntry,
  type JournalFilter,
  type RequestCountExpectation,
} from './journal.js';
export { MockSetupError, MockState, type MockSetup } from './mock-state.js';
export { stateDocumentProblems, stateSchemaPath, type StateProblem } from './state-schema.js';
export { AdjustableClock, ManualClock, type ControllableClock } from '../../mocks/shared/clock.js';
export {
  createSimulator,
  examplesState,
  type ScenarioNamesByApi,
  type SimulatorsByApi,
  type StateDocumentsByApi,
} from '../../mocks/index.js';

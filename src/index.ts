/**
 * `contract-kit`: the programmatic API, for a test runner of one's own (vitest, jest, node:test).
 *
 *   import { verify, checkHar, startMockServer, jsonReport } from 'contract-kit';
 *
 * Other entry points: `contract-kit/msw/<api>` (MSW handlers on one simulator), `contract-kit/serve`
 * (serving only), `contract-kit/containers` (targets and the simulator image in containers) and
 * `contract-kit/testcontainers` (ContractKitContainer). Everything here is a thin layer over the
 * same functions the CLI uses, so `contract-kit verify` and `verify()` give the same report.
 */

// Contract verification and captured traffic.
export { verify, type VerifyTarget, type VerifyOptions } from './api/verify.js';
export { checkHar } from './api/check-har.js';
export { harConsoleReport, harJunitReport, type HarReport, type HarEntryReport, type HarVerdict, type CheckHarOptions } from './har/index.js';
export { HarFormatError } from './har/read-har.js';
export type { HarFile, HarEntry } from './har/har-types.js';
export { consoleReport, summaryLine, jsonReport, junitReport } from './verify/report/index.js';
export type { ContractReport, CaseResult, CheckResult, CheckName, Verdict, CaseKind } from './verify/types.js';
export type { Credentials } from './verify/cases/index.js';
// Scenarios of one's own for `verify({ scenarios })`, and the shipped ones to extend.
export { defineScenario, type Scenario, type ScenarioClient, type StepResponse } from './verify/scenario/define.js';
export { SCENARIOS } from './scenarios/index.js';

// Serving: startMockServer (node:http), createMswHandlers, startPrismMock, the control endpoints'
// prefix and header names. The simulators' state and request journal are part of contract-kit/serve
// (MockServer.simulator: reset, applyScenario); whatever it adds is re-exported here with it.
export * from './serve/index.js';

// The APIs and simulator profiles.
export { API_IDS, type ApiId, type Profile, type Simulator } from '../mocks/shared/types.js';

// A tool that is an optional peer dependency and is not installed (Prism, Spectral, testcontainers, Swagger UI).
export { OptionalPackageMissingError } from './optional/index.js';

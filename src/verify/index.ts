export { runContract, runCase, resolveRunOptions, skipReason, type RunOptions, type ResolvedRunOptions } from './run.js';
export { buildCases, scenarioCases, inspectRequest, DOCUMENTED_CREDENTIALS, type Credentials } from './cases/index.js';
export { evaluateExchange, RESPONSE_CHECKS } from './checks/index.js';
export * from './targets/index.js';
export * from './report/index.js';
export { verifyTarget, containerTarget, type VerifyTargetOptions } from './verify-target.js';
export { defineScenario, type Scenario, type ScenarioClient, type StepResponse } from './scenario/define.js';
export type * from './types.js';

/**
 * Real deployments and the simulator image in containers, through testcontainers. The verify
 * CLI's `--container` uses startTarget; test/containers uses startSimulator.
 */
export { startTarget, startTargetPlan, startSimulator, TargetStartError, type StartedSimulator } from './start-target.js';
export { containerEngineStatus, type EngineStatus } from './engine.js';
export { deploymentPlan, IMAGE_SLOTS, DEFAULT_API_PORTS, API_PORT_ENV, apiPort } from './deployment-targets.js';
export { simulatorPlan, parseSimulatorPorts, SIMULATOR_IMAGE_SLOT, SIMULATOR_PORTS_LABEL } from './simulator-target.js';
export { readContainersConfig, resolveImage, MissingImageError, CONFIG_FILE_NAME, type ContainersConfig } from './config.js';
export type { StartedTarget, TargetOptions, TargetPlan, ContainerPlan, ReadinessCheck, AccessHints, ImageSlot } from './types.js';
export { runInContainer, ContainerRunError, type ContainerRunOutcome, type RunningTarget } from './run-in-container.js';

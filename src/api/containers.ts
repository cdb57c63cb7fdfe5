/**
 * `contract-kit/containers`: APIs in containers, through testcontainers (an optional peer
 * dependency, loaded only when a function here starts something).
 *
 *   const target = await startTarget('doris-fe', { image: 'registry.local/doris:fe-3.0.4' });
 *   const { result } = await runInContainer(target, () => verify('doris-fe', target), (r) => r.summary.fail > 0);
 *
 * For the simulator image as a testcontainers module, see `contract-kit/testcontainers`.
 */
export {
  startTarget,
  startSimulator,
  runInContainer,
  containerEngineStatus,
  TargetStartError,
  ContainerRunError,
  MissingImageError,
  SIMULATOR_IMAGE_SLOT,
  IMAGE_SLOTS,
  type StartedTarget,
  type StartedSimulator,
  type TargetOptions,
  type RunningTarget,
  type ContainerRunOutcome,
  type EngineStatus,
  type ContainersConfig,
  type ImageSlot,
} from '../containers/index.js';
export {
  buildSimulatorImage,
  defaultSimulatorTag,
  SimulatorImageError,
  SIMULATOR_IMAGE_NAME,
  type BuildSimulatorImageOptions,
  type BuiltSimulatorImage,
} from '../containers/sim-image.js';

import { loadTestcontainers } from './load-testcontainers.js';

/**
 * Is there a container engine to talk to? Asked before anything is started, so that callers can
 * tell "no engine here" (skip locally, fail in CI) from "the target failed".
 */
export type EngineStatus = { available: true; description: string } | { available: false; reason: string };

export async function containerEngineStatus(): Promise<EngineStatus> {
  try {
    const { getContainerRuntimeClient } = await loadTestcontainers();
    const client = await getContainerRuntimeClient();
    const { serverVersion, operatingSystem } = client.info.containerRuntime;
    return { available: true, description: `container engine ${serverVersion} (${operatingSystem})` };
  } catch (error) {
    return {
      available: false,
      reason: `no container engine answers (${(error as Error).message.split('\n')[0]}); start one with scripts/docker-engine.sh`,
    };
  }
}

/**
 * The contract-kit simulators as a container (docker/sim.Dockerfile, built by
 * `contract-kit image build`, src/containers/sim-image.ts): all four APIs in one container, each on its default port. Verified
 * through testcontainers exactly like a real image, which is how `npm run test:containers` proves
 * the container path works on machines where no product image can be pulled.
 */
import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import { defaultSimulatorTag } from './sim-image.js';
import type { ImageSlot, TargetPlan } from './types.js';

export const SIMULATOR_IMAGE_SLOT = {
  key: 'simulator',
  envVar: 'CONTRACT_KIT_SIM_IMAGE',
  defaultImage: defaultSimulatorTag(),
  description: 'the contract-kit simulators image, built by `contract-kit image build`',
} as const satisfies ImageSlot;

/** Image label that marks a simulator image and says which port serves which API. */
export const SIMULATOR_PORTS_LABEL = 'io.contract-kit.simulator.ports';

/** `doris-fe=8030,doris-meta-service=5000,...` → ports per API; every API must be listed. */
export function parseSimulatorPorts(label: string): Record<ApiId, number> {
  const ports = new Map<string, number>();
  for (const pair of label.split(',')) {
    const [api, port] = pair.split('=').map((part) => part.trim());
    const number = Number(port);
    if (!api || !Number.isInteger(number) || number < 1 || number > 65535) {
      throw new Error(`label ${SIMULATOR_PORTS_LABEL}="${label}": "${pair}" is not <api>=<port>`);
    }
    ports.set(api, number);
  }
  const missing = API_IDS.filter((api) => !ports.has(api));
  if (missing.length > 0) throw new Error(`label ${SIMULATOR_PORTS_LABEL}="${label}" lacks ${missing.join(', ')}`);
  return Object.fromEntries(API_IDS.map((api) => [api, ports.get(api)])) as Record<ApiId, number>;
}

export interface SimulatorInputs {
  image: string;
  /** From the image's label (parseSimulatorPorts). */
  ports: Record<ApiId, number>;
  profile?: Profile;
  env?: Record<string, string>;
  startupTimeoutMs?: number;
}

/**
 * One simulator container; `api` names the endpoint, and readiness waits for every API in
 * `waitFor` (all four when the caller verifies them all against the same container).
 */
export function simulatorPlan(api: ApiId, inputs: SimulatorInputs, waitFor: readonly ApiId[] = [api]): TargetPlan {
  const env: Record<string, string> = { ...inputs.env };
  if (inputs.profile) env.CONTRACT_KIT_PROFILE = inputs.profile;
  return {
    api,
    kind: 'simulator',
    description: `contract-kit simulators (${inputs.image}, profile ${env.CONTRACT_KIT_PROFILE ?? 'image default'})`,
    steps: [
      () => ({
        role: 'simulator',
        image: inputs.image,
        exposedPorts: API_IDS.map((id) => inputs.ports[id]),
        env,
        // An unrouted path still gets an answer in the API's own error shape: any answer means up.
        readiness: waitFor.map((id) => ({ kind: 'http' as const, port: inputs.ports[id], path: '/' })),
        startupTimeoutMs: inputs.startupTimeoutMs ?? 60_000,
      }),
    ],
    endpoint: { role: 'simulator', port: inputs.ports[api], access: {} },
  };
}

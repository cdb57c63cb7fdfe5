/**
 * `contract-kit/testcontainers`: the simulator image as a testcontainers module, shaped like the
 * official ones (`new PostgreSqlContainer(image).start()`):
 *
 *   const sim = await new ContractKitContainer().withApis('doris-fe').withProfile('observed').start();
 *   sim.getBaseUrl('doris-fe');   // http://localhost:49153
 *
 * The image comes from `contract-kit image build` (default tag contract-kit-sim:<version>).
 * testcontainers is an optional peer dependency; importing this module loads it, so only a
 * consumer that uses containers needs it. The container is healthy when every API it serves
 * answers /__contract-kit/health (the image's HEALTHCHECK), which is what start() waits for.
 */
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import { CONTROL_PREFIX } from '../serve/control.js';
import { DEFAULT_PORTS } from '../serve/ports.js';
import { defaultSimulatorTag } from './sim-image.js';

export class ContractKitContainer extends GenericContainer {
  private apis: ApiId[] = [...API_IDS];
  private mockArguments: string[] = [];

  constructor(image: string = process.env.CONTRACT_KIT_SIM_IMAGE ?? defaultSimulatorTag()) {
    super(image);
    this.withWaitStrategy(Wait.forHealthCheck()).withStartupTimeout(60_000);
  }

  /** Serve only these APIs (default all four), each on its default port inside the container. */
  withApis(...apis: ApiId[]): this {
    const unknown = apis.filter((api) => !API_IDS.includes(api));
    if (apis.length === 0 || unknown.length > 0) throw new Error(`withApis: expected some of ${API_IDS.join(', ')}, got ${apis.join(', ') || 'none'}`);
    this.apis = [...new Set(apis)];
    return this;
  }

  /** `documented` (default) or `observed`: behave like the documents or like real servers. */
  withProfile(profile: Profile): this {
    return this.withEnvironment({ CONTRACT_KIT_PROFILE: profile });
  }

  /** More arguments for `contract-kit mock` inside the container (e.g. `--seed 42`). */
  withMockArguments(...args: string[]): this {
    this.mockArguments.push(...args);
    return this;
  }

  override async start(): Promise<StartedContractKitContainer> {
    this.withExposedPorts(...this.apis.map((api) => DEFAULT_PORTS[api]));
    const named = this.apis.length === API_IDS.length ? [] : this.apis;
    this.withCommand([...named, ...this.mockArguments]);
    return new StartedContractKitContainer(await super.start(), this.apis);
  }
}

export class StartedContractKitContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    /** The APIs this container serves. */
    readonly apis: readonly ApiId[],
  ) {
    super(started);
  }

  /** Where `api` answers from the host, e.g. `http://localhost:49153`. */
  getBaseUrl(api: ApiId): string {
    if (!this.apis.includes(api)) throw new Error(`${api} is not served by this container (it serves ${this.apis.join(', ')}); add it with withApis()`);
    return `http://${this.getHost()}:${this.getMappedPort(DEFAULT_PORTS[api])}`;
  }

  /** Base URLs of every API served, e.g. for a connector's configuration. */
  getBaseUrls(): Partial<Record<ApiId, string>> {
    return Object.fromEntries(this.apis.map((api) => [api, this.getBaseUrl(api)]));
  }

  /** Fresh simulator state (the control endpoint `POST /__contract-kit/reset`), for one API or all. */
  async reset(api?: ApiId): Promise<void> {
    for (const id of api ? [api] : this.apis) {
      const response = await fetch(`${this.getBaseUrl(id)}${CONTROL_PREFIX}reset`, { method: 'POST' });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`reset of ${id} answered HTTP ${response.status}`);
    }
  }
}

/**
 * Starts a target's containers with testcontainers, waits until the API answers and hands back
 * its URL, its logs and a stop function. Every failure path stops what was started, and a
 * failure to start carries the containers' last log lines, because "did not become ready" alone
 * explains nothing.
 */
import type { StartedNetwork, StartedTestContainer, WaitStrategy } from 'testcontainers';
import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import { readContainersConfig, resolveImage } from './config.js';
import { deploymentPlan } from './deployment-targets.js';
import { loadTestcontainers, type Testcontainers } from './load-testcontainers.js';
import { LogTail } from './log-tail.js';
import { parseSimulatorPorts, simulatorPlan, SIMULATOR_IMAGE_SLOT, SIMULATOR_PORTS_LABEL } from './simulator-target.js';
import type { ContainerPlan, ReadinessCheck, StartedPeer, StartedTarget, TargetOptions, TargetPlan } from './types.js';


/** Log lines attached to a start failure. */
const FAILURE_LOG_LINES = 40;

export class TargetStartError extends Error {
  constructor(
    message: string,
    /** The last log lines of every container that was started, `[role] ` prefixed. */
    readonly logs: string,
    options?: { cause?: unknown },
  ) {
    super(logs === '' ? message : `${message}\n--- last container log lines ---\n${logs}`, options);
    this.name = 'TargetStartError';
  }
}

/**
 * Starts the deployment of `api` (or, when `options.image` is a contract-kit simulator image,
 * that simulator) and resolves once the API answers.
 */
export async function startTarget(api: ApiId, options: TargetOptions = {}): Promise<StartedTarget> {
  const testcontainers = await loadTestcontainers();
  const config = readContainersConfig();
  const simulatorPorts = options.image ? await simulatorPortsOf(testcontainers, options.image) : undefined;
  if (options.profile && !simulatorPorts) {
    throw new Error(`--profile applies to contract-kit simulator images only; ${options.image ?? `the ${api} deployment`} has no profiles`);
  }
  const plan = simulatorPorts
    ? simulatorPlan(api, { image: options.image!, ports: simulatorPorts, profile: options.profile, env: options.env, startupTimeoutMs: options.startupTimeoutMs })
    : deploymentPlan(api, {
        explicit: options.image,
        env: process.env,
        config,
        apiEnv: { ...config.env?.[api], ...options.env },
        startupTimeoutMs: options.startupTimeoutMs ?? secondsToMs(config.startupTimeoutSeconds),
      });
  return startTargetPlan(plan);
}

/** Starts any plan, e.g. a topology of one's own built from the same pieces as the targets here. */
export async function startTargetPlan(plan: TargetPlan): Promise<StartedTarget> {
  const running = await startPlan(await loadTestcontainers(), plan);
  return {
    api: plan.api,
    kind: plan.kind,
    baseUrl: running.url(plan.endpoint.role, plan.endpoint.port),
    access: plan.endpoint.access,
    logs: async (tail) => running.logs(tail),
    stop: running.stop,
  };
}

export interface StartedSimulator {
  image: string;
  /** One base URL per API, all served by the same container. */
  baseUrls: Record<ApiId, string>;
  logs(tail: number): Promise<string>;
  stop(): Promise<void>;
}

/** The simulator image with all four APIs up, for verifying them against one container. */
export async function startSimulator(
  options: { image?: string; profile?: Profile; env?: Record<string, string>; startupTimeoutMs?: number } = {},
): Promise<StartedSimulator> {
  const testcontainers = await loadTestcontainers();
  const image = resolveImage(SIMULATOR_IMAGE_SLOT, { explicit: options.image, env: process.env, config: readContainersConfig() });
  const ports = await simulatorPortsOf(testcontainers, image);
  if (!ports) {
    throw new Error(`${image} is not a contract-kit simulator image (no ${SIMULATOR_PORTS_LABEL} label, or not built: build it with: contract-kit image build)`);
  }
  const plan = simulatorPlan(API_IDS[0]!, { image, ports, profile: options.profile, env: options.env, startupTimeoutMs: options.startupTimeoutMs }, API_IDS);
  const running = await startPlan(testcontainers, plan);
  return {
    image,
    baseUrls: Object.fromEntries(API_IDS.map((api) => [api, running.url('simulator', ports[api])])) as Record<ApiId, string>,
    logs: async (tail) => running.logs(tail),
    stop: running.stop,
  };
}

/** The simulator ports of a local image, or undefined for images that are not simulators. */
async function simulatorPortsOf(testcontainers: Testcontainers, image: string): Promise<Record<ApiId, number> | undefined> {
  const client = await testcontainers.getContainerRuntimeClient();
  const name = testcontainers.ImageName.fromString(image);
  if (!(await client.image.exists(name))) return undefined;
  const label = (await client.image.inspect(name)).Config?.Labels?.[SIMULATOR_PORTS_LABEL];
  // An image built FROM the simulator image stops being one by setting the label empty.
  return label ? parseSimulatorPorts(label) : undefined;
}

interface RunningContainers {
  url(role: string, port: number): string;
  logs(tail: number): string;
  stop(): Promise<void>;
}

interface RunningContainer {
  role: string;
  container: StartedTestContainer;
  tail: LogTail;
}

async function startPlan(testcontainers: Testcontainers, plan: TargetPlan): Promise<RunningContainers> {
  const tails: Array<{ role: string; tail: LogTail }> = [];
  const started: RunningContainer[] = [];
  let network: StartedNetwork | undefined;
  let stopping: Promise<void> | undefined;

  const logs = (tail: number): string =>
    tails.flatMap(({ role, tail: lines }) => lines.last(tail).map((line) => `[${role}] ${line}`)).join('\n');
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const errors: unknown[] = [];
      for (const { container } of [...started].reverse()) {
        await container.stop().catch((error: unknown) => errors.push(error));
      }
      await network?.stop().catch((error: unknown) => errors.push(error));
      if (errors.length > 0) throw new AggregateError(errors, `stopping ${plan.description} failed`);
    })();
    return stopping;
  };
  const url = (role: string, port: number): string => {
    const entry = started.find((candidate) => candidate.role === role);
    if (!entry) throw new Error(`no ${role} container in ${plan.description}`);
    return `http://${entry.container.getHost()}:${entry.container.getMappedPort(port)}`;
  };

  /** What was being started when something failed, for the error message. */
  let starting = 'network';
  try {
    network = await new testcontainers.Network().start();
    const peers: StartedPeer[] = [];
    let readinessTimeoutMs = 0;
    for (const step of plan.steps) {
      const containerPlan = step(peers);
      starting = `${containerPlan.role} (${containerPlan.image})`;
      readinessTimeoutMs = Math.max(readinessTimeoutMs, containerPlan.startupTimeoutMs);
      const tail = new LogTail();
      tails.push({ role: containerPlan.role, tail });
      const container = await buildContainer(testcontainers, containerPlan, network, tail).start();
      started.push({ role: containerPlan.role, container, tail });
      for (const command of containerPlan.afterReady ?? []) {
        const result = await container.exec(command);
        if (result.exitCode !== 0) {
          throw new Error(`${containerPlan.role}: \`${command.join(' ')}\` exited ${result.exitCode}: ${result.output.trim()}`);
        }
      }
      peers.push({ role: containerPlan.role, ip: container.getIpAddress(network.getName()) });
    }
    starting = `${plan.endpoint.role} readiness`;
    if (plan.endpointReadiness) {
      await pollUntilReady(url(plan.endpoint.role, plan.endpointReadiness.port), plan.endpointReadiness, readinessTimeoutMs);
    }
  } catch (error) {
    const lines = logs(FAILURE_LOG_LINES);
    await stop().catch(() => undefined); // the start failure is the error worth reporting
    throw new TargetStartError(`${plan.description} did not start: ${starting}: ${(error as Error).message}`, lines, { cause: error });
  }
  return { url, logs, stop };
}

function buildContainer(testcontainers: Testcontainers, plan: ContainerPlan, network: StartedNetwork, tail: LogTail) {
  const container = new testcontainers.GenericContainer(plan.image)
    .withNetwork(network)
    .withNetworkAliases(plan.role)
    .withEnvironment(plan.env)
    .withWaitStrategy(waitStrategy(testcontainers, plan.readiness))
    .withStartupTimeout(plan.startupTimeoutMs)
    .withLogConsumer((stream) => tail.consume(stream));
  if (plan.exposedPorts.length > 0) container.withExposedPorts(...plan.exposedPorts);
  if (plan.envFromOwnAddress) return withOwnAddressEnv(testcontainers, container, plan);
  if (plan.command) container.withCommand(plan.command);
  return container;
}

/**
 * Wraps the image's own entrypoint in a shell that fills `{ip}` with the container's address
 * before exec'ing it. The image is inspected for that entrypoint, so it is pulled first.
 */
function withOwnAddressEnv(
  testcontainers: Testcontainers,
  container: InstanceType<Testcontainers['GenericContainer']>,
  plan: ContainerPlan,
) {
  const exports = Object.entries(plan.envFromOwnAddress ?? {})
    .map(([name, template]) => `export ${name}="${template.replaceAll('{ip}', '${ip}')}"`)
    .join('; ');
  // Docker writes the container's address and host name into /etc/hosts and HOSTNAME into the
  // environment; reading them with shell builtins works in images without hostname/awk/cut.
  const script =
    'ip=; while read -r address names; do case " $names " in *" $HOSTNAME "*) ip=$address;; esac; done < /etc/hosts; ' +
    `[ -n "$ip" ] || { echo "contract-kit: no address for $HOSTNAME in /etc/hosts" >&2; exit 1; }; ${exports}; exec "$@"`;
  return {
    async start(): Promise<StartedTestContainer> {
      const client = await testcontainers.getContainerRuntimeClient();
      const name = testcontainers.ImageName.fromString(plan.image);
      if (!(await client.image.exists(name))) await client.image.pull(name);
      const config = (await client.image.inspect(name)).Config;
      const original = [...(config?.Entrypoint ?? []), ...(plan.command ?? config?.Cmd ?? [])];
      return container
        .withEntrypoint(['/bin/sh', '-c', script, 'contract-kit-entrypoint'])
        .withCommand(original)
        .start();
    },
  };
}

function waitStrategy(testcontainers: Testcontainers, checks: ReadinessCheck[]): WaitStrategy {
  const strategies = checks.map((check): WaitStrategy => {
    if (check.kind === 'log') return testcontainers.Wait.forLogMessage(check.pattern);
    // abortOnContainerExit: a container that crashes fails now, not at the end of the timeout.
    const wait = testcontainers.Wait.forHttp(check.path, check.port, { abortOnContainerExit: true })
      .withMethod(check.method ?? 'GET')
      .forStatusCodeMatching((status) => check.statuses?.includes(status) ?? true);
    if (check.headers) wait.withHeaders(check.headers);
    if (check.basicAuth) wait.withBasicCredentials(check.basicAuth.username, check.basicAuth.password);
    const expected = check.bodyIncludes;
    if (expected !== undefined) wait.forResponsePredicate((body) => body.includes(expected));
    return wait;
  });
  return strategies.length === 1 ? strategies[0]! : testcontainers.Wait.forAll(strategies);
}

/** Polls an HTTP readiness check from the host until it holds or `timeoutMs` has passed. */
async function pollUntilReady(baseUrl: string, check: ReadinessCheck & { kind: 'http' }, timeoutMs: number): Promise<void> {
  const headers: Record<string, string> = { ...check.headers };
  if (check.basicAuth) {
    headers.authorization = `Basic ${Buffer.from(`${check.basicAuth.username}:${check.basicAuth.password}`).toString('base64')}`;
  }
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}${check.path}`, { method: check.method ?? 'GET', headers, signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      const statusOk = check.statuses?.includes(response.status) ?? true;
      if (statusOk && (check.bodyIncludes === undefined || body.includes(check.bodyIncludes))) return;
      last = `HTTP ${response.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`${check.method ?? 'GET'} ${check.path} not ready after ${timeoutMs} ms (last: ${last})`);
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

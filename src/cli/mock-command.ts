import { Option, type Command } from 'commander';
import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import { DEFAULT_DOCS_PORT, startDocsServer } from '../docs/index.js';
import { isApiId } from '../spec/load.js';
import { startMockServer } from '../serve/http.js';
import { bindError, DEFAULT_HOST, DEFAULT_PORTS, isLoopbackHost } from '../serve/ports.js';
import { startPrismMock } from '../serve/prism.js';
import { readRecording, type Recording } from '../proxy/recording.js';
import { replaySimulator } from '../proxy/replay.js';
import { AdjustableClock } from '../../mocks/shared/clock.js';
import { createSimulator } from '../../mocks/index.js';

type Engine = 'sim' | 'prism';
type Service = ApiId | 'docs';

/** What `contract-kit mock` was asked to start, checked before anything binds a port. */
export interface MockPlan {
  apis: ApiId[];
  engine: Engine;
  profile: Profile;
  host: string;
  ports: Record<Service, number>;
  docs: boolean;
  /** Recorded answers (`--replay <dir>`) served before the simulators'. */
  replay?: Recording;
}

interface RunningService {
  name: Service;
  url: string;
  close(): Promise<void>;
}

interface MockCommandOptions {
  engine: Engine;
  profile: Profile;
  host: string;
  port: string[];
  docs: boolean;
  replay?: string;
}

export function registerMockCommand(program: Command): void {
  program
    .command('mock')
    .description(
      'Serve the APIs locally: the stateful simulators (default) or Prism, on 127.0.0.1 at the real ports ' +
        `(${API_IDS.map((api) => `${api} ${DEFAULT_PORTS[api]}`).join(', ')}), with the docs site on ${DEFAULT_DOCS_PORT}`,
    )
    .argument('[api...]', `APIs to serve (default: all): ${API_IDS.join(', ')}`)
    .addOption(new Option('--engine <engine>', 'sim: stateful simulators; prism: Prism serving the specs\' examples').choices(['sim', 'prism']).default('sim'))
    .addOption(new Option('--profile <profile>', 'simulator behaviour: the documents, or real servers\' observed deviations').choices(['documented', 'observed']).default('documented'))
    .option('--host <host>', 'interface to bind (anything but loopback exposes the mocks to the network)', DEFAULT_HOST)
    .option('--port <service=port>', 'port of one API, or docs=<port>; repeatable; 0 picks a free port', (value: string, all: string[]) => [...all, value], [] as string[])
    .option('--no-docs', 'do not start the docs site')
    .option('--replay <dir>', 'answer requests recorded by `contract-kit proxy --record <dir>` with the recorded answers (in recorded order); the simulator answers the rest')
    .action(async (apis: string[], options: MockCommandOptions, command: Command) => {
      let plan: MockPlan;
      try {
        plan = planMock(apis, options);
      } catch (error) {
        command.error(`error: ${(error as Error).message}`, { exitCode: 2 });
      }
      await runMock(plan);
    });
}

/** Checks the arguments; throws a message for the user on unknown APIs or bad --port values. */
export function planMock(apis: string[], options: MockCommandOptions): MockPlan {
  for (const api of apis) {
    if (!isApiId(api)) throw new Error(`unknown api '${api}'; known: ${API_IDS.join(', ')}`);
  }
  const selected = apis.length ? [...new Set(apis as ApiId[])] : [...API_IDS];
  const ports: Record<Service, number> = { ...DEFAULT_PORTS, docs: DEFAULT_DOCS_PORT };
  for (const entry of options.port) {
    const match = /^([a-z-]+)=(\d{1,5})$/.exec(entry);
    const service = match?.[1];
    const port = Number(match?.[2]);
    if (!match || !(service === 'docs' || isApiId(service!)) || port > 65535) {
      throw new Error(`bad --port '${entry}'; expected <service>=<port> with service one of ${[...API_IDS, 'docs'].join(', ')} and port 0-65535 (0 = any free port)`);
    }
    if (service !== 'docs' && !selected.includes(service as ApiId)) {
      throw new Error(`--port ${entry}: ${service} is not among the APIs being started (${selected.join(', ')})`);
    }
    ports[service as Service] = port;
  }
  if (options.replay !== undefined && options.engine === 'prism') throw new Error('--replay needs the simulators (--engine sim); Prism serves only the specs\' examples');
  const replay = options.replay === undefined ? undefined : readRecording(options.replay);
  return { apis: selected, engine: options.engine, profile: options.profile, host: options.host, ports, docs: options.docs, replay };
}

/** Starts everything in the plan, prints where, and serves until SIGINT/SIGTERM (exit 0). */
export async function runMock(plan: MockPlan): Promise<void> {
  if (!isLoopbackHost(plan.host)) {
    process.stderr.write(`warning: binding ${plan.host}: the mocks are reachable from the network, with no authentication beyond the simulated one\n`);
  }
  if (plan.engine === 'prism' && plan.profile !== 'documented') {
    process.stderr.write('warning: --profile applies to the simulators only; Prism serves the specs\' documented examples\n');
  }
  let running: RunningService[];
  try {
    running = await startAll(plan);
  } catch (error) {
    process.stderr.write(`contract-kit mock: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const width = Math.max(...running.map((s) => s.name.length)) + 3;
  const engine = plan.engine === 'sim' ? `simulators, ${plan.profile} profile` : 'Prism';
  process.stdout.write(
    `contract-kit mock (${engine})\n` +
      running.map((s) => `  ${s.name.padEnd(width)}${s.url}\n`).join('') +
      `ready in ${Math.round(performance.now())} ms; Ctrl-C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
  await Promise.allSettled(running.map((s) => s.close()));
  process.stdout.write('stopped\n');
  process.exit(0);
}

/** Starts the mocks in parallel, then the docs pointing at them; on any failure stops what started. */
async function startAll(plan: MockPlan): Promise<RunningService[]> {
  const results = await Promise.allSettled(plan.apis.map((api) => startApi(api, plan)));
  const running = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (failures.length === 0 && plan.docs) {
    try {
      running.push(await startDocs(plan, running));
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  if (failures.length > 0) {
    await Promise.allSettled(running.map((s) => s.close()));
    throw new Error(failures.join('\n'));
  }
  return running;
}

async function startApi(api: ApiId, plan: MockPlan): Promise<RunningService> {
  const port = plan.ports[api];
  if (plan.engine === 'prism') {
    const prism = await startPrismMock(api, { host: plan.host, port });
    return { name: api, url: prism.url, close: prism.close };
  }
  let replay: { simulator: ReturnType<typeof replaySimulator>; clock: AdjustableClock } | undefined;
  if (plan.replay) {
    const clock = new AdjustableClock();
    replay = { simulator: replaySimulator(createSimulator(api, { profile: plan.profile, clock }), plan.replay), clock };
  }
  const server = await startMockServer({ api, profile: plan.profile, host: plan.host, port, ...replay });
  if (replay) process.stderr.write(`${api}: ${replay.simulator.recorded} recorded answers to replay; the simulator answers the rest\n`);
  return { name: api, url: server.url, close: server.close };
}

async function startDocs(plan: MockPlan, mocks: RunningService[]): Promise<RunningService> {
  const mockUrls = Object.fromEntries(mocks.map((m) => [m.name, m.url])) as Partial<Record<ApiId, string>>;
  try {
    const docs = await startDocsServer({ host: plan.host, port: plan.ports.docs, mockUrls });
    return { name: 'docs', url: docs.url, close: docs.close };
  } catch (error) {
    const bindFailure = bindError(error as NodeJS.ErrnoException, 'docs', plan.host, plan.ports.docs);
    throw new Error(`${bindFailure.message} (or --no-docs)`);
  }
}

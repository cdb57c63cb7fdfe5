import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { createSimulator, examplesState } from '../../mocks/index.js';
import { AdjustableClock, ManualClock, type ControllableClock } from '../../mocks/shared/clock.js';
import { parseSettingValue } from '../../mocks/shared/settings.js';
import { API_IDS, type ApiId, type Profile, type SimulatorSettings } from '../../mocks/shared/types.js';
import { DEFAULT_DOCS_PORT, startDocsServer } from '../docs/index.js';
import { isApiId } from '../spec/load.js';
import { startMockServer } from '../serve/http.js';
import { connectionLimits, setConnectionLimits } from '../serve/connections.js';
import { DEFAULT_JOURNAL_SIZE, formatJournalLine, MAX_JOURNAL_SIZE } from '../serve/journal.js';
import { MockState } from '../serve/mock-state.js';
import { bindError, DEFAULT_HOST, DEFAULT_PORTS, isLoopbackHost } from '../serve/ports.js';
import { startPrismMock } from '../serve/prism.js';
import { readRecording, type Recording } from '../proxy/recording.js';
import { replaySimulator } from '../proxy/replay.js';
import { CONFIG_FILE_NAME, EXAMPLES_SEED, readMockConfig, readSeedFile, type MockConfig } from './mock-config.js';

type Engine = 'sim' | 'prism';
type Service = ApiId | 'docs';
type ClockKind = 'real' | 'manual';

/** How each simulator starts: its seed, lasting scenarios and settings, the clock, the journal. */
export interface SimulatorPlan {
  seeds: Partial<Record<ApiId, unknown>>;
  /** Where each seed came from: `examples` or the file. */
  seedNames: Partial<Record<ApiId, string>>;
  scenarios: Partial<Record<ApiId, string[]>>;
  settings: Partial<Record<ApiId, SimulatorSettings>>;
  clock: ClockKind;
  journalSize: number;
  log: boolean;
}

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
  sim: SimulatorPlan;
  /** Open connections across all mocks of the process (`--max-connections`); default from the open-files limit. */
  maxConnections?: number;
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
  seed: string[];
  scenario: string[];
  setting: string[];
  clock?: string;
  journalSize?: string;
  maxConnections?: string;
  log?: boolean;
  config?: string;
}

const collect = (value: string, all: string[]) => [...all, value];

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
    .option(
      '--seed <api=file>',
      `state at start and after every reset: <api>=<state-document.json> (schema specs/state/<api>.schema.json), <api>=${EXAMPLES_SEED}, ` +
        `or ${EXAMPLES_SEED} for every API (what the documents' examples name); repeatable. Without it the mocks start empty`,
      collect,
      [] as string[],
    )
    .option('--scenario <api=name>', 'a scenario that lasts from the start (and after every reset); repeatable', collect, [] as string[])
    .option('--setting <api.name=value>', 'a server setting of a simulator (GET /__contract-kit/health lists them), e.g. alluxio-coordinator.jobDurationMs=500; repeatable', collect, [] as string[])
    .addOption(new Option('--clock <clock>', 'real: time runs (clock/advance pushes it on); manual: time moves only on POST /__contract-kit/clock/advance').choices(['real', 'manual']))
    .option('--max-connections <n>', `open connections across all mocks of this process (default: the open-files limit less a reserve, now ${connectionLimits().maxConnections}); idle ones are closed first when it is reached`)
    .option('--journal-size <n>', `requests each mock remembers for GET /__contract-kit/requests (default ${DEFAULT_JOURNAL_SIZE}; 0: none)`)
    .option('--log', 'print one line per request: api, method, path, operation/variant, status, ms, problems')
    .option('--config <file>', `read the "mock" section of this file (default ./${CONFIG_FILE_NAME} when present)`)
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

/** Checks the arguments; throws a message for the user on unknown APIs, bad --port values, seeds, scenarios or settings. */
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
  const sim = planSimulators(selected, options);
  const customised = Object.keys(sim.seeds).length + Object.keys(sim.scenarios).length + Object.keys(sim.settings).length > 0;
  if (options.engine === 'prism' && customised) throw new Error('--seed, --scenario and --setting apply to the simulators only (--engine sim)');
  const maxConnections = options.maxConnections === undefined ? undefined : /^\d{1,6}$/.test(options.maxConnections) ? Number(options.maxConnections) : NaN;
  if (maxConnections !== undefined && !(maxConnections >= 1)) throw new Error(`bad --max-connections '${options.maxConnections}'; expected a positive integer`);
  return { apis: selected, engine: options.engine, profile: options.profile, host: options.host, ports, docs: options.docs, sim, replay, maxConnections };
}

/** Config file first, then the options over it; every seed, scenario and setting tried on a throwaway simulator. */
function planSimulators(selected: ApiId[], options: MockCommandOptions): SimulatorPlan {
  const config: MockConfig = readMockConfig(options.config ?? join(process.cwd(), CONFIG_FILE_NAME));
  const seedSources: Partial<Record<ApiId, string>> =
    config.seed === EXAMPLES_SEED ? Object.fromEntries(selected.map((api) => [api, EXAMPLES_SEED])) : { ...config.seed };
  for (const entry of options.seed) {
    if (entry === EXAMPLES_SEED) {
      for (const api of selected) seedSources[api] = EXAMPLES_SEED;
      continue;
    }
    const [api, file] = apiAssignment('--seed', entry, selected, '<api>=<file>|examples');
    seedSources[api] = file;
  }
  const scenarios: Partial<Record<ApiId, string[]>> = structuredClone(config.scenarios ?? {});
  for (const entry of options.scenario) {
    const [api, name] = apiAssignment('--scenario', entry, selected, '<api>=<scenario>');
    (scenarios[api] ??= []).push(name);
  }
  const settings: Partial<Record<ApiId, Record<string, boolean | number>>> = structuredClone(config.settings ?? {});
  for (const entry of options.setting) {
    const match = /^([a-z-]+)\.([A-Za-z0-9_]+)=(.*)$/.exec(entry);
    if (!match || !isApiId(match[1]!)) throw new Error(`bad --setting '${entry}'; expected <api>.<name>=<value>, e.g. alluxio-coordinator.jobDurationMs=500`);
    const api = match[1] as ApiId;
    const specs = createSimulator(api).settingSpecs ?? {};
    (settings[api] ??= {})[match[2]!] = parseSettingValue(specs, match[2]!, match[3]!) as boolean | number;
  }
  const seeds: Partial<Record<ApiId, unknown>> = {};
  for (const [api, source] of Object.entries(seedSources) as [ApiId, string][]) {
    if (!selected.includes(api)) continue;
    seeds[api] = source === EXAMPLES_SEED ? examplesState(api) : readSeedFile(api, source);
  }
  for (const api of selected) {
    try {
      // What the real start would do, on a throwaway simulator: a bad seed or name fails here, before any port is bound.
      new MockState(createSimulator(api, { settings: settings[api] }), { seed: seeds[api], scenarios: scenarios[api] });
    } catch (error) {
      const file = seedSources[api] !== undefined && seedSources[api] !== EXAMPLES_SEED ? ` (seed file ${seedSources[api]})` : '';
      throw new Error(`${(error as Error).message}${file}`);
    }
  }
  const clock = (options.clock ?? config.clock ?? 'real') as ClockKind;
  const journalText = options.journalSize ?? (config.journalSize === undefined ? undefined : String(config.journalSize));
  const journalSize = journalText === undefined ? DEFAULT_JOURNAL_SIZE : /^\d{1,7}$/.test(journalText) ? Number(journalText) : NaN;
  if (!(journalSize >= 0 && journalSize <= MAX_JOURNAL_SIZE)) {
    throw new Error(`bad --journal-size '${journalText}'; expected an integer 0-${MAX_JOURNAL_SIZE} (0 keeps no journal)`);
  }
  const seedNames = Object.fromEntries(Object.keys(seeds).map((api) => [api, seedSources[api as ApiId]]));
  return { seeds, seedNames, scenarios, settings, clock, journalSize, log: options.log ?? config.log ?? false };
}

/** `<api>=<value>` for one of the APIs being started. */
function apiAssignment(flag: string, entry: string, selected: ApiId[], syntax: string): [ApiId, string] {
  const eq = entry.indexOf('=');
  const api = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  if (eq <= 0 || !isApiId(api) || value === '') {
    throw new Error(`bad ${flag} '${entry}'; expected ${syntax} with api one of ${API_IDS.join(', ')}`);
  }
  if (!selected.includes(api)) throw new Error(`${flag} ${entry}: ${api} is not among the APIs being started (${selected.join(', ')})`);
  return [api, value];
}

/** Starts everything in the plan, prints where, and serves until SIGINT/SIGTERM (exit 0). */
export async function runMock(plan: MockPlan): Promise<void> {
  if (plan.maxConnections !== undefined) setConnectionLimits({ maxConnections: plan.maxConnections });
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
      (plan.engine === 'sim' ? simulatorSummary(plan) : '') +
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
  const { sim } = plan;
  const clock: ControllableClock = sim.clock === 'manual' ? new ManualClock(Date.now()) : new AdjustableClock();
  // A replay answers recorded requests first, then its simulator (with the same settings and seed) the rest.
  const simulator = plan.replay ? replaySimulator(createSimulator(api, { profile: plan.profile, clock, settings: sim.settings[api] }), plan.replay) : undefined;
  const server = await startMockServer({
    api,
    profile: plan.profile,
    host: plan.host,
    port,
    clock,
    settings: sim.settings[api],
    seed: sim.seeds[api],
    scenarios: sim.scenarios[api],
    journalSize: sim.journalSize,
    ...(simulator && { simulator }),
  });
  if (simulator) process.stderr.write(`${api}: ${simulator.recorded} recorded answers to replay; the simulator answers the rest\n`);
  if (sim.log) server.journal.onRecord((entry) => process.stdout.write(`${formatJournalLine(api, entry)}\n`));
  return { name: api, url: server.url, close: server.close };
}

function simulatorSummary(plan: MockPlan): string {
  const { sim } = plan;
  const state = plan.apis.map((api) =>
    [`${api} ${sim.seeds[api] === undefined ? 'empty' : `seeded from ${sim.seedNames[api]}`}`, ...(sim.scenarios[api] ?? []).map((name) => `scenario ${name}`)].join(' + '),
  );
  const lines = [
    `state: ${state.join(', ')}`,
    `clock ${sim.clock}${sim.clock === 'manual' ? ' (moves only on POST /__contract-kit/clock/advance?ms=N)' : ''}; ` +
      `journal ${sim.journalSize} requests per mock (GET /__contract-kit/requests)${sim.log ? '; logging every request' : ''}`,
  ];
  if (plan.apis.some((api) => sim.seeds[api] === undefined)) {
    lines.push(`empty mocks start with no entities; --seed ${EXAMPLES_SEED} loads what the documents' examples name`);
  }
  return lines.map((line) => `  ${line}\n`).join('');
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

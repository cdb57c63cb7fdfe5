import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import { SCENARIOS } from '../scenarios/index.js';
import { isApiId, loadSpec } from '../spec/load.js';
import {
  buildCases,
  consoleReport,
  containerTarget,
  connectUrlTarget,
  createProgress,
  DEFAULT_PREFLIGHT_TIMEOUT_MS,
  DOCUMENTED_CREDENTIALS,
  GivenValuesError,
  inProcessTarget,
  jsonReport,
  junitReport,
  operationIdsOf,
  parseCoverageGate,
  parseIdsFile,
  parseParamFlags,
  prepareReportPath,
  prismTarget,
  ReportPathError,
  runContract,
  coverageTotals,
  writeReport,
  type ContractReport,
  type Credentials,
  type GivenValues,
  type ReportDestination,
  type Target,
  type Verbosity,
} from '../verify/index.js';

interface VerifyFlags {
  baseUrl?: string;
  token?: string;
  user?: string;
  password?: string;
  allowMutations?: boolean;
  strict?: boolean;
  only?: string[];
  junit?: string;
  json?: string;
  engine: string;
  profile?: string;
  timeoutMs: string;
  runTimeoutMs: string;
  maxResponseMs: string;
  preflightTimeoutMs: string;
  container?: string | boolean;
  verbose?: boolean;
  quiet?: boolean;
  param: string[];
  ids?: string;
  minCoverage?: string;
  workers: string;
  shard?: string;
}

type Fail = (message: string) => never;

function positiveInteger(text: string, flag: string, fail: Fail): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} must be a positive integer, got '${text}'`);
  return n;
}

function parseShard(text: string, fail: Fail): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) fail(`--shard must be i/n with 1 <= i <= n (e.g. --shard 2/4), got '${text}'`);
  return { index, count };
}

/** The real ids for read cases: the --ids file, then --param flags over it. */
function readGivenValues(flags: VerifyFlags, operationIds: Set<string>, fail: Fail): GivenValues {
  try {
    let given: GivenValues = { all: {}, byOperation: {} };
    if (flags.ids !== undefined) {
      let text: string;
      try {
        text = readFileSync(flags.ids, 'utf8');
      } catch (error) {
        return fail(`--ids ${flags.ids}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      given = parseIdsFile(text, `--ids ${flags.ids}`, operationIds);
    }
    return { all: { ...given.all, ...parseParamFlags(flags.param) }, byOperation: given.byOperation };
  } catch (error) {
    if (error instanceof GivenValuesError) return fail(error.message);
    throw error;
  }
}

/** Both report paths checked before the run; the same file twice is a usage error. */
function prepareReports(flags: VerifyFlags, fail: Fail): { json?: ReportDestination; junit?: ReportDestination } {
  try {
    const json = flags.json !== undefined ? prepareReportPath(flags.json) : undefined;
    const junit = flags.junit !== undefined ? prepareReportPath(flags.junit) : undefined;
    if (json && junit && json.identity === junit.identity) fail(`--json and --junit name the same file (${flags.json}); give each report its own file`);
    return { json, junit };
  } catch (error) {
    if (error instanceof ReportPathError) return fail(error.message);
    throw error;
  }
}

interface OpenedTarget {
  target: Target;
  credentials?: Credentials;
  logs?: () => Promise<string>;
  /** Another target like this one for one more worker, where targets can be duplicated. */
  openWorkerTarget?: () => Promise<Target>;
}

/** Where a run goes: a base URL, a container, Prism, or (default) the in-process simulator. */
async function openTarget(api: ApiId, flags: VerifyFlags, preflightTimeoutMs: number): Promise<OpenedTarget> {
  // A local mock answers its health endpoint at once; a hanging port is left to the preflight.
  if (flags.baseUrl) return { target: await connectUrlTarget(flags.baseUrl, { healthTimeoutMs: Math.min(2_000, preflightTimeoutMs) }) };
  if (flags.container !== undefined) {
    // testcontainers is heavy to import; only container runs pay for it.
    const { startTarget, MissingImageError } = await import('../containers/index.js');
    try {
      const started = await startTarget(api, { image: typeof flags.container === 'string' ? flags.container : undefined, profile: flags.profile as Profile | undefined });
      return { ...(await containerTarget(started)), logs: () => started.logs(200) };
    } catch (error) {
      // Both errors carry a message for the user (which image setting to use, the container's
      // last log lines); a stack trace would only bury it. A missing image is a usage error.
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exit(error instanceof MissingImageError ? 2 : 1);
    }
  }
  if (flags.engine === 'prism') return { target: await prismTarget(api) };
  const profile = (flags.profile as Profile | undefined) ?? 'documented';
  return { target: await inProcessTarget(api, { profile }), openWorkerTarget: () => inProcessTarget(api, { profile }) };
}

/** Names of --param/--ids values that no read case of the API carries: most likely a typo. */
function unusedGivenNames(reports: ApiId[], given: GivenValues, specs: Map<ApiId, Awaited<ReturnType<typeof loadSpec>>>): string[] {
  const names = Object.keys(given.all);
  if (names.length === 0) return [];
  const used = new Set<string>();
  // Given values go into documented requests only, never into scenarios: none are needed here.
  for (const api of reports) for (const c of buildCases(specs.get(api)!, [], {}, given)) for (const n of (c.kind === 'example' && c.given) || []) used.add(n);
  return names.filter((n) => !used.has(n));
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'Run the contract cases generated from a spec (documented examples, negative cases, stateful scenarios) against a target: ' +
        'the in-process simulator by default, Prism, a container, or any --base-url. The target is probed first (one read request). ' +
        'Exit 0 when nothing failed, 1 on failures (or coverage below --min-coverage), 2 on usage errors, 130/143 when interrupted.',
    )
    .argument('<api>', `one of ${API_IDS.join(', ')}, or all`)
    .option('--base-url <url>', 'verify whatever answers at this URL (only x-safety: read cases unless it is a local mock or --allow-mutations)')
    .option('--token <token>', `Meta Service ?token= value (default: the documented ${DOCUMENTED_CREDENTIALS.token})`)
    .option('--user <user>', `HTTP Basic user (Doris FE; default ${DOCUMENTED_CREDENTIALS.user})`)
    .option('--password <password>', 'HTTP Basic password (default empty)')
    .option('--param <name=value>', 'a real value for the read cases (e.g. instance_id=prod-1), replacing the spec example in parameters and body fields of that name; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--ids <file>', 'JSON file of real values for the read cases: {"instance_id": "prod-1", "job_id": "42", "get_cluster": {"cluster_name": "etl"}}')
    .option('--allow-mutations', 'run write/destructive cases against a target that is not a local mock')
    .option('--strict', 'count known deviations (x-observed) as failures')
    .option('--only <operationId...>', 'run only the cases of these operations')
    .option('--workers <n>', 'cases run at once (writes and scenarios against a deployment stay one at a time, in order)', '1')
    .option('--shard <i/n>', 'run the i-th of n deterministic parts of the cases (CI runners in parallel; the n parts together are the full run)')
    .option('--min-coverage <percent>', 'fail (exit 1) when fewer of the documented statuses (operations x variants) were exercised, e.g. 80%')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write a JSON report')
    .option('--engine <engine>', 'without --base-url: sim (the simulator, in-process) or prism', 'sim')
    .option('--profile <profile>', 'simulator profile: documented or observed')
    .option('--timeout-ms <ms>', 'per-request timeout', '10000')
    .option('--preflight-timeout-ms <ms>', 'how long the probe before the cases waits for an answer', String(DEFAULT_PREFLIGHT_TIMEOUT_MS))
    .option('--max-response-ms <ms>', 'max_response_time fails above this', '5000')
    .option('--run-timeout-ms <ms>', 'time limit of the whole run; cases not started by then are skipped', '300000')
    .option('--container [image]', 'start the API in a container (a deployment, or a contract-kit simulator image) and verify it')
    .option('--verbose', 'list every case as it finishes, passing and skipped ones too, and the coverage table')
    .option('--quiet', 'no progress; print only failures, the coverage gate and the summary')
    .action(async (apiArgument: string, flags: VerifyFlags, command: Command) => {
      const fail: Fail = (message: string): never => command.error(`error: ${message}`, { exitCode: 2 });
      if (apiArgument !== 'all' && !isApiId(apiArgument)) fail(`unknown api '${apiArgument}'; expected one of ${API_IDS.join(', ')}, or all`);
      if (flags.engine !== 'sim' && flags.engine !== 'prism') fail(`--engine must be sim or prism, got '${flags.engine}'`);
      if (flags.profile !== undefined && flags.profile !== 'documented' && flags.profile !== 'observed') fail(`--profile must be documented or observed, got '${flags.profile}'`);
      if (flags.baseUrl !== undefined) {
        if (apiArgument === 'all') fail('--base-url needs one api, not all');
        if (!/^https?:\/\/[^/]+/.test(flags.baseUrl)) fail(`--base-url must be an http(s) URL, got '${flags.baseUrl}'`);
        if (flags.container !== undefined) fail('--base-url and --container exclude each other');
      }
      if (flags.password !== undefined && flags.user === undefined) fail('--password needs --user');
      if (flags.quiet && flags.verbose) fail('--quiet and --verbose exclude each other');
      const timeoutMs = positiveInteger(flags.timeoutMs, '--timeout-ms', fail);
      const runTimeoutMs = positiveInteger(flags.runTimeoutMs, '--run-timeout-ms', fail);
      const maxResponseTimeMs = positiveInteger(flags.maxResponseMs, '--max-response-ms', fail);
      const preflightTimeoutMs = positiveInteger(flags.preflightTimeoutMs, '--preflight-timeout-ms', fail);
      const workers = positiveInteger(flags.workers, '--workers', fail);
      const shard = flags.shard !== undefined ? parseShard(flags.shard, fail) : undefined;
      const minCoverage = flags.minCoverage !== undefined ? parseCoverageGate(flags.minCoverage) : undefined;
      if (flags.minCoverage !== undefined && minCoverage === undefined) fail(`--min-coverage must be a percentage from 0 to 100 (e.g. 80%), got '${flags.minCoverage}'`);
      if (minCoverage !== undefined && shard) fail('--min-coverage needs the full run: a shard exercises only part of the statuses (gate the job that runs without --shard)');
      const apis: ApiId[] = apiArgument === 'all' ? [...API_IDS] : [apiArgument as ApiId];
      const specs = new Map(await Promise.all(apis.map(async (api) => [api, await loadSpec(api)] as const)));
      const given = readGivenValues(flags, operationIdsOf([...specs.values()]), fail);
      const destinations = prepareReports(flags, fail);
      for (const name of unusedGivenNames(apis, given, specs)) {
        process.stderr.write(`note: '${name}' (--param/--ids) is no parameter or body field of the read cases of ${apis.join(', ')}; it is not used\n`);
      }
      const verbosity: Verbosity = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';

      const reports: ContractReport[] = [];
      const writeReports = (): boolean => {
        try {
          if (destinations.json) writeReport(destinations.json, jsonReport(reports));
          if (destinations.junit) writeReport(destinations.junit, junitReport(reports));
          return true;
        } catch (error) {
          if (!(error instanceof ReportPathError)) throw error;
          process.stderr.write(`error: ${error.message}\n`);
          return false;
        }
      };

      // Ctrl-C or SIGTERM mid-run: stop, report what finished (marked incomplete), exit 130/143.
      // A second signal exits at once; the report files are written whole or not at all.
      const interrupted = new AbortController();
      let signalExit = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted.signal.aborted) process.exit(signalExit);
        signalExit = signal === 'SIGINT' ? 130 : 143;
        process.stderr.write(`\n${signal}: stopping; the reports will hold the cases that finished\n`);
        interrupted.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        for (const api of apis) {
          if (interrupted.signal.aborted) break;
          const { target, credentials, logs, openWorkerTarget } = await openTarget(api, flags, preflightTimeoutMs);
          const progress = createProgress(api, {
            isTTY: process.stderr.isTTY === true,
            columns: process.stderr.columns,
            write: (text) => process.stderr.write(text),
            line: (text) => console.log(text),
          }, verbosity);
          try {
            const report = await runContract(api, target, SCENARIOS[api], {
              strict: flags.strict,
              only: flags.only,
              allowMutations: flags.allowMutations,
              credentials: { ...credentials, ...definedOnly({ token: flags.token, user: flags.user, password: flags.password }) },
              timeoutMs,
              runTimeoutMs,
              maxResponseTimeMs,
              given,
              preflight: { timeoutMs: preflightTimeoutMs },
              workers,
              openWorkerTarget,
              shard,
              signal: interrupted.signal,
              onStart: (cases) => progress.onStart(cases),
              onCaseStart: (c) => progress.onCaseStart(c),
              onCase: (r) => progress.onCase(r),
            });
            progress.finish();
            if (minCoverage !== undefined && report.preflight?.status !== 'fail') {
              const { percent } = coverageTotals(report.coverage);
              report.coverageGate = { minPercent: minCoverage, percent, passed: percent >= minCoverage };
            }
            reports.push(report);
            console.log(consoleReport(report, { verbose: flags.verbose, quiet: flags.quiet, operationLines: !flags.quiet && !progress.printedOperations }));
            if (report.summary.fail > 0 && logs && !interrupted.signal.aborted) console.log(`\nlast log lines of the target:\n${await logs()}`);
          } finally {
            progress.finish();
            await target.close();
          }
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const written = writeReports();
      if (interrupted.signal.aborted) {
        process.exitCode = signalExit;
        return;
      }
      const failed = reports.some((r) => r.summary.fail > 0 || r.coverageGate?.passed === false);
      process.exitCode = !written ? 2 : failed ? 1 : 0;
    });
}

function definedOnly(credentials: Credentials): Credentials {
  return Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== undefined));
}

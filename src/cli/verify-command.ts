import type { Command } from 'commander';
import { API_IDS, type ApiId, type Profile } from '../../mocks/shared/types.js';
import { isApiId } from '../spec/load.js';
import {
  consoleReport,
  inProcessTarget,
  jsonReport,
  junitReport,
  prismTarget,
  runContract,
  connectUrlTarget,
  writeFileAtomic,
  type ContractReport,
  type Credentials,
  type Target,
  containerTarget,
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
  container?: string | boolean;
  verbose?: boolean;
}

function positiveInteger(text: string, flag: string, fail: (message: string) => never): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} must be a positive integer, got '${text}'`);
  return n;
}

/** Where a run goes: a base URL, a container, Prism, or (default) the in-process simulator. */
async function openTarget(api: ApiId, flags: VerifyFlags): Promise<{ target: Target; credentials?: Credentials; logs?: () => Promise<string> }> {
  if (flags.baseUrl) return { target: await connectUrlTarget(flags.baseUrl) };
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
  return { target: await inProcessTarget(api, { profile: (flags.profile as Profile | undefined) ?? 'documented' }) };
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'Run the contract cases generated from a spec (documented examples, negative cases, stateful scenarios) against a target: ' +
        'the in-process simulator by default, Prism, a container, or any --base-url. Exit 0 when nothing failed, 1 on failures, 2 on usage errors.',
    )
    .argument('<api>', `one of ${API_IDS.join(', ')}, or all`)
    .option('--base-url <url>', 'verify whatever answers at this URL (only x-safety: read cases unless it is a local mock or --allow-mutations)')
    .option('--token <token>', 'Meta Service ?token= value (default: the documented greedisgood9999)')
    .option('--user <user>', 'HTTP Basic user (Doris FE; default root)')
    .option('--password <password>', 'HTTP Basic password (default empty)')
    .option('--allow-mutations', 'run write/destructive cases against a target that is not a local mock')
    .option('--strict', 'count known deviations (x-observed) as failures')
    .option('--only <operationId...>', 'run only the cases of these operations')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write a JSON report')
    .option('--engine <engine>', 'without --base-url: sim (the simulator, in-process) or prism', 'sim')
    .option('--profile <profile>', 'simulator profile: documented or observed')
    .option('--timeout-ms <ms>', 'per-request timeout', '10000')
    .option('--max-response-ms <ms>', 'max_response_time fails above this', '5000')
    .option('--run-timeout-ms <ms>', 'time limit of the whole run; cases not started by then are skipped', '300000')
    .option('--container [image]', 'start the API in a container (a deployment, or a contract-kit simulator image) and verify it')
    .option('--verbose', 'list passing and skipped cases too')
    .action(async (apiArgument: string, flags: VerifyFlags, command: Command) => {
      const fail = (message: string): never => command.error(message, { exitCode: 2 });
      if (apiArgument !== 'all' && !isApiId(apiArgument)) fail(`unknown api '${apiArgument}'; expected one of ${API_IDS.join(', ')}, or all`);
      if (flags.engine !== 'sim' && flags.engine !== 'prism') fail(`--engine must be sim or prism, got '${flags.engine}'`);
      if (flags.profile !== undefined && flags.profile !== 'documented' && flags.profile !== 'observed') fail(`--profile must be documented or observed, got '${flags.profile}'`);
      if (flags.baseUrl !== undefined) {
        if (apiArgument === 'all') fail('--base-url needs one api, not all');
        if (!/^https?:\/\/[^/]+/.test(flags.baseUrl)) fail(`--base-url must be an http(s) URL, got '${flags.baseUrl}'`);
        if (flags.container !== undefined) fail('--base-url and --container exclude each other');
      }
      if (flags.password !== undefined && flags.user === undefined) fail('--password needs --user');
      const timeoutMs = positiveInteger(flags.timeoutMs, '--timeout-ms', fail);
      const runTimeoutMs = positiveInteger(flags.runTimeoutMs, '--run-timeout-ms', fail);
      const maxResponseTimeMs = positiveInteger(flags.maxResponseMs, '--max-response-ms', fail);
      const apis: ApiId[] = apiArgument === 'all' ? [...API_IDS] : [apiArgument as ApiId];

      const reports: ContractReport[] = [];
      for (const api of apis) {
        const { target, credentials, logs } = await openTarget(api, flags);
        try {
          const report = await runContract(api, target, {
            strict: flags.strict,
            only: flags.only,
            allowMutations: flags.allowMutations,
            credentials: { ...credentials, ...definedOnly({ token: flags.token, user: flags.user, password: flags.password }) },
            timeoutMs,
            runTimeoutMs,
            maxResponseTimeMs,
          });
          reports.push(report);
          console.log(consoleReport(report, { verbose: flags.verbose }));
          if (report.summary.fail > 0 && logs) console.log(`\nlast log lines of the target:\n${await logs()}`);
        } finally {
          await target.close();
        }
      }
      if (flags.json) writeFileAtomic(flags.json, jsonReport(reports));
      if (flags.junit) writeFileAtomic(flags.junit, junitReport(reports));
      process.exitCode = reports.some((r) => r.summary.fail > 0) ? 1 : 0;
    });
}

function definedOnly(credentials: Credentials): Credentials {
  return Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== undefined));
}

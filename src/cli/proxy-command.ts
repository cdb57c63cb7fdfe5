import type { Command } from 'commander';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { DEFAULT_TIMEOUT_MS, startProxy, type RunningProxy } from '../proxy/server.js';
import { ProxySession, summaryLine } from '../proxy/session.js';
import { FAULT_SYNTAX, FaultSyntaxError, parseFaultHeader, type ServerFaults } from '../serve/faults.js';
import { DEFAULT_HOST, DEFAULT_PORTS, isLoopbackHost } from '../serve/ports.js';
import { isApiId } from '../spec/load.js';

/** What `contract-kit proxy` was asked to do, checked before anything binds a port. */
export interface ProxyPlan {
  proxies: Array<{ api: ApiId; target: string; port: number }>;
  host: string;
  allowMutations: boolean;
  faults?: ServerFaults;
  timeoutMs: number;
  insecure: boolean;
  har?: string;
  json?: string;
  junit?: string;
  record?: string;
  keepSecrets: boolean;
}

interface ProxyCommandOptions {
  target?: string;
  port: string[];
  host: string;
  allowMutations?: boolean;
  fault?: string;
  faultRate?: string;
  timeout: string;
  insecure?: boolean;
  har?: string;
  json?: string;
  junit?: string;
  record?: string;
  keepSecrets?: boolean;
}

const HELP_AFTER = `
Examples:
  contract-kit proxy doris-fe --target http://fe.example:8030 --har fe.har
  contract-kit proxy doris-fe=http://fe:8030 doris-meta-service=http://ms:5000 --port doris-fe=18030
  contract-kit proxy klustron-cluster-manager --target http://cm:35001 --record fixtures/
  contract-kit mock klustron-cluster-manager --replay fixtures/      # answer offline from the recording

Each exchange is judged as check-har judges a captured one and printed as one line:
  <verdict> <method> <path> → <status>  <ms> ms  <api> <operationId> [<variant>]  <x-observed id or first problem>
Verdicts: pass, fail, known-deviation (a deviation the spec's x-observed entries name), skip (not
forwarded: refused, injected fault; or a body over the 10 MB judging cap, forwarded but not judged),
unmatched (no documented operation). A target that gives no answer is a fail; the client gets a
proxy error in the API's own error shape (502, or 504 after --timeout).

Safe by default: to a target that is not a local contract-kit mock (a real server on localhost
counts as real) only x-safety: read operations are forwarded; anything else is refused with 403 in the API's error shape (the request is understood
and refused by policy, which is what 403 means; 405 would wrongly say the method is not supported)
unless --allow-mutations.

Faults: the x-mock-fault header on a request (${FAULT_SYNTAX.replace(/^x-mock-fault: /, '')}) or --fault
for every request; the header is never forwarded. status= and reset answer without forwarding.

Ctrl-C or SIGTERM stops the proxy, prints the summary and finishes the files. --har, --json and
--record files are complete documents at every flush (twice a second), so a killed run leaves valid
files. Exit code 1 when an exchange failed or was unmatched, 0 otherwise, 2 on usage errors.`;

export function registerProxyCommand(program: Command): void {
  program
    .command('proxy')
    .description(
      'Put contract-kit between a client and a real server: forwards every request, judges each exchange against the spec as it happens ' +
        '(known deviations named by their x-observed id), injects faults, and keeps the traffic as HAR, a JSON or JUnit report, or a replayable recording',
    )
    .argument('<api...>', `<api>=<target url> (one or more), or one <api> with --target; apis: ${API_IDS.join(', ')}`)
    .option('--target <url>', 'the real server of the one <api> given (http:// or https://)')
    .option('--port <api=port>', `port to listen on for an API (default its real port: ${API_IDS.map((a) => `${a} ${DEFAULT_PORTS[a]}`).join(', ')}); a bare <port> with one API; repeatable; 0 picks a free port`, (value: string, all: string[]) => [...all, value], [] as string[])
    .option('--host <host>', 'interface to listen on', DEFAULT_HOST)
    .option('--allow-mutations', 'also forward write and destructive operations to a target that is not local')
    .option('--fault <directives>', "inject into every exchange, as the x-mock-fault header does: e.g. 'latency=200', 'status=503', 'reset'")
    .option('--fault-rate <0..1>', 'fraction of exchanges --fault applies to (default 1)')
    .option('--timeout <ms>', 'wait this long for the target to answer, and at most this long between two chunks of its body', String(DEFAULT_TIMEOUT_MS))
    .option('--insecure', 'accept an https target whose certificate does not verify (self-signed)')
    .option('--har <file>', 'write the traffic as HAR 1.2 (secrets redacted unless --keep-secrets)')
    .option('--json <file>', 'write the JSON report ({ exchanges: [...], summary })')
    .option('--junit <file>', 'write a JUnit XML report, one test case per exchange')
    .option('--record <dir>', 'write <dir>/recording.json, replayable with contract-kit mock <api> --replay <dir>')
    .option('--keep-secrets', 'keep tokens, passwords and keys in the HAR, the reports and the recording')
    .addHelpText('after', HELP_AFTER)
    .action(async (apis: string[], options: ProxyCommandOptions, command: Command) => {
      let plan: ProxyPlan;
      try {
        plan = planProxy(apis, options);
      } catch (error) {
        command.error(`error: ${(error as Error).message}`, { exitCode: 2 });
      }
      await runProxy(plan);
    });
}

/** Checks the arguments; throws a message for the user naming what is wrong and how to write it. */
export function planProxy(args: string[], options: ProxyCommandOptions): ProxyPlan {
  const pairs = args.map((arg): { api: string; target: string | undefined } => {
    const eq = arg.indexOf('=');
    return eq === -1 ? { api: arg, target: undefined } : { api: arg.slice(0, eq), target: arg.slice(eq + 1) };
  });
  for (const { api } of pairs) {
    if (!isApiId(api)) throw new Error(`unknown api '${api}'; known: ${API_IDS.join(', ')}`);
  }
  if (options.target !== undefined) {
    if (pairs.length !== 1 || pairs[0]!.target !== undefined) throw new Error('--target goes with exactly one <api>; for several, write <api>=<url> for each');
    pairs[0]!.target = options.target;
  }
  const missing = pairs.find((p) => p.target === undefined);
  if (missing) throw new Error(`no target for ${missing.api}: write ${missing.api}=<url> or ${missing.api} --target <url>`);
  const seen = new Set<string>();
  for (const { api, target } of pairs) {
    if (seen.has(api)) throw new Error(`${api} is given twice; one proxy per API`);
    seen.add(api);
    let url: URL;
    try {
      url = new URL(target!);
    } catch {
      throw new Error(`bad target '${target}' for ${api}: expected an absolute URL such as http://fe.example:8030`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`bad target '${target}' for ${api}: only http:// and https:// can be proxied`);
  }
  const ports: Partial<Record<ApiId, number>> = {};
  for (const entry of options.port) {
    const match = /^(?:([a-z-]+)=)?(\d{1,5})$/.exec(entry);
    const api = match?.[1] ?? (pairs.length === 1 ? pairs[0]!.api : undefined);
    const port = Number(match?.[2]);
    if (!match || port > 65535) throw new Error(`bad --port '${entry}'; expected <api>=<port> (or <port> with one API), port 0-65535 (0 = any free port)`);
    if (api === undefined) throw new Error(`--port ${entry}: with several APIs write <api>=<port>`);
    if (!pairs.some((p) => p.api === api)) throw new Error(`--port ${entry}: ${api} is not among the APIs being proxied (${pairs.map((p) => p.api).join(', ')})`);
    ports[api as ApiId] = port;
  }
  const timeoutMs = Number(options.timeout);
  if (!/^\d+$/.test(options.timeout) || timeoutMs < 1 || timeoutMs > 3_600_000) throw new Error(`bad --timeout '${options.timeout}'; expected milliseconds, 1-3600000`);
  let faults: ServerFaults | undefined;
  if (options.fault !== undefined) {
    try {
      const plan = parseFaultHeader(options.fault);
      faults = { latencyMs: plan.latencyMs, status: plan.status, reset: plan.reset };
    } catch (error) {
      if (error instanceof FaultSyntaxError) throw new Error(`bad --fault: ${error.message.replace(/^invalid fault directive/, 'directive')}`);
      throw error;
    }
  }
  if (options.faultRate !== undefined) {
    const rate = Number(options.faultRate);
    if (!faults) throw new Error('--fault-rate needs --fault');
    if (options.faultRate.trim() === '' || !(rate >= 0 && rate <= 1)) throw new Error(`bad --fault-rate '${options.faultRate}'; expected a number from 0 to 1`);
    faults.rate = rate;
  }
  const outputs = [options.har, options.json, options.junit].filter((f): f is string => f !== undefined);
  if (new Set(outputs).size !== outputs.length) throw new Error('--har, --json and --junit must name different files');
  return {
    proxies: pairs.map(({ api, target }) => ({ api: api as ApiId, target: target!, port: ports[api as ApiId] ?? DEFAULT_PORTS[api as ApiId] })),
    host: options.host,
    allowMutations: options.allowMutations ?? false,
    faults,
    timeoutMs,
    insecure: options.insecure ?? false,
    har: options.har,
    json: options.json,
    junit: options.junit,
    record: options.record,
    keepSecrets: options.keepSecrets ?? false,
  };
}

/** Starts the proxies, prints each exchange as it completes, and on SIGINT/SIGTERM finishes the files and exits. */
export async function runProxy(plan: ProxyPlan): Promise<void> {
  if (!isLoopbackHost(plan.host)) process.stderr.write(`warning: listening on ${plan.host}: the proxy forwards whatever reaches it from the network\n`);
  if (plan.keepSecrets) process.stderr.write('warning: --keep-secrets: tokens, passwords and keys are written to the files in clear text\n');
  const stdout = batchedStdout();
  let session: ProxySession;
  try {
    session = new ProxySession({ ...plan, print: stdout.print });
  } catch (error) {
    process.stderr.write(`contract-kit proxy: cannot open an output file: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const started = await Promise.allSettled(
    plan.proxies.map((p) =>
      startProxy({
        api: p.api,
        target: p.target,
        host: plan.host,
        port: p.port,
        allowMutations: plan.allowMutations,
        faults: plan.faults,
        timeoutMs: plan.timeoutMs,
        insecure: plan.insecure,
        onExchange: (exchange) => session.add(exchange),
      }),
    ),
  );
  const running = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = started.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (failures.length > 0) {
    await Promise.allSettled(running.map((p) => p.close()));
    await session.close();
    process.stderr.write(`contract-kit proxy: ${failures.join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`contract-kit proxy\n${running.map(describe).join('')}ready; Ctrl-C to stop and write the summary\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
  await Promise.allSettled(running.map((p) => p.close()));
  const summary = await session.close();
  stdout.flush();
  const files = session.files();
  process.stdout.write(`${summaryLine(summary)}\n${files.length ? `wrote ${files.join(', ')}\n` : ''}`);
  process.exit(summary.fail > 0 || summary.unmatched > 0 ? 1 : 0);
}

/** Lines for stdout, written once per turn of the event loop: one write for many exchanges under load. */
function batchedStdout(): { print(line: string): void; flush(): void } {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    process.stdout.write(`${pending.join('\n')}\n`);
    pending = [];
  };
  return {
    print: (line) => {
      if (pending.push(line) === 1) setImmediate(flush);
    },
    flush,
  };
}

function describe(proxy: RunningProxy): string {
  const mode = proxy.guarded ? 'read-only (x-safety: read operations; --allow-mutations for all)' : 'all operations';
  return `  ${proxy.api.padEnd(26)}${proxy.url} → ${proxy.target}  ${mode}\n`;
}

import type { ApiId } from '../../mocks/shared/types.js';
import { loadSpec } from '../spec/load.js';
import type { IndexedSpec } from '../spec/types.js';
import { buildCases, inspectRequest, resolveCredentials, type Credentials, type GivenValues } from './cases/index.js';
import { documentedResponses } from './checks/context.js';
import { evaluateExchange } from './checks/index.js';
import { isNotFoundAnswer } from './envelopes.js';
import { runPreflight } from './preflight.js';
import { runScheduled } from './schedule.js';
import { createScenarioRun, ScenarioAborted } from './scenario/client.js';
import type { Scenario } from './scenario/define.js';
import { resetTarget } from './targets/control.js';
import { DEFAULT_LIMITS, type SendLimits } from './targets/send-http.js';
import type { Target } from './targets/target.js';
import type { CaseKind, CaseResult, CheckResult, ContractCase, ContractReport, CoverageEntry, PreflightResult, RequestCase, ScenarioCase } from './types.js';

/** max_response_time's default: generous, so that a loaded CI machine does not flake; tighten with --max-response-ms. */
export const DEFAULT_MAX_RESPONSE_TIME_MS = 5_000;

export interface RunOptions {
  /** Known deviations count as failures. */
  strict?: boolean;
  /** Run only the cases of these operationIds (an alias's canonical id selects the alias too). */
  only?: string[];
  /** Run write/destructive cases against a target that is not a local mock. */
  allowMutations?: boolean;
  credentials?: Credentials;
  /** Per request. */
  timeoutMs?: number;
  /** The whole run: cases not started by then are skipped. */
  runTimeoutMs?: number;
  /** max_response_time fails above this. */
  maxResponseTimeMs?: number;
  maxBodyBytes?: number;
  /** Only these kinds of cases (e.g. the stateless ones against Prism). */
  kinds?: CaseKind[];
  /** Real values of a deployment (`--param`, `--ids`) for the read cases' documented requests. */
  given?: GivenValues;
  /** Probe the target before the cases; a failure is the report's only case (the CLI always probes). */
  preflight?: { timeoutMs: number };
  /** Cases run at once (default 1); see runScheduled for what stays in order. */
  workers?: number;
  /**
   * Opens another target like the first for one more worker (a fresh in-process simulator): with
   * it, workers share nothing. Without it, workers share the target.
   */
  openWorkerTarget?: () => Promise<Target>;
  /** Run only the index-th (1-based) of count deterministic parts of the cases. */
  shard?: { index: number; count: number };
  /** Aborting stops starting cases; the report holds the finished ones and says `incomplete: true`. */
  signal?: AbortSignal;
  /** Called once with the cases that will run (after --shard), for progress output. */
  onStart?: (cases: ContractCase[]) => void;
  /** Called when a case starts, for progress output. */
  onCaseStart?: (c: ContractCase) => void;
  /** Called after each case, for progress output. */
  onCase?: (result: CaseResult) => void;
}

export interface ResolvedRunOptions {
  strict: boolean;
  only?: string[];
  allowMutations: boolean;
  credentials: Credentials;
  limits: SendLimits;
  maxResponseTimeMs: number;
}

export function resolveRunOptions(options: RunOptions = {}): ResolvedRunOptions {
  return {
    strict: options.strict ?? false,
    only: options.only?.length ? options.only : undefined,
    allowMutations: options.allowMutations ?? false,
    credentials: resolveCredentials(options.credentials),
    limits: { timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes },
    maxResponseTimeMs: options.maxResponseTimeMs ?? DEFAULT_MAX_RESPONSE_TIME_MS,
  };
}

/** Why a case does not run against this target, or undefined when it does. */
export function skipReason(spec: IndexedSpec, c: ContractCase, target: Target, options: ResolvedRunOptions): string | undefined {
  if (options.only) {
    const ids = c.kind === 'scenario' ? c.scenario.operations : [c.operationId];
    const selected = ids.some((id) => options.only!.includes(id) || options.only!.includes(spec.operationById.get(id)?.canonicalId ?? id));
    if (!selected) return `not selected by --only ${options.only.join(' ')}`;
  }
  if (c.needsState && !target.stateful) return `${target.description} is stateless: the scenario needs state`;
  const prepared = c.kind === 'scenario' ? undefined : target.prepare?.(c);
  if (prepared && 'skip' in prepared) return prepared.skip;
  if (c.safety !== 'read' && !target.local && !options.allowMutations) {
    return `x-safety: ${c.safety}, and ${target.origin} is not a local mock (use --allow-mutations)`;
  }
  return undefined;
}

function verdictOf(result: Pick<CaseResult, 'checks'>, knownDeviations: string[], strict: boolean): CaseResult['verdict'] {
  const failures = result.checks.filter((c) => c.status === 'fail');
  if (failures.length === 0) return 'pass';
  const allKnown = failures.every((c) => c.knownDeviation !== undefined) && knownDeviations.length > 0;
  return allKnown && !strict ? 'known-deviation' : 'fail';
}

async function runRequestCase(spec: IndexedSpec, c: RequestCase, target: Target, options: ResolvedRunOptions): Promise<CaseResult> {
  const started = performance.now();
  const operation = spec.operationById.get(c.operationId)!;
  const intended = operation.variants.find((v) => v.name === c.variant);
  let variant = intended;
  if (c.kind === 'negative') {
    // A malformed body may not reach the variant it was made from: judge it by where it lands.
    const inspected = inspectRequest(spec, c.request);
    variant = 'variant' in inspected && inspected.operation === operation ? inspected.variant : undefined;
  }
  // runCase has already skipped a case the target cannot judge.
  const prepared = target.prepare?.(c);
  const request = prepared && 'request' in prepared ? prepared.request : c.request;
  const exchange = await target.send(request, options.limits);
  const evaluation = evaluateExchange({ spec, operation, variant, maxResponseTimeMs: options.maxResponseTimeMs }, exchange, c.expectation);
  const knownDeviations = evaluation.knownDeviation ? [evaluation.knownDeviation] : [];
  const notFound = notFoundOnDeployment(spec, c, target, exchange.response);
  if (notFound?.check) evaluation.checks.push(notFound.check);
  let verdict = verdictOf(evaluation, knownDeviations, options.strict);
  if (notFound?.skip && verdict === 'pass') verdict = 'skip';
  return {
    id: c.id,
    operationId: c.operationId,
    variant: c.variant,
    kind: c.kind,
    title: c.title,
    verdict,
    ...(verdict === 'skip' ? { reason: notFound!.skip } : {}),
    knownDeviations: knownDeviations.length ? knownDeviations : undefined,
    checks: evaluation.checks,
    exercised: exchange.response ? [{ operationId: c.operationId, variant: variant?.name ?? '(unmatched)', status: exchange.response.status }] : [],
    durationMs: performance.now() - started,
  };
}

/** The names in a documented request that identify what it reads (`instance_id`, `cluster_name`, `path`, `job_id`). */
function identifyingValues(c: RequestCase): string {
  const pairs: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > 3) return;
    for (const [key, inner] of Object.entries(value)) {
      if (/(^|_)(id|ids|name|path)$|^(index|target|hostaddr)$/.test(key) && inner !== '' && typeof inner !== 'object') pairs.push(`${key}=${String(inner)}`);
      else visit(inner, depth + 1);
    }
  };
  visit(c.request.query, 0);
  try {
    visit(JSON.parse(c.request.body ?? 'null'), 0);
  } catch {
    // Not JSON: nothing to name.
  }
  return pairs.length ? pairs.slice(0, 4).join(', ') : 'its example values';
}

/**
 * A read case's positive answer against a deployment that has never heard of the spec's example
 * ids is a not-found: that is no pass. With the spec's values it is a skip saying so; with the
 * user's own values (`--param`, `--ids`) a not-found fails ensure_resource_availability.
 */
function notFoundOnDeployment(
  spec: IndexedSpec,
  c: RequestCase,
  target: Target,
  response: { status: number; bodyText: string } | undefined,
): { skip?: string; check?: CheckResult } | undefined {
  if (c.kind !== 'example' || c.safety !== 'read' || target.local || !response) return undefined;
  if (!isNotFoundAnswer(spec.api, response.status, response.bodyText)) return undefined;
  const what = identifyingValues(c);
  if (!c.given?.length) {
    return { skip: `not found on this deployment: the request uses the spec's example ${what}; give real ones with --param <name>=<value> or --ids <file>` };
  }
  return {
    check: {
      name: 'ensure_resource_availability',
      status: 'fail',
      message: `ensure_resource_availability: the deployment answered not found (HTTP ${response.status}) for the values you gave (${c.given.join(', ')}: ${what})`,
      pointer: 'status',
      expected: 'the resource you named',
      actual: `HTTP ${response.status} not found`,
    },
  };
}

async function runScenarioCase(spec: IndexedSpec, c: ScenarioCase, target: Target, options: ResolvedRunOptions): Promise<CaseResult> {
  const started = performance.now();
  const run = createScenarioRun({
    spec,
    target,
    limits: options.limits,
    credentials: options.credentials,
    maxResponseTimeMs: options.maxResponseTimeMs,
  });
  let reason: string | undefined;
  try {
    await c.scenario.steps(run.client);
  } catch (error) {
    reason = error instanceof ScenarioAborted ? error.message : `scenario threw: ${(error as Error).stack ?? String(error)}`;
  }
  const knownDeviations = [...run.knownDeviations];
  const result = { checks: run.checks };
  const verdict = reason ? 'fail' : verdictOf(result, knownDeviations, options.strict);
  return {
    id: c.id,
    operationId: c.operationId,
    variant: c.variant,
    kind: c.kind,
    title: c.title,
    verdict,
    reason,
    knownDeviations: knownDeviations.length ? knownDeviations : undefined,
    checks: run.checks,
    exercised: run.exercised,
    durationMs: performance.now() - started,
  };
}

function skipped(c: ContractCase, reason: string): CaseResult {
  return { id: c.id, operationId: c.operationId, variant: c.variant, kind: c.kind, title: c.title, verdict: 'skip', reason, checks: [], exercised: [], durationMs: 0 };
}

/**
 * Runs one case: skipped with its reason when it cannot run here; otherwise on a fresh mock
 * state (local mocks are reset first, so cases do not depend on each other's leftovers).
 */
export async function runCase(spec: IndexedSpec, c: ContractCase, target: Target, options: ResolvedRunOptions): Promise<CaseResult> {
  const reason = skipReason(spec, c, target, options);
  if (reason) return skipped(c, reason);
  if (target.local) await resetTarget(target, options.limits);
  return c.kind === 'scenario' ? runScenarioCase(spec, c, target, options) : runRequestCase(spec, c, target, options);
}

/** Which documented statuses of each operation/variant the results exercised. */
export function coverageOf(spec: IndexedSpec, results: CaseResult[]): CoverageEntry[] {
  const seen = new Map<string, Set<string>>();
  for (const r of results) {
    for (const e of r.exercised) {
      const key = `${e.operationId}\u0000${e.variant}`;
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(String(e.status));
    }
  }
  return spec.operations.flatMap((operation) =>
    operation.variants.map((variant) => {
      const documented = Object.keys(documentedResponses({ operation, variant }));
      const statuses = seen.get(`${operation.operationId}\u0000${variant.name}`) ?? new Set<string>();
      return {
        operationId: operation.operationId,
        variant: variant.name,
        documented,
        exercised: documented.filter((s) => statuses.has(s) || [...statuses].some((x) => s === `${x[0]}XX`)),
      };
    }),
  );
}

export function summarise(results: CaseResult[]): ContractReport['summary'] {
  const summary = { pass: 0, fail: 0, knownDeviation: 0, skip: 0 };
  for (const r of results) {
    if (r.verdict === 'pass') summary.pass++;
    else if (r.verdict === 'fail') summary.fail++;
    else if (r.verdict === 'known-deviation') summary.knownDeviation++;
    else summary.skip++;
  }
  return summary;
}

/** The index-th (1-based) of count parts: every count-th case, so each part gets a share of every operation. */
export function shardOf<T>(cases: T[], shard?: { index: number; count: number }): T[] {
  return shard ? cases.filter((_, i) => i % shard.count === shard.index - 1) : cases;
}

export interface ReportParts {
  api: ApiId;
  spec: IndexedSpec;
  target: Target;
  startedAt: string;
  durationMs: number;
  strict: boolean;
  results: CaseResult[];
  preflight?: PreflightResult;
  shard?: { index: number; count: number };
  incomplete?: boolean;
}

/** The report of a run, finished or not (an interrupted run's report holds what finished). */
export function assembleReport(parts: ReportParts): ContractReport {
  return {
    api: parts.api,
    target: parts.target.description,
    startedAt: parts.startedAt,
    durationMs: parts.durationMs,
    strict: parts.strict,
    ...(parts.preflight ? { preflight: parts.preflight } : {}),
    ...(parts.shard ? { shard: parts.shard } : {}),
    ...(parts.incomplete ? { incomplete: true as const } : {}),
    summary: summarise(parts.results),
    coverage: coverageOf(parts.spec, parts.results),
    cases: parts.results,
  };
}

function preflightCase(spec: IndexedSpec, target: Target, preflight: PreflightResult): CaseResult {
  return {
    id: 'preflight',
    operationId: '(preflight)',
    variant: 'default',
    kind: 'preflight',
    title: `preflight: ${preflight.probe} to ${target.description} answers like the ${spec.api}`,
    verdict: 'fail',
    reason: preflight.message,
    checks: [],
    exercised: [],
    durationMs: preflight.durationMs,
  };
}

/**
 * Runs every case of an API (or the selected ones, or one shard) against a target and reports:
 * the cases generated from its spec and the stateful scenarios handed in (the shipped ones are
 * `SCENARIOS[api]` of src/scenarios; `[]` runs none).
 */
export async function runContract(api: ApiId, target: Target, scenarios: readonly Scenario[], given: RunOptions = {}): Promise<ContractReport> {
  const options = resolveRunOptions(given);
  const spec = await loadSpec(api);
  const all = buildCases(spec, scenarios, options.credentials, given.given).filter((c) => !given.kinds || given.kinds.includes(c.kind));
  const cases = shardOf(all, given.shard);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const report = (results: CaseResult[], extra: Partial<ReportParts> = {}) =>
    assembleReport({ api, spec, target, startedAt, durationMs: performance.now() - started, strict: options.strict, results, shard: given.shard, ...extra });

  let preflight: PreflightResult | undefined;
  if (given.preflight) {
    preflight = await runPreflight(spec, target, all, given.preflight.timeoutMs);
    if (preflight.status === 'fail') {
      return report([preflightCase(spec, target, preflight)], { preflight });
    }
  }
  given.onStart?.(cases);

  const runTimeoutMs = given.runTimeoutMs ?? 300_000;
  const deadline = started + runTimeoutMs;
  const workers = Math.max(1, Math.min(given.workers ?? 1, cases.length || 1));
  const targets: Target[] = [target];
  try {
    if (given.openWorkerTarget) while (targets.length < workers) targets.push(await given.openWorkerTarget());
    const shared = targets.length === 1;
    const limits = given.signal ? { ...options.limits, signal: given.signal } : options.limits;
    const results = await runScheduled({
      items: cases,
      slots: shared ? new Array(workers).fill(target) : targets,
      shared,
      // A local mock is reset before each case: nothing else may run on it meanwhile.
      exclusive: () => target.local && target.stateful,
      // Writes and scenarios against a deployment keep their order, one at a time.
      serial: (c) => c.safety !== 'read' || c.kind === 'scenario',
      stopped: () => given.signal?.aborted === true,
      run: async (c, slot) => {
        if (performance.now() > deadline) return skipped(c, `the run time limit (${runTimeoutMs} ms) was reached`);
        given.onCaseStart?.(c);
        const result = await runCase(spec, c, targets[slot] ?? target, { ...options, limits });
        // A case cut off by the interruption did not finish: it is not reported.
        if (given.signal?.aborted) return undefined;
        given.onCase?.(result);
        return result;
      },
    });
    const finished = results.filter((r): r is CaseResult => r !== undefined);
    return report(finished, { preflight, incomplete: finished.length < cases.length });
  } finally {
    for (const extra of targets.slice(1)) await extra.close();
  }
}

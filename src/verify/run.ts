import type { ApiId } from '../../mocks/shared/types.js';
import { loadSpec } from '../spec/load.js';
import type { IndexedSpec } from '../spec/types.js';
import { buildCases, inspectRequest, resolveCredentials, type Credentials } from './cases/index.js';
import { documentedResponses } from './checks/context.js';
import { evaluateExchange } from './checks/index.js';
import { createScenarioRun, ScenarioAborted } from './scenario/client.js';
import { resetTarget } from './targets/control.js';
import { DEFAULT_LIMITS, type SendLimits } from './targets/send-http.js';
import type { Target } from './targets/target.js';
import type { CaseKind, CaseResult, ContractCase, ContractReport, CoverageEntry, RequestCase, ScenarioCase } from './types.js';

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
  const unsupported = target.unsupported?.(c);
  if (unsupported) return unsupported;
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
  const request =
    target.honoursPrefer && c.preferredExample
      ? { ...c.request, headers: { ...c.request.headers, prefer: `code=${c.preferredExample.status}, example=${c.preferredExample.key}` } }
      : c.request;
  const exchange = await target.send(request, options.limits);
  const evaluation = evaluateExchange({ spec, operation, variant, maxResponseTimeMs: options.maxResponseTimeMs }, exchange, c.expectation);
  const knownDeviations = evaluation.knownDeviation ? [evaluation.knownDeviation] : [];
  return {
    id: c.id,
    operationId: c.operationId,
    variant: c.variant,
    kind: c.kind,
    title: c.title,
    verdict: verdictOf(evaluation, knownDeviations, options.strict),
    knownDeviations: knownDeviations.length ? knownDeviations : undefined,
    checks: evaluation.checks,
    exercised: exchange.response ? [{ operationId: c.operationId, variant: variant?.name ?? '(unmatched)', status: exchange.response.status }] : [],
    durationMs: performance.now() - started,
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

/** Runs every case of an API (or the selected ones) against a target and reports. */
export async function runContract(api: ApiId, target: Target, given: RunOptions = {}): Promise<ContractReport> {
  const options = resolveRunOptions(given);
  const spec = await loadSpec(api);
  const cases = buildCases(spec, options.credentials).filter((c) => !given.kinds || given.kinds.includes(c.kind));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const deadline = started + (given.runTimeoutMs ?? 300_000);
  const results: CaseResult[] = [];
  for (const c of cases) {
    const result =
      performance.now() > deadline ? skipped(c, `the run time limit (${given.runTimeoutMs ?? 300_000} ms) was reached`) : await runCase(spec, c, target, options);
    results.push(result);
    given.onCase?.(result);
  }
  return {
    api,
    target: target.description,
    startedAt,
    durationMs: performance.now() - started,
    strict: options.strict,
    summary: summarise(results),
    coverage: coverageOf(spec, results),
    cases: results,
  };
}

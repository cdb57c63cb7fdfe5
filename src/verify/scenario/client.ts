import type { IndexedSpec } from '../../spec/types.js';
import { failed, jsonBody, passed } from '../checks/context.js';
import { evaluateExchange } from '../checks/index.js';
import { requiredSchemes, withCredentials, type Credentials } from '../cases/credentials.js';
import { inspectRequest } from '../cases/inspect-request.js';
import { rejectionStatuses } from '../rejections.js';
import { requestMediaType, serialiseBody, serialiseValue } from '../cases/request-builder.js';
import { envelopeSaysFailure } from '../envelopes.js';
import { resolvePointer } from '../../spec/route.js';
import { advanceTargetClock } from '../targets/control.js';
import type { SendLimits } from '../targets/send-http.js';
import type { Target } from '../targets/target.js';
import type { CaseResult, CheckName, CheckResult, Exchange, Expectation } from '../types.js';
import type { CallOptions, PollOptions, ScenarioClient, StepResponse } from './define.js';

/** Thrown by `abort`: ends the scenario, the case fails with the message. */
export class ScenarioAborted extends Error {}

export interface ScenarioRun {
  client: ScenarioClient;
  checks: CheckResult[];
  knownDeviations: Set<string>;
  exercised: CaseResult['exercised'];
}

interface ClientSettings {
  spec: IndexedSpec;
  target: Target;
  limits: SendLimits;
  credentials: Credentials;
  maxResponseTimeMs: number;
}

/** A client bound to one target and one scenario run, collecting the checks of every step. */
export function createScenarioRun(settings: ClientSettings): ScenarioRun {
  const { spec, target, limits } = settings;
  const checks: CheckResult[] = [];
  const knownDeviations = new Set<string>();
  const exercised: CaseResult['exercised'] = [];
  /** A step: its exchange, its name, and the x-observed entry its response matched, if any. */
  type Step = { exchange: Exchange; label: string; knownDeviation?: string };
  let last: Step | undefined;
  // Each response remembers its own step, so a check on an earlier response names that step.
  const stepOf = new WeakMap<StepResponse, Step>();
  let clockAdvances: boolean | undefined;

  /** What a failure message is written from: the step's exchange (a placeholder before any call). */
  const checkContext = (step: Step | undefined) => {
    const exchange = step?.exchange ?? { request: { method: 'GET', path: '/', query: {}, headers: {} }, origin: target.origin, durationMs: 0 };
    return {
      spec,
      exchange: { ...exchange, response: exchange.response ?? { status: 0, headers: {}, bodyText: '', truncated: false } },
      expectation: { kind: 'documented' } as Expectation,
      maxResponseTimeMs: settings.maxResponseTimeMs,
    };
  };

  type CheckDetails = Parameters<ScenarioClient['check']>[2];
  /** Records an assertion on a step; a failure on a response that is a known deviation is explained by it too. */
  function record(name: CheckName, ok: boolean, details: CheckDetails, step: Step | undefined): boolean {
    const result = ok ? passed(name) : failed(checkContext(step), name, details);
    if (!ok && step?.knownDeviation) result.knownDeviation = step.knownDeviation;
    checks.push({ ...result, step: step?.label });
    return ok;
  }

  const client: ScenarioClient = {
    api: spec.api,

    async call(operationId: string, options: CallOptions = {}): Promise<StepResponse> {
      const operation = spec.operationById.get(operationId);
      if (!operation) throw new ScenarioAborted(`scenario calls ${operationId}, which ${spec.api} does not document`);
      let path = operation.path;
      for (const [name, value] of Object.entries(options.path ?? {})) path = path.replace(`{${name}}`, encodeURIComponent(value));
      const query = Object.fromEntries(Object.entries(options.query ?? {}).map(([k, v]) => [k, serialiseValue(v)]));
      const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      let request = { method: operation.method.toUpperCase(), path, query, headers } as Exchange['request'];
      if (options.body !== undefined) {
        const schema = operation.requestBody?.content[0]?.schema;
        request.body = serialiseBody(schema, options.body);
        const mediaType = requestMediaType(operation);
        if (mediaType && !request.headers['content-type']) request.headers['content-type'] = mediaType;
      }
      request = withCredentials(request, requiredSchemes(spec, operation), settings.credentials);
      const label = options.label ?? operationId;
      const exchange = await target.send(request, limits);
      last = { exchange, label };
      const inspected = inspectRequest(spec, request);
      const variant = 'variant' in inspected && inspected.operation === operation ? inspected.variant : undefined;
      const expectation: Expectation = options.rejectedBecause
        ? {
            kind: 'rejected',
            statuses: options.rejectedWith ?? rejectionStatuses(spec, operation, variant, [400, 403, 404, 409, 410, 422]) ?? [],
            why: options.rejectedBecause,
          }
        : { kind: 'documented' };
      const evaluation = evaluateExchange({ spec, operation, variant, maxResponseTimeMs: settings.maxResponseTimeMs }, exchange, expectation);
      for (const c of evaluation.checks) checks.push({ ...c, step: label });
      if (evaluation.knownDeviation) {
        knownDeviations.add(evaluation.knownDeviation);
        last.knownDeviation = evaluation.knownDeviation;
      }
      const response = exchange.response;
      if (!response) throw new ScenarioAborted(`${label}: no HTTP answer (${exchange.failure?.kind}): ${exchange.failure?.message}`);
      exercised.push({ operationId, variant: variant?.name ?? '(unmatched)', status: response.status });
      const body = jsonBody(response);
      const httpOk = response.status >= 200 && response.status < 300;
      const step: StepResponse = {
        status: response.status,
        headers: response.headers,
        text: response.bodyText,
        body,
        ok: httpOk && !envelopeSaysFailure(spec.api, body),
      };
      stepOf.set(step, last);
      return step;
    },

    example(operationId, select = {}) {
      const operation = spec.operationById.get(operationId);
      const variants = operation?.variants.filter((v) => !select.variant || v.name === select.variant) ?? [];
      const examples = variants.flatMap((v) => v.requestExamples);
      const example = select.key ? examples.find((e) => e.key === select.key) : examples[0];
      if (!example) throw new ScenarioAborted(`${spec.api} documents no request example ${select.key ?? ''} for ${operationId}${select.variant ? ` [${select.variant}]` : ''}`);
      return structuredClone({ body: example.body?.value, query: example.parameters });
    },

    check(name, ok, details) {
      return record(name, ok, details, last);
    },

    expectAvailable(response, what, values = {}) {
      const check = (ok: boolean, details: CheckDetails) => record('ensure_resource_availability', ok, details, stepOf.get(response));
      if (!response.ok) {
        return check(false, {
          message: `${what}: the call did not succeed`,
          pointer: 'status',
          expected: 'a success',
          actual: `${response.status} ${response.text.slice(0, 200)}`,
        });
      }
      for (const [pointer, expected] of Object.entries(values)) {
        const actual = resolvePointer(response.body, pointer);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          return check(false, { message: `${what}: the answer does not reflect the change`, pointer, expected, actual });
        }
      }
      return check(true, { message: what });
    },

    expectGone(response, what) {
      const gone = (response.status >= 400 && response.status < 500) || (response.status < 300 && envelopeSaysFailure(spec.api, response.body));
      return record('use_after_free', gone, {
        message: `${what}: the deleted resource is still answered for`,
        pointer: 'status',
        expected: 'a not-found rejection',
        actual: `${response.status} ${response.text.slice(0, 200)}`,
      }, stepOf.get(response));
    },

    async pollUntil(what: string, poll: () => Promise<StepResponse>, done: (r: StepResponse) => boolean, options: PollOptions = {}) {
      const { timeoutMs = 15_000, advanceMs = 5_000, intervalMs = 200 } = options;
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const response = await poll();
        if (done(response)) return response;
        if (performance.now() > deadline) {
          client.check('ensure_resource_availability', false, {
            message: `${what}: no terminal state within ${timeoutMs} ms`,
            expected: 'a terminal state',
            actual: response.text.slice(0, 300),
          });
          throw new ScenarioAborted(`${what}: gave up polling after ${timeoutMs} ms`);
        }
        if (clockAdvances !== false) clockAdvances = await advanceTargetClock(target, advanceMs, limits);
        if (!clockAdvances) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },

    abort(message: string): never {
      throw new ScenarioAborted(message);
    },
  };
  return { client, checks, knownDeviations, exercised };
}

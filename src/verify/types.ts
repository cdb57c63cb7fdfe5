import type { ApiId } from '../../mocks/shared/types.js';
import type { Safety } from '../spec/types.js';
import type { Scenario } from './scenario/define.js';

export type Verdict = 'pass' | 'fail' | 'known-deviation' | 'skip';

export const CHECK_NAMES = [
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'not_a_server_error',
  'envelope_conformance',
  'negative_data_rejection',
  'use_after_free',
  'ensure_resource_availability',
  'max_response_time',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** A concrete HTTP request a case sends; the target decides the origin (scheme, host, port). */
export interface CaseRequest {
  /** Upper case. */
  method: string;
  /** Concrete path (templates filled in), no query string. */
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body exactly as sent; undefined sends none. */
  body?: string;
}

export interface CapturedResponse {
  status: number;
  /** Header names lower-cased; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The body as text (UTF-8), cut at the read cap. */
  bodyText: string;
  /** True when the body was longer than the read cap and was cut. */
  truncated: boolean;
}

/** Why no HTTP response came back. */
export interface TransportFailure {
  kind: 'refused' | 'reset' | 'timeout' | 'tls' | 'dns' | 'invalid-request' | 'other';
  message: string;
}

/** One request and what came back: a response, or why none did. */
export interface Exchange {
  request: CaseRequest;
  /** The origin the request went to, e.g. `http://127.0.0.1:8030`: for curl lines. */
  origin: string;
  response?: CapturedResponse;
  failure?: TransportFailure;
  durationMs: number;
}

export interface CheckResult {
  name: CheckName;
  status: 'pass' | 'fail';
  /** Failure message: what was expected, what came back, where (pointer), and the curl line. */
  message?: string;
  /** JSON pointer into the response body (or `header:<name>`, `status`). */
  pointer?: string;
  expected?: unknown;
  actual?: unknown;
  /** A curl command reproducing the request, secrets redacted. */
  curl?: string;
  /** The `x-observed` id the failing response matches, when it does. */
  knownDeviation?: string;
  /** Which step of a scenario, or which request of a case, the check looked at. */
  step?: string;
  /** Every problem the check found when there are several, the one the message names first (schema checks). */
  problems?: CheckProblem[];
}

/** One of several problems a check found: where, what, and the expected and actual values. */
export interface CheckProblem {
  pointer: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

/** What a request case expects back. */
export type Expectation =
  /** A documented request: any documented answer of the operation/variant, in its documented shape. */
  | { kind: 'documented' }
  /** A bad request: the documented rejection (one of `statuses`, or a failure envelope on APIs that answer 200). */
  | { kind: 'rejected'; statuses: number[]; why: string };

export type CaseKind = 'example' | 'negative' | 'scenario';

interface CaseBase {
  /** Stable and unique within an API: `<operationId>/<variant>/<kind>/<detail>`. */
  id: string;
  api: ApiId;
  operationId: string;
  variant: string;
  kind: CaseKind;
  /** One line for test names and reports. */
  title: string;
  safety: Safety;
  /** Whether the case needs a stateful target (Prism is not). */
  needsState: boolean;
}

interface RequestCaseBase extends CaseBase {
  request: CaseRequest;
  expectation: Expectation;
}

/** A documented request of a variant (`<operationId>/<variant>/example/<key>`). */
export interface ExampleCase extends RequestCaseBase {
  kind: 'example';
  /** Names of the values the user gave (`--param`, `--ids`) that this case's request carries instead of the spec's examples. */
  given?: string[];
}

/** The ways a schema mutation makes a documented value invalid. */
export type SchemaViolation = 'missing-required' | 'wrong-type' | 'pattern' | 'enum';

/** What a negative case breaks in its variant's documented request: targets read this, never the case id. */
export type NegativeBreak =
  /** A body field (JSON pointer) or query parameter (name) made invalid against the schema. */
  | { kind: SchemaViolation; at: string }
  /** The body cut so that it is no JSON. */
  | { kind: 'malformed-json' }
  /** The credentials of the operation's security schemes left out, or replaced with wrong ones. */
  | { kind: 'missing-credentials' | 'wrong-credentials' };

/** A documented request made bad in one way (`<operationId>/<variant>/negative/<detail>`). */
export interface NegativeCase extends RequestCaseBase {
  kind: 'negative';
  negative: NegativeBreak;
}

export type RequestCase = ExampleCase | NegativeCase;

export interface ScenarioCase extends CaseBase {
  kind: 'scenario';
  scenario: Scenario;
}

export type ContractCase = RequestCase | ScenarioCase;

export interface CaseResult {
  id: string;
  operationId: string;
  variant: string;
  /** `preflight`: the probe before the cases, reported as the only case when the target failed it. */
  kind: CaseKind | 'preflight';
  title: string;
  verdict: Verdict;
  /** Why the case was skipped, or what a scenario aborted on. */
  reason?: string;
  /** `x-observed` ids of known deviations the case hit. */
  knownDeviations?: string[];
  checks: CheckResult[];
  /** Documented statuses exercised, per operation/variant (scenarios touch several). */
  exercised: Array<{ operationId: string; variant: string; status: number }>;
  durationMs: number;
}

export interface CoverageEntry {
  operationId: string;
  variant: string;
  documented: string[];
  exercised: string[];
}

/** The probe of the target before the cases (src/verify/preflight.ts). */
export interface PreflightResult {
  status: 'pass' | 'fail';
  /** The request sent, e.g. `GET /api/backends`. */
  probe: string;
  durationMs: number;
  /** Why it failed: a transport failure's kind, or an answer that is not this API's. */
  cause?: TransportFailure['kind'] | 'not-this-api';
  /** The cause and the fix, one paragraph. */
  message?: string;
}

export interface ContractReport {
  api: ApiId;
  target: string;
  startedAt: string;
  durationMs: number;
  strict: boolean;
  /** Present when the run probed the target first; a failed preflight is the report's only case. */
  preflight?: PreflightResult;
  /** `--shard i/n`: this report holds the i-th of n deterministic parts of the cases. */
  shard?: { index: number; count: number };
  /** The run was interrupted (SIGINT/SIGTERM): the report holds only the cases that finished. */
  incomplete?: true;
  /** `--min-coverage`: the gate over documented statuses and whether this run met it. */
  coverageGate?: { minPercent: number; percent: number; passed: boolean };
  summary: { pass: number; fail: number; knownDeviation: number; skip: number };
  coverage: CoverageEntry[];
  cases: CaseResult[];
}

import type { RequestProblem } from '../../mocks/shared/types.js';
import type { ObservedEntry } from '../spec/types.js';
import { carriesCredentials, requiredSchemes } from '../verify/cases/credentials.js';
import { evaluateExchange, type ExchangeEvaluation } from '../verify/checks/index.js';
import { jsonBody } from '../verify/checks/context.js';
import { envelopeSaysFailure } from '../verify/envelopes.js';
import { observedEntriesFor, observedMethodAcceptance } from '../verify/observed.js';
import { BAD_CREDENTIALS, BAD_DATA, rejectionStatuses } from '../verify/rejections.js';
import type { CaseRequest, CheckResult, Exchange, Expectation } from '../verify/types.js';
import type { EntryMatch } from './match-entry.js';

/** What judging a matched exchange found (the parts of an entry report that come from the spec). */
export interface Judgement {
  verdict: 'pass' | 'fail' | 'known-deviation';
  checks: CheckResult[];
  knownDeviations?: string[];
  requestProblems?: RequestProblem[];
  /** The spec's methods for the path when the request used another one, and the fact that accepts it. */
  undocumentedMethod?: { documented: string[]; acceptedBy?: string };
  /** What the request was expected to get when that was a rejection. */
  reason?: string;
}

/** The statuses that fit a rejection of a method the path does not serve. */
const BAD_METHOD = [405];

interface Expected {
  expectation: Expectation;
  /** The rejection is expected for the method alone (no fact says real servers accept it). */
  methodRejected?: boolean;
  requestProblems: RequestProblem[];
  /** The fact that says real servers accept the request's undocumented method. */
  methodFact?: ObservedEntry;
}

/** The ways the request breaks what its operation documents (an operation without a matching variant included). */
function requestProblemsOf(match: EntryMatch): RequestProblem[] {
  if (!match.variant) return [{ in: 'body', pointer: '', message: "the request matches none of the operation's variants" }];
  return 'problems' in match.inspected ? match.inspected.problems : [];
}

/**
 * What the captured exchange should have got. A method the spec does not give the path is a
 * rejection unless an `x-observed` entry says real servers accept it (then the deviation is named
 * and the request is judged as if sent with the documented method). Then, as for verify's cases:
 * a rejection when the request lacks the credentials the operation requires or breaks its
 * variant's schema (and the spec documents the rejection), else a documented answer.
 */
function expectedOf(match: EntryMatch, request: CaseRequest): Expected {
  const { spec, operation, variant } = match;
  const requestProblems = requestProblemsOf(match);
  let methodFact: ObservedEntry | undefined;
  if (match.undocumentedMethod) {
    const { sent, documented } = match.undocumentedMethod;
    methodFact = observedMethodAcceptance(observedEntriesFor(spec, operation, variant));
    if (!methodFact) {
      const why = `${sent} is not a documented method of ${operation.operationId} (the spec documents ${documented.join(', ')})`;
      return { expectation: { kind: 'rejected', statuses: rejectionStatuses(spec, operation, variant, BAD_METHOD) ?? [], why }, requestProblems, methodRejected: true };
    }
  }
  if (!carriesCredentials(request, requiredSchemes(spec, operation))) {
    const statuses = rejectionStatuses(spec, operation, variant, BAD_CREDENTIALS);
    if (statuses) return { expectation: { kind: 'rejected', statuses, why: 'the request carries no credentials' }, requestProblems, methodFact };
  }
  if (requestProblems.length > 0) {
    const why = `the request is invalid: ${requestProblems.map((p) => p.message).join('; ')}`;
    const statuses = rejectionStatuses(spec, operation, variant, BAD_DATA) ?? [];
    return { expectation: { kind: 'rejected', statuses, why }, requestProblems, methodFact };
  }
  return { expectation: { kind: 'documented' }, requestProblems, methodFact };
}

/**
 * HTTP's own answer to a method a path does not serve (RFC 9110, 405 Method Not Allowed). The
 * documents describe the answers to their own methods only, so that answer is not judged against them.
 */
const METHOD_NOT_ALLOWED = 405;
const DOCUMENTED_ANSWER_CHECKS = new Set<CheckResult['name']>([
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'envelope_conformance',
]);

/** A 2xx answer whose envelope (where the API has one) reports success: the request was served. */
function served(match: EntryMatch, exchange: Exchange): boolean {
  const response = exchange.response;
  return response !== undefined && response.status >= 200 && response.status < 300 && !envelopeSaysFailure(match.spec.api, jsonBody(response));
}

/**
 * The evaluation of a request sent with a method the documents do not give, read as such: HTTP's
 * own 405 is not judged against the documented answers; a request the server served is explained
 * only by a fact about methods (`request.anyMethod`), never by one about answers (the OK envelope
 * of `ms-lenient-json` would otherwise claim it).
 */
function asMethodRejection(evaluation: ExchangeEvaluation, match: EntryMatch, exchange: Exchange): ExchangeEvaluation {
  const rejectedByHttp = exchange.response?.status === METHOD_NOT_ALLOWED;
  if (!rejectedByHttp && !(evaluation.knownDeviation && served(match, exchange))) return evaluation;
  const checks = evaluation.checks.filter((c) => !(rejectedByHttp && DOCUMENTED_ANSWER_CHECKS.has(c.name))).map(({ knownDeviation: _, ...check }) => check);
  return { checks };
}

/**
 * Judges one captured exchange against the operation it matched: the verify checks, failures a
 * known real-server deviation explains marked with its `x-observed` id, the method deviation
 * named too. `pass` when nothing failed and nothing deviated, `known-deviation` when every
 * failure (and the method) is explained, else `fail`.
 */
export function judgeExchange(match: EntryMatch, exchange: Exchange, options: { maxResponseTimeMs: number; verbose?: boolean }): Judgement {
  const { expectation, requestProblems, methodFact, methodRejected } = expectedOf(match, exchange.request);
  let evaluation = evaluateExchange(
    { spec: match.spec, operation: match.operation, variant: match.variant, maxResponseTimeMs: options.maxResponseTimeMs },
    exchange,
    expectation,
  );
  if (methodRejected) evaluation = asMethodRejection(evaluation, match, exchange);
  const failed = evaluation.checks.filter((c) => c.status === 'fail');
  const knownDeviations = [...new Set([methodFact?.id, evaluation.knownDeviation].filter((id): id is string => id !== undefined))];
  const unexplained = failed.some((c) => c.knownDeviation === undefined);
  return {
    verdict: unexplained ? 'fail' : knownDeviations.length > 0 ? 'known-deviation' : 'pass',
    checks: options.verbose ? evaluation.checks : failed,
    ...(knownDeviations.length > 0 && { knownDeviations }),
    ...(requestProblems.length > 0 && { requestProblems }),
    ...(match.undocumentedMethod && { undocumentedMethod: { documented: match.undocumentedMethod.documented, ...(methodFact && { acceptedBy: methodFact.id }) } }),
    ...(expectation.kind === 'rejected' && { reason: `expected a rejection: ${expectation.why}` }),
  };
}

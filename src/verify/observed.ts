import type { IndexedOperation, IndexedSpec, IndexedVariant, ObservedEntry } from '../spec/types.js';
import { isStringSchema } from '../validate/index.js';
import { problemsIfCompilable } from './schema-problems.js';
import { mediaTypeEssence, parseBody } from './checks/context.js';
import type { CapturedResponse, Expectation } from './types.js';

/**
 * The `x-observed` entries that may explain a response: the variant's, the operation's (which
 * include the path's and the spec root's), or the root's alone when no operation matched.
 */
export function observedEntriesFor(spec: IndexedSpec, operation?: IndexedOperation, variant?: IndexedVariant): ObservedEntry[] {
  return [...(variant?.observed ?? []), ...(operation?.observed ?? spec.observed)];
}

/** The request side of an entry (`request.anyMethod`), read as the spec writes it. */
interface ObservedRequestSide {
  request?: { anyMethod?: unknown };
}

/**
 * The entry that says real servers answer a method the documents do not give the path as the
 * path's operation (Meta Service `ms-method-ignored`): one with `request.anyMethod: true`.
 */
export function observedMethodAcceptance(entries: ObservedEntry[]): ObservedEntry | undefined {
  return entries.find((entry) => (entry as ObservedEntry & ObservedRequestSide).request?.anyMethod === true);
}

/**
 * The id of the first entry whose machine-readable `response` the response matches in every given
 * field. Entries that describe an answer given instead of a rejection (lenient input such as
 * `ms-lenient-json`, `kl-async-accept`) count only for bad requests, and for those they come first:
 * a bad request that was answered is best explained by the fact that says the server accepts it.
 */
export function matchObserved(entries: ObservedEntry[], response: CapturedResponse, expectation: Expectation = { kind: 'documented' }): string | undefined {
  const rejected = expectation.kind === 'rejected';
  const candidates = rejected
    ? [...entries.filter((e) => e.response?.insteadOfRejection), ...entries.filter((e) => !e.response?.insteadOfRejection)]
    : entries.filter((e) => !e.response?.insteadOfRejection);
  return candidates.find((entry) => entry.response && responseMatches(entry.response, response))?.id;
}

function responseMatches(expected: NonNullable<ObservedEntry['response']>, response: CapturedResponse): boolean {
  if (expected.status !== undefined && expected.status !== response.status) return false;
  if (expected.contentType !== undefined && mediaTypeEssence(expected.contentType) !== mediaTypeEssence(response.headers['content-type'])) {
    return false;
  }
  if (expected.schema === undefined) return true;
  const parsed = parseBody(response);
  const value = isStringSchema(expected.schema) ? response.bodyText : parsed.kind === 'json' ? parsed.value : undefined;
  return value !== undefined && problemsIfCompilable(expected.schema, value)?.length === 0;
}

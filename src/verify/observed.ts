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

/** The request side of an entry: which methods real servers accept where the document gives another. */
interface ObservedRequestSide {
  request?: { methods?: unknown };
}

/**
 * The entry that says real servers accept `method` for an operation whose documents give another
 * (Meta Service `ms-method-ignored`): one whose `request.methods` lists the method, or `'*'`.
 */
export function observedMethodAcceptance(entries: ObservedEntry[], method: string): ObservedEntry | undefined {
  const wanted = method.toLowerCase();
  return entries.find((entry) => {
    const methods = (entry as ObservedEntry & ObservedRequestSide).request?.methods;
    const list = Array.isArray(methods) ? methods : [methods];
    return list.some((m) => typeof m === 'string' && (m === '*' || m.toLowerCase() === wanted));
  });
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

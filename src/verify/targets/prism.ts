import type { ApiId } from '../../../mocks/shared/types.js';
import { startPrismMock } from '../../serve/prism.js';
import { loadSpec } from '../../spec/load.js';
import type { IndexedSpec, IndexedVariant } from '../../spec/types.js';
import type { ContractCase, RequestCase } from '../types.js';
import { urlTarget } from './remote.js';
import type { CasePreparation, Target } from './target.js';

/** Prism mocking the spec on a random local port: stateless, answers chosen with `Prefer`. */
export async function prismTarget(api: ApiId): Promise<Target> {
  const spec = await loadSpec(api);
  const prism = await startPrismMock(api, { port: 0 });
  return urlTarget(prism.url, { description: `Prism ${prism.url}`, close: () => prism.close(), stateful: false, prepare: prismPreparation(spec) });
}

/**
 * What Prism needs done to a case: a documented request gets the `Prefer` header that picks the
 * variant's documented answer (Prism would otherwise answer an operation's first example, whatever
 * the variant); a negative case Prism cannot answer as documented is skipped with the reason.
 * The headers are worked out once per variant, not per case.
 */
export function prismPreparation(spec: IndexedSpec): (c: RequestCase) => CasePreparation {
  const prefer = new Map<string, string | undefined>();
  for (const operation of spec.operations) {
    for (const variant of operation.variants) prefer.set(`${operation.operationId}\u0000${variant.name}`, preferHeader(variant));
  }
  return (c) => {
    const skip = prismCannotJudge(c);
    if (skip) return { skip };
    const header = c.kind === 'example' ? prefer.get(`${c.operationId}\u0000${c.variant}`) : undefined;
    return { request: header ? { ...c.request, headers: { ...c.request.headers, prefer: header } } : c.request };
  };
}

/** `Prefer: code=, example=` for a variant's lowest 2xx status and that status' first example; none without one. */
function preferHeader(variant: IndexedVariant): string | undefined {
  const success = Object.values(variant.responses)
    .filter((r) => /^2\d\d$/.test(r.status) && r.examples.length > 0)
    .sort((a, b) => Number(a.status) - Number(b.status))[0];
  return success ? `code=${success.status}, example=${success.examples[0]!.key}` : undefined;
}

/**
 * Why Prism cannot judge a case: the negative cases a spec-driven mock cannot answer as
 * documented. Prism only checks that credentials are present and answers their absence with 401;
 * answers an unparseable body with its own error document; answers an invalid request with the
 * documented 422 or 400, else with its own 422; and cannot choose a failure envelope inside a 2xx
 * answer (the Meta Service's and Klustron's rejections).
 */
export function prismCannotJudge(c: ContractCase): string | undefined {
  if (c.kind !== 'negative' || c.expectation.kind !== 'rejected') return undefined;
  const { statuses } = c.expectation;
  switch (c.negative.kind) {
    case 'wrong-credentials':
      return 'Prism checks that credentials are present, not that they are right';
    case 'missing-credentials':
      return statuses.includes(401) ? undefined : `Prism answers missing credentials with 401; the spec documents ${statuses.join(', ') || 'a failure envelope'}`;
    case 'malformed-json':
      return 'Prism answers an unparseable body with its own error document';
    default:
      if (statuses.length === 0) return 'the documented rejection is a failure envelope inside a 2xx answer, which Prism cannot choose';
      if (!statuses.includes(400) && !statuses.includes(422)) {
        return `Prism answers invalid requests with 400 or 422; the spec documents ${statuses.join(', ')} for this one`;
      }
      return undefined;
  }
}

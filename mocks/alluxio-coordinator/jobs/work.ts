import type { SimResponse } from '../../shared/types.js';
import { asBody, flag, text, texts, type Body } from '../request-body.js';
import { onlineNodes } from '../nodes.js';
import { requiredParametersMissing, statusAnswer, MESSAGES } from '../respond.js';
import type { SimContext } from '../state.js';
import type { JobKind, JobWork } from './store.js';

/** A job read from a submit request, or the documented 400 that refuses it. */
export type Submission = { work: JobWork; sync: boolean; verify: boolean } | { refused: SimResponse };

/** How many files an index file lists; the document gives no figure, any small number will do. */
const FILES_PER_INDEX = 4;

/** Reads the work of a submit request of the given kind. */
export function readSubmission(kind: JobKind, rawBody: unknown, ctx: SimContext): Submission {
  const body = asBody(rawBody);
  return kind === 'rebalance' ? readRebalance(body, ctx) : readPathsJob(kind, body, ctx);
}

/**
 * Load and free: exactly one of `paths` and `index` (an empty one counts as not given,
 * x-doc-quirks ax-load-at-most-one); an index file must lie on a mounted UFS.
 */
function readPathsJob(kind: 'load' | 'free', body: Body, ctx: SimContext): Submission {
  const paths = texts(body, 'paths');
  const index = text(body, 'index');
  if ((paths === undefined) === (index === undefined)) {
    return { refused: paths ? statusAnswer(400, 'At most one of paths and index may be given') : requiredParametersMissing() };
  }
  if (index !== undefined && !ctx.state.mounts.holdingUfsPath(index)) {
    return { refused: statusAnswer(400, `${MESSAGES.noMountedUfs} for index file ${index}`) };
  }
  const options = asBody(body.options);
  const files = paths?.length ?? FILES_PER_INDEX;
  const where = { paths: paths ?? [], ...(index !== undefined ? { index } : {}) };
  const sync = flag(options, 'sync');
  if (kind === 'free') return { work: { kind, ...where, files }, sync, verify: false };
  // `verify` is not in the options table, but the progress answer reports it, so it is honoured.
  const verify = flag(options, 'verify');
  return { work: { kind, ...where, files, skipIfExists: flag(options, 'skipIfExists'), verify }, sync, verify };
}

/** Rebalance: a `target` that is ALL (every online worker) or a registered worker id. */
function readRebalance(body: Body, ctx: SimContext): Submission {
  const target = text(body, 'target');
  if (target === undefined) return { refused: requiredParametersMissing() };
  const options = asBody(body.options);
  const skipPrune = flag(options, 'skipPrune');
  if (target === 'ALL') {
    return { work: { kind: 'rebalance', target, workers: onlineNodes(ctx.state.nodes).length, skipPrune }, sync: false, verify: false };
  }
  if (!ctx.state.nodes.some((node) => node.identity === target)) {
    return { refused: statusAnswer(400, `Invalid target: worker not found: ${target}`) };
  }
  return { work: { kind: 'rebalance', target, workers: 1, skipPrune }, sync: false, verify: false };
}

import type { SimResponse } from '../shared/types.js';
import { bodyOf, findInstance, type Handler, type HandlerContext } from './context.js';
import { asObject, readArray, readInt64Id, readNonEmpty, readString } from './fields.js';
import type { MsCode, TabletStatsRecord } from './model.js';
import { statusBlock } from './respond.js';

/** The message of a failed lookup, for the text answers (which have no envelope). */
function failureMessage(failure: SimResponse): { code: MsCode; msg: string } {
  const body = failure.body as { code?: MsCode; msg?: string } | undefined;
  return { code: body?.code ?? 'INTERNAL_ERROR', msg: body?.msg ?? '' };
}

function tabletStatsBlock(stats: TabletStatsRecord): string {
  return [
    'tablet_stats {',
    '  idx {',
    `    table_id: ${stats.table_id}`,
    `    index_id: ${stats.index_id}`,
    `    partition_id: ${stats.partition_id}`,
    `    tablet_id: ${stats.tablet_id}`,
    '  }',
    `  data_size: ${stats.data_size}`,
    `  num_rows: ${stats.num_rows}`,
    `  num_rowsets: ${stats.num_rowsets}`,
    `  num_segments: ${stats.num_segments}`,
    `  base_compaction_cnt: ${stats.base_compaction_cnt}`,
    `  cumulative_compaction_cnt: ${stats.cumulative_compaction_cnt}`,
    `  cumulative_point: ${stats.cumulative_point}`,
    '}',
    '',
  ].join('\n');
}

/** get_tablet_stats: protobuf text; observed errors have an empty body (ms-tablet-stats-text). */
const getTabletStats: Handler = (ctx, req) => {
  const fail = (code: Exclude<MsCode, 'OK'>, msg: string): SimResponse =>
    ctx.rules.observed ? { status: ctx.rules.httpStatus(code), headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '' } : ctx.reply.text(code, statusBlock(code, msg));
  const body = bodyOf(req);
  const found = findInstance(ctx, body, { preferInstanceId: false });
  if ('failure' in found) {
    const { code, msg } = failureMessage(found.failure);
    return fail(code === 'OK' ? 'INTERNAL_ERROR' : code, msg);
  }
  const blocks: string[] = [];
  for (const raw of readArray(body, 'tablet_idx')) {
    const tabletId = readInt64Id(asObject(raw), 'tablet_id') ?? '';
    const stats = found.instance.tablets.get(tabletId);
    if (!stats) return fail('NOT_FOUND', `tablet stats not found, tablet_id=${tabletId}`);
    blocks.push(tabletStatsBlock(stats));
  }
  if (blocks.length === 0) {
    // ms-tablet-stats-empty: real servers answer an OK status and no stats.
    return ctx.rules.observed ? ctx.reply.text('OK', statusBlock('OK', '')) : fail('INVALID_ARGUMENT', 'no tablet_idx given');
  }
  return ctx.reply.text('OK', statusBlock('OK', '') + blocks.join(''));
};

/** The answer of abort_txn / abort_tablet_job: protobuf text of the status (abort_txn observed: JSON, ms-abort-txn-json). */
function statusAnswer(ctx: HandlerContext, code: MsCode, msg: string, json: boolean): SimResponse {
  if (json) return code === 'OK' ? ctx.reply.ok() : ctx.reply.error(code, msg);
  return ctx.reply.text(code, statusBlock(code, msg));
}

/** abort_txn: by txn_id, or by db_id + label; a PREPARED transaction becomes ABORTED. */
const abortTxn: Handler = (ctx, req) => {
  const json = ctx.rules.observed;
  const body = bodyOf(req);
  const found = findInstance(ctx, body, { preferInstanceId: false });
  if ('failure' in found) {
    const { code, msg } = failureMessage(found.failure);
    return statusAnswer(ctx, code, msg, json);
  }
  const txnId = readInt64Id(body, 'txn_id');
  const dbId = readInt64Id(body, 'db_id');
  const label = readNonEmpty(body, 'label');
  const txns = [...found.instance.txns.values()];
  const txn = txnId !== undefined ? found.instance.txns.get(txnId) : txns.find((t) => t.db_id === dbId && t.label === label);
  const named = txnId !== undefined ? `txn_id=${txnId}` : `db_id=${dbId ?? ''} label=${label ?? ''}`;
  if (txnId === undefined && (dbId === undefined || label === undefined)) {
    return statusAnswer(ctx, 'INVALID_ARGUMENT', 'invalid txn id or label', json);
  }
  if (!txn) {
    // ms-not-found-500: real servers answer an unknown transaction as an internal error.
    return statusAnswer(ctx, ctx.rules.observed ? 'INTERNAL_ERROR' : 'NOT_FOUND', `txn not found, ${named}`, json);
  }
  if (txn.status !== 'PREPARED') {
    return statusAnswer(ctx, 'INVALID_ARGUMENT', `transaction is already ${txn.status.toLowerCase()}, ${named}`, json);
  }
  txn.status = 'ABORTED';
  return statusAnswer(ctx, 'OK', '', json);
};

/** abort_tablet_job: aborts the listed compaction jobs of a tablet (all must be running). */
const abortTabletJob: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const found = findInstance(ctx, body, { preferInstanceId: false });
  if ('failure' in found) {
    const { code, msg } = failureMessage(found.failure);
    return statusAnswer(ctx, code, msg, false);
  }
  const job = asObject(body.job);
  const tabletId = readInt64Id(asObject(job?.idx), 'tablet_id') ?? '';
  const ids = readArray(job, 'compaction').map((c) => readString(asObject(c), 'id') ?? '');
  if (ids.length === 0) return statusAnswer(ctx, 'INVALID_ARGUMENT', 'no compaction job given', false);
  const running = found.instance.compactions.get(tabletId);
  const missing = ids.find((id) => !running?.has(id));
  if (missing !== undefined) {
    return statusAnswer(ctx, 'NOT_FOUND', `compaction job not found, tablet_id=${tabletId} id=${missing}`, false);
  }
  for (const id of ids) running?.delete(id);
  return statusAnswer(ctx, 'OK', '', false);
};

export const debugHandlers: Record<string, Handler> = {
  get_tablet_stats: getTabletStats,
  abort_txn: abortTxn,
  abort_tablet_job: abortTabletJob,
};

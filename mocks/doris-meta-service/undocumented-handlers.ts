import type { UnroutedRequest } from '../shared/types.js';
import type { HandlerContext } from './context.js';
import type { SimResponse } from '../shared/types.js';

/**
 * Handlers real Meta Services have that the document does not list (ms-undocumented-handlers; the
 * spec names them in its root `x-undocumented-handlers`). The observed profile answers the argument
 * checks real servers are known to make; anything past them is not modelled and says so.
 */
type UndocumentedHandler = (ctx: HandlerContext, req: UnroutedRequest) => SimResponse;

function notModelled(ctx: HandlerContext, name: string): SimResponse {
  return ctx.reply.error('INTERNAL_ERROR', `contract-kit: the doris-meta-service simulator models only the argument checks of the undocumented handler ${name}`);
}

/** txn_lazy_commit?instance_id=&txn_id=: both are needed. */
const txnLazyCommit: UndocumentedHandler = (ctx, req) => {
  if (!req.query.instance_id || !req.query.txn_id) return ctx.reply.error('INVALID_ARGUMENT', 'instance_id or txn_id is empty');
  return notModelled(ctx, 'txn_lazy_commit');
};

/**
 * update_config?configs=<key>=<value>[,<key>=<value>...]: every key must be a Meta Service config. The
 * simulator knows the configs it models (its settings); any other key is answered as a real server
 * answers a misspelt one.
 */
const updateConfig: UndocumentedHandler = (ctx, req) => {
  const keys = (req.query.configs ?? '').split(',').map((pair) => pair.split('=')[0]!.trim());
  const unknown = keys.find((key) => !Object.hasOwn(ctx.settings, key));
  if (unknown !== undefined) return ctx.reply.error('INVALID_ARGUMENT', `config field=${unknown} not exists`);
  return notModelled(ctx, 'update_config');
};

export const UNDOCUMENTED_HANDLERS: Readonly<Record<string, UndocumentedHandler>> = {
  txn_lazy_commit: txnLazyCommit,
  update_config: updateConfig,
};

import type { SimRequest, SimResponse } from '../shared/types.js';
import type { InstanceRecord } from './model.js';
import type { ProfileRules } from './profile.js';
import type { Responder } from './respond.js';
import type { MetaServiceSettings } from './settings.js';
import type { MetaServiceState } from './state.js';
import { asObject, readNonEmpty, type JsonObject } from './fields.js';

/** What every handler works with. */
export interface HandlerContext {
  state: MetaServiceState;
  rules: ProfileRules;
  reply: Responder;
  /** The server settings (observed profile; see settings.ts). */
  settings: MetaServiceSettings;
  /** Seconds since the epoch, for ctime/mtime. */
  nowSeconds(): number;
  /** Milliseconds since the epoch. */
  nowMs(): number;
}

/** One Meta Service handler (the canonical operationId's behaviour). */
export type Handler = (ctx: HandlerContext, req: SimRequest) => SimResponse;

/** The request body as an object (`{}` when it is not one: observed-profile leniency). */
export function bodyOf(req: SimRequest): JsonObject {
  return asObject(req.body) ?? {};
}

export type InstanceLookup = { instance: InstanceRecord } | { failure: SimResponse };

export function instanceNotFound(ctx: HandlerContext, instanceId: string): SimResponse {
  return ctx.reply.error('NOT_FOUND', `instance not found, instance_id=${instanceId}`);
}

/** ms-drop-not-found / ms-cluster-status-edges (observed): the message real servers give for a cluster to change that is not there. */
export function clusterToUpdateNotFound(ctx: HandlerContext, instanceId: string, clusterId: string, clusterName: string | undefined): SimResponse {
  return ctx.reply.error('INVALID_ARGUMENT', `failed to find cluster to update, instance_id=${instanceId} cluster_id=${clusterId} cluster_name=${clusterName ?? ''}`);
}

/**
 * The live (not dropped) instance a request names: by `instance_id` when given, else by the
 * node `cloud_unique_id`. An unresolvable cloud_unique_id is the document's `empty instance_id`.
 */
export function findInstance(ctx: HandlerContext, body: JsonObject, options: { preferInstanceId: boolean } = { preferInstanceId: true }): InstanceLookup {
  const cloudUniqueId = readNonEmpty(body, 'cloud_unique_id');
  const fromBody = options.preferInstanceId ? readNonEmpty(body, 'instance_id') : undefined;
  const instanceId = fromBody ?? (cloudUniqueId === undefined ? undefined : ctx.state.instanceIdOf(cloudUniqueId));
  if (instanceId === undefined) return { failure: ctx.reply.error('INVALID_ARGUMENT', 'empty instance_id') };
  return liveInstance(ctx, instanceId);
}

/** The instance with this id, unless unknown or dropped. */
export function liveInstance(ctx: HandlerContext, instanceId: string): InstanceLookup {
  const instance = ctx.state.instance(instanceId);
  if (!instance) return { failure: instanceNotFound(ctx, instanceId) };
  if (instance.status === 'DELETED') {
    return { failure: ctx.reply.error('INVALID_ARGUMENT', `instance has been deleted, instance_id=${instanceId}`) };
  }
  return { instance };
}

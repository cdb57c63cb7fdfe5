import { bodyOf, findInstance, instanceNotFound, liveInstance, type Handler } from './context.js';
import { asObject, readEnum, readNonEmpty, readString, type JsonObject } from './fields.js';
import { PROVIDERS, type AkSkUser, type InstanceRecord, type ObjInfoRecord, type Provider } from './model.js';
import { renderInstance } from './render.js';

/** Protobuf numbers of ObjectStoreInfoPB.Provider (ms-lenient-json: enum values may be numbers). */
export const PROVIDER_NUMBERS: Record<number, Provider> = { 0: 'OSS', 1: 'S3', 2: 'COS', 3: 'OBS', 4: 'BOS', 5: 'GCP', 6: 'AZURE' };

/** An object-store info from a request's `obj_info`/`obj` object. */
export function objInfoFrom(source: JsonObject, id: string, now: number): ObjInfoRecord {
  return {
    id,
    ak: readString(source, 'ak') ?? '',
    sk: readString(source, 'sk') ?? '',
    bucket: readString(source, 'bucket') ?? '',
    prefix: readString(source, 'prefix'),
    endpoint: readString(source, 'endpoint') ?? '',
    external_endpoint: readString(source, 'external_endpoint'),
    region: readString(source, 'region') ?? '',
    provider: readEnum(source, 'provider', PROVIDERS, PROVIDER_NUMBERS),
    user_id: readNonEmpty(source, 'user_id'),
    ctime: now,
    mtime: now,
  };
}

export function akSkUserFrom(source: JsonObject | undefined): AkSkUser | undefined {
  const user_id = readNonEmpty(source, 'user_id');
  if (!source || user_id === undefined) return undefined;
  return { user_id, ak: readString(source, 'ak') ?? '', sk: readString(source, 'sk') ?? '' };
}

export function newInstance(instanceId: string, now: number, fields: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    instance_id: instanceId,
    status: 'NORMAL',
    ctime: now,
    mtime: now,
    clusters: [],
    obj_info: [],
    sse_enabled: false,
    enable_storage_vault: false,
    stages: [],
    tablets: new Map(),
    txns: new Map(),
    compactions: new Map(),
    ...fields,
  };
}

/** create_instance: the three documented forms (HDFS vault, object-store vault, legacy obj_info). */
const createInstance: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const instanceId = readNonEmpty(body, 'instance_id');
  if (instanceId === undefined) return ctx.reply.error('INVALID_ARGUMENT', 'instance id not set');
  if (ctx.state.instance(instanceId)) {
    // ms-messages: real servers add the storage lookup's result code.
    const suffix = ctx.rules.observed ? ', err=TXN_OK' : '';
    return ctx.reply.error('ALREADY_EXISTED', `instance already existed, instance_id=${instanceId}${suffix}`);
  }
  const now = ctx.nowSeconds();
  const vault = asObject(body.vault);
  const hdfsInfo = asObject(vault?.hdfs_info);
  const objInfo = asObject(vault?.obj_info) ?? asObject(body.obj_info);
  if (!hdfsInfo && !objInfo) return ctx.reply.error('INVALID_ARGUMENT', 'storage vault or obj_info not set');
  const info = objInfo && objInfoFrom(objInfo, '1', now);
  // ms-instance-shape: every object-store info of a real server has a user_id (`1-userid` when none
  // is given, as the regression suite's update_ak_sk relies on).
  if (info && ctx.rules.observed) info.user_id ??= `${info.id}-userid`;
  ctx.state.addInstance(
    newInstance(instanceId, now, {
      name: readNonEmpty(body, 'name'),
      user_id: readNonEmpty(body, 'user_id'),
      hdfs_info: hdfsInfo ? structuredClone(hdfsInfo) : undefined,
      obj_info: info ? [info] : [],
      ram_user: akSkUserFrom(asObject(body.ram_user)),
      enable_storage_vault: vault !== undefined,
    }),
  );
  return ctx.reply.ok();
};

/** drop_instance: marks the instance DELETED; refused while it has clusters. */
const dropInstance: Handler = (ctx, req) => {
  const instanceId = readNonEmpty(bodyOf(req), 'instance_id');
  if (instanceId === undefined) return ctx.reply.error('INVALID_ARGUMENT', 'empty instance_id');
  const found = liveInstance(ctx, instanceId);
  if ('failure' in found) return found.failure;
  if (found.instance.clusters.length > 0) return ctx.reply.error('INVALID_ARGUMENT', 'failed to drop instance, instance has clusters');
  found.instance.status = 'DELETED';
  found.instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

/**
 * get_instance: by the instance_id query parameter (observed: or the instance a cloud_unique_id
 * names); a dropped instance is shown with status DELETED.
 */
const getInstance: Handler = (ctx, req) => {
  // ms-get-instance-error-result: real servers' errors still carry an empty result.
  const errorResult = ctx.rules.observed ? {} : undefined;
  const cloudUniqueId = req.query.cloud_unique_id ?? '';
  const instanceId = req.query.instance_id || (ctx.rules.observed && cloudUniqueId !== '' ? (ctx.state.instanceIdOf(cloudUniqueId) ?? cloudUniqueId) : '');
  // ms-messages.
  if (ctx.rules.observed && instanceId === '') return ctx.reply.error('INVALID_ARGUMENT', 'empty instance_id and cloud_unique_id', errorResult);
  if (!/^[0-9a-zA-Z_-]+$/.test(instanceId)) return ctx.reply.error('INVALID_ARGUMENT', 'empty instance_id', errorResult);
  const instance = ctx.state.instance(instanceId);
  if (!instance) {
    // ms-not-found-500.
    return ctx.rules.observed
      ? ctx.reply.error('INTERNAL_ERROR', `failed to get instance, info=instance_id=${instanceId}`, errorResult)
      : instanceNotFound(ctx, instanceId);
  }
  return ctx.reply.ok(renderInstance(instance, { omitDefaults: ctx.rules.observed, serverShape: ctx.rules.observed }));
};

const OPS = ['SET_NORMAL', 'SET_OVERDUE'] as const;
const STATUS_OF_OP = { SET_NORMAL: 'NORMAL', SET_OVERDUE: 'OVERDUE' } as const;

/** set_instance_status: NORMAL or OVERDUE. */
const setInstanceStatus: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const op = readEnum(body, 'op', OPS);
  // ms-set-instance-status: the server reads a missing/unknown op as 0.
  if (op === undefined) return ctx.reply.error('INVALID_ARGUMENT', 'invalid request op, op=0');
  const instanceId = readNonEmpty(body, 'instance_id') ?? '';
  const instance = ctx.state.instance(instanceId);
  if (!instance) return ctx.reply.error('NOT_FOUND', `instance not existed, instance_id=${instanceId}`);
  if (instance.status === 'DELETED') return ctx.reply.error('INVALID_ARGUMENT', `instance has been deleted, instance_id=${instanceId}`);
  const wanted = STATUS_OF_OP[op];
  if (instance.status === wanted) {
    return ctx.reply.error('INVALID_ARGUMENT', `instance status is already ${wanted}, instance_id=${instanceId}`);
  }
  instance.status = wanted;
  instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

/** enable_instance_sse: once; get_instance then shows sse_enabled on the instance and its object-store infos. */
const enableInstanceSse: Handler = (ctx, req) => {
  const found = findInstance(ctx, bodyOf(req));
  if ('failure' in found) return found.failure;
  const { instance } = found;
  if (instance.sse_enabled) return ctx.reply.error('INVALID_ARGUMENT', 'failed to enable sse, instance has enabled sse');
  instance.sse_enabled = true;
  for (const info of instance.obj_info) info.sse_enabled = true;
  instance.mtime = ctx.nowSeconds();
  return ctx.reply.ok();
};

export const instanceHandlers: Record<string, Handler> = {
  create_instance: createInstance,
  drop_instance: dropInstance,
  get_instance: getInstance,
  set_instance_status: setInstanceStatus,
  enable_instance_sse: enableInstanceSse,
};

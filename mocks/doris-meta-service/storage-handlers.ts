import { bodyOf, findInstance, liveInstance, type Handler } from './context.js';
import { asObject, readArray, readNonEmpty, readString } from './fields.js';
import { akSkUserFrom, objInfoFrom } from './instance-handlers.js';
import { MAX_OBJ_INFO_BYTES, MAX_OBJ_INFOS, type AkSkUser } from './model.js';
import { renderObjInfo } from './render.js';

const AK_SK_UNCHANGED = 'ak sk eq original, please check it';

/** get_obj_store_info: the object-store infos of the instance a node belongs to. */
const getObjStoreInfo: Handler = (ctx, req) => {
  const found = findInstance(ctx, bodyOf(req), { preferInstanceId: false });
  if ('failure' in found) return found.failure;
  const result: Record<string, unknown> = { obj_info: found.instance.obj_info.map((info) => renderObjInfo(info)) };
  // ms-obj-store-status: the protobuf response's status rides along in result.
  if (ctx.rules.observed) result.status = { code: 'OK', msg: '' };
  return ctx.reply.ok(result);
};

/**
 * update_ak_sk: rotates the AK/SK of bucket users (object-store infos found by user_id) and of the
 * RAM user. All or nothing: any unknown user_id or unchanged AK/SK fails the whole request.
 */
const updateAkSk: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const instanceId = readNonEmpty(body, 'instance_id');
  if (instanceId === undefined) return ctx.reply.error('INVALID_ARGUMENT', 'empty instance_id');
  const found = liveInstance(ctx, instanceId);
  if ('failure' in found) return found.failure;
  const { instance } = found;
  const bucketUsers = readArray(body, 'internal_bucket_user').map((u) => akSkUserFrom(asObject(u)));
  const ramUser = akSkUserFrom(asObject(body.ram_user));
  if (bucketUsers.length === 0 && !ramUser) return ctx.reply.error('INVALID_ARGUMENT', 'nothing to update, internal_bucket_user and ram_user are empty');
  const updates: Array<{ target: { ak: string; sk: string; mtime?: number }; next: AkSkUser }> = [];
  for (const user of bucketUsers) {
    if (!user) return ctx.reply.error('INVALID_ARGUMENT', 'internal_bucket_user needs user_id, ak and sk');
    const infos = instance.obj_info.filter((info) => info.user_id === user.user_id);
    if (infos.length === 0) return ctx.reply.error('INVALID_ARGUMENT', `user_id not found, user_id=${user.user_id}`);
    for (const info of infos) updates.push({ target: info, next: user });
  }
  if (ramUser) {
    if (!instance.ram_user || instance.ram_user.user_id !== ramUser.user_id) return ctx.reply.error('INVALID_ARGUMENT', `user_id not found, user_id=${ramUser.user_id}`);
    updates.push({ target: instance.ram_user, next: ramUser });
  }
  // "Calling it again with the same parameters fails": an AK/SK equal to the current one is refused.
  if (updates.some(({ target, next }) => target.ak === next.ak && target.sk === next.sk)) {
    return ctx.reply.error('INVALID_ARGUMENT', AK_SK_UNCHANGED);
  }
  const now = ctx.nowSeconds();
  for (const { target, next } of updates) {
    target.ak = next.ak;
    target.sk = next.sk;
    if ('mtime' in target) target.mtime = now;
  }
  instance.mtime = now;
  return ctx.reply.ok();
};

/** legacy_update_ak_sk: rotates one object-store info found by its id ("1".."10"). */
const legacyUpdateAkSk: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const found = findInstance(ctx, body, { preferInstanceId: false });
  if ('failure' in found) return found.failure;
  const obj = asObject(body.obj);
  const id = readString(obj, 'id') ?? '';
  const info = found.instance.obj_info.find((candidate) => candidate.id === id);
  if (!info) return ctx.reply.error('INVALID_ARGUMENT', `obj info id not found, id=${id}`);
  const ak = readString(obj, 'ak') ?? '';
  const sk = readString(obj, 'sk') ?? '';
  if (ak === '' || sk === '') return ctx.reply.error('INVALID_ARGUMENT', 'ak or sk is empty');
  if (info.ak === ak && info.sk === sk) return ctx.reply.error('INVALID_ARGUMENT', AK_SK_UNCHANGED);
  info.ak = ak;
  info.sk = sk;
  info.mtime = ctx.nowSeconds();
  found.instance.mtime = info.mtime;
  return ctx.reply.ok();
};

const REQUIRED_OBJ_FIELDS = ['ak', 'sk', 'bucket', 'endpoint', 'region'];

/** add_obj_info: at most 10 infos per instance, each at most 1024 bytes of JSON. */
const addObjInfo: Handler = (ctx, req) => {
  const body = bodyOf(req);
  const found = findInstance(ctx, body, { preferInstanceId: false });
  if ('failure' in found) return found.failure;
  const { instance } = found;
  const obj = asObject(body.obj);
  const complete = obj !== undefined && REQUIRED_OBJ_FIELDS.every((key) => readNonEmpty(obj, key) !== undefined);
  if (!obj || !complete || Buffer.byteLength(JSON.stringify(obj)) > MAX_OBJ_INFO_BYTES) {
    return ctx.reply.error('INVALID_ARGUMENT', 's3 conf info err, please check it');
  }
  if (instance.obj_info.length >= MAX_OBJ_INFOS) {
    return ctx.reply.error('INVALID_ARGUMENT', `obj info num exceeds the limit ${MAX_OBJ_INFOS}`);
  }
  const now = ctx.nowSeconds();
  const info = objInfoFrom(obj, String(instance.obj_info.length + 1), now);
  if (instance.sse_enabled) info.sse_enabled = true;
  instance.obj_info.push(info);
  instance.mtime = now;
  return ctx.reply.ok();
};

export const storageHandlers: Record<string, Handler> = {
  get_obj_store_info: getObjStoreInfo,
  update_ak_sk: updateAkSk,
  legacy_update_ak_sk: legacyUpdateAkSk,
  add_obj_info: addObjInfo,
};

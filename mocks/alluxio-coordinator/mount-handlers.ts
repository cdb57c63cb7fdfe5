import type { SimRequest, SimResponse } from '../shared/types.js';
import { whenDisabled } from './features.js';
import { asDirectory, type MountPoint } from './mounts.js';
import { asBody, text } from './request-body.js';
import { json, ok, requiredParametersMissing, statusAnswer } from './respond.js';
import type { Handler, SimContext } from './state.js';

/** Spec AxMountPoint: empty options are omitted. */
function mountView(point: MountPoint): Record<string, unknown> {
  const { path, ufs, options } = point;
  return Object.keys(options).length > 0 ? { path, ufs, options: { ...options } } : { path, ufs };
}

/** Only string-valued options are kept; the spec's AxMountOptions maps names to strings. */
function mountOptions(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asBody(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function queryMountPoints(req: SimRequest, ctx: SimContext): SimResponse {
  const { mounts } = ctx.state;
  if (req.variant === 'list') return json(200, { results: mounts.list().map(mountView) });
  const path = req.query.path ?? '';
  const point = mounts.get(path);
  return point ? json(200, mountView(point)) : statusAnswer(404, `No mount point found for path: ${asDirectory(path)}`);
}

function createMountPoint(req: SimRequest, ctx: SimContext): SimResponse {
  const disabled = whenDisabled(ctx.state.features, 'mount-api');
  if (disabled) return disabled;
  const body = asBody(req.body);
  const path = text(body, 'path');
  const ufs = text(body, 'ufs');
  if (path === undefined || ufs === undefined) return requiredParametersMissing();
  const conflict = ctx.state.mounts.mount(path, ufs, mountOptions(body.options));
  if (!conflict) return ok();
  switch (conflict.kind) {
    case 'path-mounted':
      return statusAnswer(409, `Path ${conflict.existing.path} is already mounted to ${conflict.existing.ufs}`);
    case 'ufs-mounted':
      return statusAnswer(409, `UFS ${conflict.existing.ufs} is already mounted at ${conflict.existing.path}`);
    case 'state-full':
      return statusAnswer(500, conflict.message);
    case 'table-full':
      return statusAnswer(500, `The mount table is full (${conflict.limit} mount points)`);
  }
}

function deleteMountPoint(req: SimRequest, ctx: SimContext): SimResponse {
  const disabled = whenDisabled(ctx.state.features, 'mount-api');
  if (disabled) return disabled;
  const path = text(asBody(req.body), 'path');
  if (path === undefined) return requiredParametersMissing();
  return ctx.state.mounts.unmount(path) ? ok() : statusAnswer(410, `Path ${asDirectory(path)} is not mounted to any UFS`);
}

export const MOUNT_HANDLERS: Record<string, Handler> = {
  query_mount_points: queryMountPoints,
  create_mount_point: createMountPoint,
  delete_mount_point: deleteMountPoint,
};

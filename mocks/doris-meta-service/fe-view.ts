import type { SimRequest, SimResponse } from '../shared/types.js';
import type { HandlerContext } from './context.js';
import type { BackendReport, InstanceRecord } from './model.js';
import type { MetaServiceState } from './state.js';

/** A BE the FE has not heard from yet: ports -1, no fragments (the document's sample). */
const NOT_REPORTED: BackendReport = { bePort: -1, httpPort: -1, brpcPort: -1, currentFragmentNum: 0, lastFragmentUpdateTime: 0 };

export interface FeViewOptions {
  /** FE user → password (HTTP Basic); default `{ root: '' }` as in the document's `curl -u root:`. */
  users: Record<string, string>;
  /** The instance the FE belongs to; default: the oldest live instance with a SQL cluster. */
  instanceId?: string;
}

function feInstance(state: MetaServiceState, instanceId: string | undefined): InstanceRecord | undefined {
  const live = [...state.allInstances()].filter((i) => i.status !== 'DELETED');
  if (instanceId !== undefined) return live.find((i) => i.instance_id === instanceId);
  return live.find((i) => i.clusters.some((c) => c.type === 'SQL'));
}

/** The FE's Basic-auth check; the failure data follows the FE's messages. */
function authFailure(authorization: string | undefined, users: Record<string, string>): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return 'Need auth information.';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'Need auth information.';
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (!Object.hasOwn(users, user) || users[user] !== password) {
    return `Access denied for user '${user}' (using password: ${password === '' ? 'NO' : 'YES'})`;
  }
  return undefined;
}

/** FE `GET /rest/v2/manager/cluster/cluster_info/cloud_cluster_status`: compute cluster id → its BEs. */
export function cloudClusterStatus(ctx: HandlerContext, req: SimRequest, options: FeViewOptions): SimResponse {
  const denied = authFailure(req.headers.authorization, options.users);
  if (denied !== undefined) {
    // fe-envelope-200 (observed on the same FE framework): every outcome is HTTP 200.
    return { status: ctx.rules.observed ? 200 : 401, body: { msg: 'Unauthorized', code: 401, data: denied, count: 0 } };
  }
  const data: Record<string, unknown[]> = {};
  for (const cluster of feInstance(ctx.state, options.instanceId)?.clusters ?? []) {
    if (cluster.type !== 'COMPUTE') continue;
    data[cluster.cluster_id] = cluster.nodes.map((node) => ({
      host: node.host ?? node.ip,
      heartbeatPort: node.heartbeat_port ?? -1,
      ...(node.report ?? NOT_REPORTED),
    }));
  }
  return { status: 200, body: { msg: 'success', code: 0, data, count: 0 } };
}

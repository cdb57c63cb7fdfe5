import type { Profile, RequestProblem, SimRequest, SimResponse, SimulatorOptions, StatefulSimulator, UnroutedRequest } from '../shared/types.js';
import { clusterStatusHandlers } from './cluster-status.js';
import { clusterHandlers } from './cluster-handlers.js';
import type { Handler, HandlerContext } from './context.js';
import { debugHandlers } from './debug-handlers.js';
import { decodeKey } from './decode-key.js';
import { cloudClusterStatus, type FeViewOptions } from './fe-view.js';
import { instanceHandlers } from './instance-handlers.js';
import { observedRefusal } from './observed-rejections.js';
import { storageHandlers } from './storage-handlers.js';
import type { CompactionSeed, TabletStatsRecord, TxnRecord } from './model.js';
import { codeForHttpStatus, profileRules } from './profile.js';
import { createResponder, invalidArgument, tokenRejection } from './respond.js';
import { applyScenarioTo, isScenarioName, SCENARIOS } from './scenarios.js';
import { DEFAULT_MAX_INSTANCES, MetaServiceState } from './state.js';
import { renderInstance } from './render.js';
import { META_SERVICE_SETTINGS } from './settings.js';
import { UNDOCUMENTED_HANDLERS } from './undocumented-handlers.js';
import { documentedUsers } from '../shared/descriptor.js';
import { resolveSettings } from '../shared/settings.js';

/** Handlers whose requests the state keeps (in part): their bytes count against the state budget. */
const STORING_HANDLERS: ReadonlySet<string> = new Set([
  'create_instance',
  'add_obj_info',
  'update_ak_sk',
  'legacy_update_ak_sk',
  'add_cluster',
  'add_node',
  'rename_cluster',
  'update_cluster_mysql_user_name',
]);

export { META_SERVICE_SETTINGS } from './settings.js';
export { UNDOCUMENTED_HANDLERS } from './undocumented-handlers.js';
import { descriptor } from './descriptor.js';
import { exportMsState, importMsState, type MetaServiceStateDocument } from './state-document.js';
export { SEEDED_INSTANCE_ID } from './fixtures.js';
export { SCENARIOS, type ScenarioName as MetaServiceScenarioName } from './scenarios.js';
export { msExamplesState, type MetaServiceInstanceDocument, type MetaServiceStateDocument } from './state-document.js';
export type { ClusterRecord, InstanceRecord, NodeRecord, ObjInfoRecord, TabletStatsRecord, TxnRecord } from './model.js';

/** The token of the documents' examples (and the Meta Service's default `http_token`), from its descriptor. */
export const DEFAULT_TOKEN: string = descriptor.credentials.token;
const FE_OPERATION = 'cloud_cluster_status';

export interface MetaServiceSimulatorOptions extends SimulatorOptions {
  /** The token every Meta Service call must carry; default DEFAULT_TOKEN (the documents' examples). */
  token?: string;
  /** Bound on stored instances; the oldest are evicted beyond it. Default 10 000. */
  maxInstances?: number;
  /** FE users for the FE cloud_cluster_status endpoint; default `{ root: '' }`. */
  feUsers?: Record<string, string>;
  /** The instance whose compute clusters the FE endpoint shows; default the oldest with a SQL cluster. */
  feInstanceId?: string;
}

export interface MetaServiceSimulator extends StatefulSimulator<MetaServiceStateDocument> {
  /** get_instance's view of an instance (documented rendering), or undefined. */
  instance(instanceId: string): Record<string, unknown> | undefined;
  readonly instanceCount: number;
  /** Seed the debugging objects no documented handler creates. Throw for an unknown instance. */
  seedTablet(instanceId: string, stats: TabletStatsRecord): void;
  seedTxn(instanceId: string, txn: TxnRecord): void;
  seedCompactionJob(instanceId: string, job: CompactionSeed): void;
}

const HANDLERS: Record<string, Handler> = {
  ...instanceHandlers,
  ...storageHandlers,
  ...clusterHandlers,
  ...clusterStatusHandlers,
  ...debugHandlers,
  decode_key: decodeKey,
};

/** `/MetaService/http/[v1/]<name>` → `<name>`. */
function handlerName(path: string): string | undefined {
  return /^\/MetaService\/http\/(?:v1\/)?([^/]+)$/.exec(path)?.[1];
}

/**
 * The Doris cloud Meta Service HTTP API (plus the FE cloud_cluster_status view it documents).
 * Documented profile: the spec's reading (every envelope answer HTTP 200, token rejection a JSON
 * 403). Observed profile: real servers (the spec's `x-observed` `ms-*` entries).
 */
export function createMetaServiceSimulator(options: MetaServiceSimulatorOptions = {}): MetaServiceSimulator {
  const profile: Profile = options.profile ?? 'documented';
  const rules = profileRules(profile);
  const reply = createResponder(rules);
  const clock = options.clock ?? { now: () => Date.now() };
  const token = options.token ?? DEFAULT_TOKEN;
  const feView: FeViewOptions = { users: { ...(options.feUsers ?? documentedUsers(descriptor.credentials)) }, instanceId: options.feInstanceId };
  const maxInstances = options.maxInstances ?? DEFAULT_MAX_INSTANCES;
  const settings = resolveSettings('doris-meta-service', META_SERVICE_SETTINGS, options.settings);
  let state = new MetaServiceState(maxInstances);

  const context = (): HandlerContext => ({
    state,
    rules,
    reply,
    settings,
    nowMs: () => clock.now(),
    nowSeconds: () => Math.floor(clock.now() / 1000),
  });

  /** The token check every Meta Service handler makes first. */
  function tokenProblem(query: Record<string, string>): SimResponse | undefined {
    const given = query.token;
    return given === token && !state.tokenRotated ? undefined : tokenRejection(rules, given);
  }

  /**
   * ms-content-type-ignored, ms-content-type-echo: real servers label every answer with the
   * request's Content-Type, text answers included, and send none when the request had none
   * (an empty content-type tells the adapters to send no header).
   */
  function echoContentType(req: { headers: Record<string, string> }, response: SimResponse): SimResponse {
    if (!rules.observed) return response;
    return { ...response, headers: { ...response.headers, 'content-type': req.headers['content-type'] ?? '' } };
  }

  function run(name: string, req: SimRequest): SimResponse {
    const ctx = context();
    if (name === FE_OPERATION) return cloudClusterStatus(ctx, req, feView);
    const rejected = tokenProblem(req.query);
    if (rejected) return rejected;
    if (state.internalErrors) return reply.error('INTERNAL_ERROR', 'failed to access the meta store, scenario internal-errors');
    const handler = HANDLERS[name];
    if (!handler) return reply.error('NOT_FOUND', `no handler ${name}`);
    if (!STORING_HANDLERS.has(name)) return handler(ctx, req);
    // What a request stores is charged to its instance in bytes: a count bound alone let 8 MB
    // bodies exhaust the heap of every mock in the process.
    const bytes = req.rawBody.length;
    const key = instanceKeyOf(req.body);
    if (!state.budget.fits(state.budget.chargedTo(key) + bytes, key)) return reply.error('INVALID_ARGUMENT', state.budget.refusal(bytes));
    const response = handler(ctx, req);
    if ((response.body as { code?: string } | undefined)?.code === 'OK') state.chargeInstance(key, bytes);
    return response;
  }

  /** The instance a stored request belongs to (by id, else by a node's cloud_unique_id). */
  function instanceKeyOf(body: unknown): string {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as { instance_id?: unknown; cloud_unique_id?: unknown };
    if (typeof fields.instance_id === 'string' && fields.instance_id !== '') return fields.instance_id;
    if (typeof fields.cloud_unique_id === 'string') return state.instanceIdOf(fields.cloud_unique_id) ?? fields.cloud_unique_id;
    return '';
  }

  function rejectInvalid(req: SimRequest, problems: RequestProblem[]): SimResponse | undefined {
    const refused = refusal(req, problems);
    return refused && req.operationId !== FE_OPERATION ? echoContentType(req, refused) : refused;
  }

  function refusal(req: SimRequest, problems: RequestProblem[]): SimResponse | undefined {
    if (req.operationId !== FE_OPERATION) {
      const rejected = tokenProblem(req.query);
      if (rejected) return rejected;
    }
    if (rules.observed) {
      const refusal = observedRefusal(req, problems);
      return refusal === undefined ? undefined : reply.error('INVALID_ARGUMENT', refusal);
    }
    const detail = problems.map((p) => p.message).join('; ');
    return invalidArgument(reply, req.operationId, req.operationId === 'decode_key' ? `key=${req.query.key ?? ''}: ${detail}` : detail);
  }

  function unrouted(req: UnroutedRequest, name: string | undefined): SimResponse {
    if (req.reason.kind === 'no-path') {
      if (!rules.observed) return { status: 404, body: { code: 'NOT_FOUND', msg: `no handler for ${req.path}` } };
      // ms-token-first: the token is checked before the handler is looked up.
      const rejected = name === undefined ? undefined : tokenProblem(req.query);
      if (rejected) return rejected;
      const undocumented = name === undefined ? undefined : UNDOCUMENTED_HANDLERS[name];
      if (undocumented) return undocumented(context(), req);
      // ms-unknown-path (newer builds): plain-text 404.
      return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'http path not found or not allowed' };
    }
    // A body no documented form matches: real servers run the handler anyway (ms-lenient-json).
    if (rules.observed && name !== undefined) {
      const simRequest: SimRequest = { ...req, operationId: name, variant: 'default' };
      return refusal(simRequest, []) ?? run(name, simRequest);
    }
    const rejected = name === undefined ? undefined : tokenProblem(req.query);
    if (rejected) return rejected;
    if (req.reason.kind === 'method-not-allowed') {
      return { status: 405, headers: { allow: req.reason.allowed.join(', ') }, body: { code: 'INVALID_ARGUMENT', msg: `method ${req.method} not allowed, use ${req.reason.allowed.join(' or ')}` } };
    }
    const canonical = name ?? req.reason.operationId;
    return invalidArgument(reply, canonical, `the request matches none of the documented forms of ${canonical}`);
  }

  function instanceFor(id: string) {
    const instance = state.instance(id);
    if (!instance) throw new Error(`doris-meta-service simulator: no instance ${id}`);
    return instance;
  }

  return {
    api: 'doris-meta-service',
    profile,
    // ms-method-ignored, ms-doc-post: real servers never check the method.
    ignoresMethod: rules.observed,
    settingSpecs: META_SERVICE_SETTINGS,
    scenarios: SCENARIOS,

    handle: (req) => (req.operationId === FE_OPERATION ? run(req.operationId, req) : echoContentType(req, run(req.operationId, req))),

    rejectInvalid,

    rejectUnrouted(req: UnroutedRequest): SimResponse {
      const name = handlerName(req.path);
      return name === undefined ? unrouted(req, name) : echoContentType(req, unrouted(req, name));
    },

    errorResponse(status: number, message: string): SimResponse {
      return { status, body: { code: codeForHttpStatus(status), msg: message } };
    },

    applyScenario(name: string): void {
      if (!isScenarioName(name)) {
        throw new Error(`unknown doris-meta-service scenario '${name}'; known: ${Object.keys(SCENARIOS).join(', ')}`);
      }
      applyScenarioTo(state, name);
    },

    reset(): void {
      state.dispose();
      state = new MetaServiceState(maxInstances);
    },

    exportState: () => exportMsState(state),
    importState(document: MetaServiceStateDocument): void {
      const next = importMsState(document, maxInstances, Math.floor(clock.now() / 1000));
      // An imported instance is charged what its document holds, so a seed or a per-request
      // scenario's put-back keeps the byte budget honest.
      for (const instance of document.instances) next.chargeInstance(instance.instance_id, JSON.stringify(instance).length);
      state.dispose();
      state = next;
    },

    instance(instanceId: string) {
      const instance = state.instance(instanceId);
      return instance ? renderInstance(instance, { omitDefaults: false }) : undefined;
    },

    get instanceCount() {
      return state.instanceCount;
    },

    seedTablet(instanceId, stats) {
      instanceFor(instanceId).tablets.set(String(stats.tablet_id), { ...stats });
    },
    seedTxn(instanceId, txn) {
      instanceFor(instanceId).txns.set(txn.txn_id, { ...txn });
    },
    seedCompactionJob(instanceId, job) {
      const compactions = instanceFor(instanceId).compactions;
      const running = compactions.get(job.tablet_id) ?? new Set<string>();
      running.add(job.id);
      compactions.set(job.tablet_id, running);
    },
  };
}

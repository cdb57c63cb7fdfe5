import { StateDocumentError } from '../shared/types.js';
import { seededInstance } from './fixtures.js';
import { newInstance } from './instance-handlers.js';
import type { CompactionSeed, InstanceRecord, TabletStatsRecord, TxnRecord } from './model.js';
import { MetaServiceState } from './state.js';

/** An instance as data: the record, with its tablet, transaction and compaction maps as lists. */
export type MetaServiceInstanceDocument = Omit<InstanceRecord, 'tablets' | 'txns' | 'compactions' | 'status' | 'ctime' | 'mtime' | 'clusters' | 'obj_info' | 'sse_enabled' | 'enable_storage_vault' | 'stages'> &
  Partial<Pick<InstanceRecord, 'status' | 'ctime' | 'mtime' | 'clusters' | 'obj_info' | 'sse_enabled' | 'enable_storage_vault' | 'stages'>> & {
    tablets?: TabletStatsRecord[];
    txns?: TxnRecord[];
    /** Running compaction jobs (abort_tablet_job aborts them). */
    compactions?: CompactionSeed[];
  };

/**
 * The Meta Service simulator's state as data (schema `specs/state/doris-meta-service.schema.json`):
 * instances with their clusters, nodes, object-store infos and debugging objects, and the
 * switches the scenarios `internal-errors` and `token-rotated` set.
 */
export interface MetaServiceStateDocument {
  instances: MetaServiceInstanceDocument[];
  failures?: { internalErrors?: boolean; tokenRotated?: boolean };
}

export function exportMsState(state: MetaServiceState): Required<MetaServiceStateDocument> {
  const instances = [...state.allInstances()].map((instance): MetaServiceInstanceDocument => {
    const { tablets, txns, compactions, ...record } = instance;
    return {
      ...structuredClone(record),
      tablets: [...tablets.values()].map((stats) => ({ ...stats })),
      txns: [...txns.values()].map((txn) => ({ ...txn })),
      compactions: [...compactions].flatMap(([tabletId, ids]) => [...ids].map((id) => ({ tablet_id: tabletId, id }))),
    };
  });
  return { instances, failures: { internalErrors: state.internalErrors, tokenRotated: state.tokenRotated } };
}

/**
 * A new store from a document that passed the schema. Throws StateDocumentError for what the
 * schema cannot see: an instance, cluster or node id used twice (cloud_unique_id is unique across
 * instances, as node lookups need), or more instances than the simulator keeps.
 */
export function importMsState(document: MetaServiceStateDocument, maxInstances: number, nowSeconds: number): MetaServiceState {
  if (document.instances.length > maxInstances) {
    throw new StateDocumentError('/instances', `${document.instances.length} instances, more than the ${maxInstances} this simulator keeps`);
  }
  const state = new MetaServiceState(maxInstances);
  const nodeIds = new Set<string>();
  document.instances.forEach((doc, i) => {
    const at = `/instances/${i}`;
    if (state.instance(doc.instance_id)) throw new StateDocumentError(`${at}/instance_id`, `instance ${doc.instance_id} is listed twice`);
    const { tablets = [], txns = [], compactions = [], ...record } = structuredClone(doc);
    const clusterIds = new Set<string>();
    (record.clusters ?? []).forEach((cluster, c) => {
      if (clusterIds.has(cluster.cluster_id)) throw new StateDocumentError(`${at}/clusters/${c}/cluster_id`, `cluster ${cluster.cluster_id} is listed twice`);
      clusterIds.add(cluster.cluster_id);
      // What a hand-written seed may leave out: the defaults add_cluster gives.
      cluster.mysql_user_name ??= [];
      cluster.cluster_status ??= 'NORMAL';
      cluster.nodes.forEach((node, n) => {
        node.ctime ??= nowSeconds;
        node.mtime ??= nowSeconds;
        if (nodeIds.has(node.cloud_unique_id)) {
          throw new StateDocumentError(`${at}/clusters/${c}/nodes/${n}/cloud_unique_id`, `node ${node.cloud_unique_id} is registered twice`);
        }
        nodeIds.add(node.cloud_unique_id);
      });
    });
    const instance: InstanceRecord = {
      status: 'NORMAL',
      ctime: nowSeconds,
      mtime: nowSeconds,
      clusters: [],
      sse_enabled: false,
      // A seed written by hand names its storage as the current forms do (a vault).
      enable_storage_vault: true,
      stages: [],
      ...record,
      obj_info: (record.obj_info ?? []).map((info) => ({ ...info, ctime: info.ctime ?? nowSeconds, mtime: info.mtime ?? nowSeconds })),
      tablets: new Map(tablets.map((stats) => [String(stats.tablet_id), stats])),
      txns: new Map(txns.map((txn) => [txn.txn_id, txn])),
      compactions: new Map(),
    };
    for (const job of compactions) {
      const running = instance.compactions.get(job.tablet_id) ?? new Set<string>();
      running.add(job.id);
      instance.compactions.set(job.tablet_id, running);
    }
    state.addInstance(instance);
  });
  state.internalErrors = document.failures?.internalErrors ?? false;
  state.tokenRotated = document.failures?.tokenRotated ?? false;
  return state;
}

/**
 * Everything the document's examples name: regression_instance0 with its clusters, nodes, storage,
 * tablet and transactions, and `test-instance`, the id the get_instance request sample asks for
 * (its answer shows regression_instance0; x-doc-quirks of get_instance).
 */
export function msExamplesState(): Required<MetaServiceStateDocument> {
  const state = new MetaServiceState(2);
  state.addInstance(seededInstance());
  state.addInstance(newInstance('test-instance', 1669260437, { name: 'test-instance', user_id: 'gavin-user-id' }));
  return exportMsState(state);
}

import { JobError, KlCode } from '../outcome.js';
import { requireNumber, requireText } from '../paras.js';
import { findStorageNode, instanceStatus, type Cluster, type KlState, type StorageNode } from '../state.js';
import type { JobHandlers } from './types.js';

/** The cluster queries (document sections 6.4-6.6): synchronous, answered from the state. */

function clusterByName(state: KlState, name: string): Cluster {
  for (const cluster of state.clusters.values()) if (cluster.name === name) return cluster;
  throw new JobError(KlCode.CLUSTER_NOT_FOUND, `cluster_name ${name} is not exists`);
}

/** Storage variables get_variable knows, derived from the cluster's creation paras. */
function storageVariable(cluster: Cluster, node: StorageNode, variable: string): string | undefined {
  switch (variable) {
    case 'innodb_buffer_pool_size':
      return String(cluster.innodbSizeMb * 1024 * 1024);
    case 'max_connections':
      return String(cluster.maxConnections);
    case 'port':
      return String(node.port);
    case 'server_id':
      return String(node.id);
    case 'read_only':
      return node.master ? 'OFF' : 'ON';
    default:
      return undefined;
  }
}

export const clusterQueryHandlers: JobHandlers = {
  get_cluster_summary: {
    mode: 'sync',
    answer(_paras, { state }) {
      return {
        list_cluster: [...state.clusters.values()].map((cluster) => ({
          name: cluster.name,
          nick_name: cluster.nickName,
          shards: String(cluster.shards.length),
          comps: String(cluster.comps.length),
        })),
      };
    },
  },

  get_cluster_detail: {
    mode: 'sync',
    answer(paras, { state }) {
      const cluster = clusterByName(state, requireText(paras, 'cluster_name'));
      // The ids are not in the document's sample; they are added (the schema allows more keys)
      // because delete_shard, delete_comp and friends need them.
      return {
        cluster_id: String(cluster.id),
        cluster_name: cluster.name,
        nick_name: cluster.nickName,
        shards: String(cluster.shards.length),
        comps: String(cluster.comps.length),
        list_comp: cluster.comps.map((comp) => ({
          comp_id: String(comp.id),
          comp_name: comp.name,
          hostaddr: comp.hostaddr,
          port: String(comp.port),
          status: instanceStatus(state, comp.hostaddr, 'computer'),
        })),
        list_shard: cluster.shards.map((shard) => ({
          shard_id: String(shard.id),
          shard_name: shard.name,
          nodes: String(shard.nodes.length),
          list_node: shard.nodes.map((node) => ({
            node_id: String(node.id),
            hostaddr: node.hostaddr,
            port: String(node.port),
            master: String(node.master),
            status: instanceStatus(state, node.hostaddr, 'storage'),
          })),
        })),
      };
    },
  },

  get_variable: {
    mode: 'sync',
    answer(paras, { state }) {
      const hostaddr = requireText(paras, 'hostaddr');
      const port = requireNumber(paras, 'port');
      const variable = requireText(paras, 'variable');
      const found = findStorageNode(state, hostaddr, port);
      if (!found) throw new JobError(KlCode.INSTANCE_NOT_FOUND, `no storage node listens on ${hostaddr}:${port}`);
      const value = storageVariable(found.cluster, found.node, variable);
      return value === undefined ? { result: 'false', value: '' } : { result: 'true', value };
    },
  },
};

import { JobError, KlCode, succeeded } from '../outcome.js';
import { requireText } from '../paras.js';
import type { JobHandlers } from './types.js';

/** The cluster_mgr Raft group: raft_mission tasks (document sections 10-12). */

const PEER = /^[^\s:]+:[0-9]+$/;

function requirePeer(paras: Record<string, unknown>, key: string): string {
  const peer = requireText(paras, key);
  if (!PEER.test(peer)) throw new JobError(KlCode.BAD_PARAS, `paras.${key} must be <ip>:<port>, got '${peer}'`);
  return peer;
}

export const raftHandlers: JobHandlers = {
  raft_mission_transfer_leader: {
    mode: 'async',
    run(paras, { state }) {
      const target = requirePeer(paras, 'target_leader');
      if (!state.raft.peers.includes(target)) throw new JobError(KlCode.RAFT_PEER, `${target} is not a peer of the cluster_mgr group`);
      state.raft.leader = target;
      return succeeded('OK');
    },
  },

  raft_mission_add_peer: {
    mode: 'async',
    run(paras, { state }) {
      const peer = requirePeer(paras, 'peer');
      // Adding a member again is a no-op in Raft, not an error.
      if (!state.raft.peers.includes(peer)) state.raft.peers.push(peer);
      return succeeded('OK');
    },
  },

  raft_mission_remove_peer: {
    mode: 'async',
    run(paras, { state }) {
      const peer = requirePeer(paras, 'peer');
      if (!state.raft.peers.includes(peer)) throw new JobError(KlCode.RAFT_PEER, `${peer} is not a peer of the cluster_mgr group`);
      if (peer === state.raft.leader) throw new JobError(KlCode.RAFT_PEER, `${peer} is the leader; transfer_leader first`);
      state.raft.peers = state.raft.peers.filter((p) => p !== peer);
      return succeeded('OK');
    },
  },
};

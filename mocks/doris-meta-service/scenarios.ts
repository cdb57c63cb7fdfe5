import { MAX_OBJ_INFOS } from './model.js';
import { seededInstance } from './fixtures.js';
import type { MetaServiceState } from './state.js';

/** Named scenarios connector and platform developers need; name → what it sets up. */
export const SCENARIOS = {
  seeded:
    "The document's regression_instance0, ready to use: the FE (SQL) cluster with one FE_MASTER, three NORMAL compute clusters (regression_test_cluster_id0..2; MySQL users root / jack, lx), a COS object-store info and a RAM user, tablet 114739's stats, txn 869414052004864 (PREPARED) and a VISIBLE one, a compaction job on tablet 113973, and cluster 0's BE reporting to the FE.",
  'internal-errors':
    'The Meta Service cannot reach its metadata store (e.g. FoundationDB down): every Meta Service call with a valid token answers INTERNAL_ERROR (HTTP 200 documented, 500 observed). State is kept for when the scenario is reset.',
  'token-rotated':
    "The Meta Service's token was changed: every Meta Service call is rejected as with a wrong token (403).",
  'clusters-suspended':
    'seeded, with every compute cluster SUSPENDED by the cloud manager: an FE must set TO_RESUME to wake one up, and get_cluster_status with status NORMAL lists none.',
  'obj-info-full':
    'seeded, with the maximum of 10 object-store infos (ids 1-10, user_ids bucket_user_id_1..10): add_obj_info is refused.',
  'instance-overdue': 'seeded, with regression_instance0 set OVERDUE (set_instance_status SET_OVERDUE); SET_NORMAL brings it back.',
} as const satisfies Record<string, string>;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

/** Puts the state into a scenario; the seeded ones replace the instance of the document's samples. */
export function applyScenarioTo(state: MetaServiceState, name: ScenarioName): void {
  const seed = (objInfos = 1) => {
    const instance = seededInstance(objInfos);
    state.removeInstance(instance.instance_id);
    state.addInstance(instance);
    return instance;
  };
  switch (name) {
    case 'seeded':
      seed();
      return;
    case 'internal-errors':
      state.internalErrors = true;
      return;
    case 'token-rotated':
      state.tokenRotated = true;
      return;
    case 'clusters-suspended':
      for (const cluster of seed().clusters) if (cluster.type === 'COMPUTE') cluster.cluster_status = 'SUSPENDED';
      return;
    case 'obj-info-full':
      seed(MAX_OBJ_INFOS);
      return;
    case 'instance-overdue':
      seed().status = 'OVERDUE';
      return;
  }
}

/**
 * Model-based test of the Meta Service's clusters: after any sequence of add_cluster and
 * drop_cluster calls, a cluster appears in get_instance iff it was added and not dropped since.
 * Adding an existing cluster id answers ALREADY_EXISTED; dropping an absent one is refused.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { dispatchedSimulator, withJsonBody, type DispatchedSimulator } from './support/dispatch-json.js';
import { runSettings, SEED } from './support/settings.js';

const INSTANCE = 'model-instance';
const CLUSTER_IDS = ['c0', 'c1', 'c2', 'c3'];

interface ClusterModel {
  clusters: Set<string>;
}

/** The cluster ids get_instance shows for the instance. */
function clustersShown(sim: DispatchedSimulator): string[] {
  const request = sim.documented('get_instance');
  const answer = sim.send({ ...request, query: { ...request.query, instance_id: INSTANCE } });
  expect(answer.json.code, JSON.stringify(answer.json)).toBe('OK');
  const result = answer.json.result as { clusters?: Array<{ cluster_id: string }> };
  return (result.clusters ?? []).map((c) => c.cluster_id).sort();
}

function expectInvariant(model: ClusterModel, sim: DispatchedSimulator): void {
  expect(clustersShown(sim), `seed ${SEED}`).toEqual([...model.clusters].sort());
}

class AddCluster implements fc.Command<ClusterModel, DispatchedSimulator> {
  constructor(readonly id: string) {}
  check(): boolean {
    return true;
  }
  run(model: ClusterModel, sim: DispatchedSimulator): void {
    const documented = sim.documented('add_cluster');
    const body = JSON.parse(documented.body!) as { cluster: { nodes: Array<Record<string, unknown>> } & Record<string, unknown> };
    const cluster = {
      ...body.cluster,
      cluster_id: this.id,
      cluster_name: `name_${this.id}`,
      // Nodes are unique across the instance: each cluster brings its own.
      nodes: body.cluster.nodes.map((node, i) => ({ ...node, cloud_unique_id: `1:${INSTANCE}:${this.id}_${i}`, ip: `10.0.${CLUSTER_IDS.indexOf(this.id)}.${i + 1}` })),
    };
    const answer = sim.send(withJsonBody(documented, { ...body, instance_id: INSTANCE, cluster }));
    if (model.clusters.has(this.id)) {
      expect(answer.json.code, JSON.stringify(answer.json)).toBe('ALREADY_EXISTED');
    } else {
      expect(answer.json.code, JSON.stringify(answer.json)).toBe('OK');
      model.clusters.add(this.id);
    }
    expectInvariant(model, sim);
  }
  toString(): string {
    return `add_cluster(${this.id})`;
  }
}

class DropCluster implements fc.Command<ClusterModel, DispatchedSimulator> {
  constructor(readonly id: string) {}
  check(): boolean {
    return true;
  }
  run(model: ClusterModel, sim: DispatchedSimulator): void {
    const documented = sim.documented('drop_cluster');
    const answer = sim.send(withJsonBody(documented, { instance_id: INSTANCE, cluster: { cluster_id: this.id, cluster_name: `name_${this.id}` } }));
    if (model.clusters.has(this.id)) {
      expect(answer.json.code, JSON.stringify(answer.json)).toBe('OK');
      model.clusters.delete(this.id);
    } else {
      expect(answer.json.code, JSON.stringify(answer.json)).not.toBe('OK');
    }
    expectInvariant(model, sim);
  }
  toString(): string {
    return `drop_cluster(${this.id})`;
  }
}

test('a cluster appears in get_instance iff it was added and not dropped', async () => {
  const sim = await dispatchedSimulator('doris-meta-service');
  const clusterId = fc.constantFrom(...CLUSTER_IDS);
  const commands = [clusterId.map((id) => new AddCluster(id)), clusterId.map((id) => new DropCluster(id))];
  fc.assert(
    fc.property(fc.commands(commands, { maxCommands: 40 }), (sequence) => {
      sim.simulator.reset();
      const create = sim.documented('create_instance');
      const created = sim.send(withJsonBody(create, { ...(JSON.parse(create.body!) as object), instance_id: INSTANCE }));
      expect(created.json.code).toBe('OK');
      fc.modelRun(() => ({ model: { clusters: new Set<string>() }, real: sim }), sequence);
    }),
    runSettings(60),
  );
});

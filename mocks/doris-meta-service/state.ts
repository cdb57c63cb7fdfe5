import { ByteBudget } from '../shared/byte-budget.js';
import type { ClusterRecord, InstanceRecord, NodeRecord } from './model.js';

/** Where a node (by cloud_unique_id: the first node of the instance that carries it) is registered. */
export interface NodeLocation {
  instance: InstanceRecord;
  cluster: ClusterRecord;
  node: NodeRecord;
}

/** Default bound on the instances kept; the oldest are evicted beyond it. */
export const DEFAULT_MAX_INSTANCES = 10_000;

/**
 * Collections the document lets grow without saying how far. A real server keeps an instance in one
 * FoundationDB value (at most 100 KB), so it can hold nowhere near 100k clusters; beyond these caps
 * the mock answers INVALID_ARGUMENT instead of slowing every later request down.
 */
export const COLLECTION_CAPS = { clustersPerInstance: 1_000, nodesPerInstance: 10_000, mysqlUserNamesPerCluster: 1_000 } as const;

/**
 * The simulator's store: instances in creation order (oldest first, for eviction) and an index of
 * every registered node's cloud_unique_id. A cloud_unique_id belongs to one instance; several nodes
 * of that instance may carry it (ms-node-endpoint), so the index counts them.
 */
export class MetaServiceState {
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly nodes = new Map<string, { instanceId: string; count: number }>();
  /** Bytes of client data kept, charged per instance (see ByteBudget). */
  readonly budget = new ByteBudget();
  /** Scenario switches that change every answer. */
  internalErrors = false;
  tokenRotated = false;

  constructor(readonly maxInstances: number = DEFAULT_MAX_INSTANCES) {
    if (!Number.isInteger(maxInstances) || maxInstances < 1) throw new Error(`maxInstances must be a positive integer, got ${maxInstances}`);
  }

  instance(id: string): InstanceRecord | undefined {
    return this.instances.get(id);
  }

  allInstances(): IterableIterator<InstanceRecord> {
    return this.instances.values();
  }

  get instanceCount(): number {
    return this.instances.size;
  }

  addInstance(instance: InstanceRecord): void {
    this.instances.set(instance.instance_id, instance);
    for (const cluster of instance.clusters) this.indexNodes(instance, cluster.nodes);
    while (this.instances.size > this.maxInstances) {
      const oldest = this.instances.values().next().value as InstanceRecord;
      this.removeInstance(oldest.instance_id);
    }
  }

  removeInstance(id: string): void {
    const instance = this.instances.get(id);
    if (!instance) return;
    for (const cluster of instance.clusters) this.unindexNodes(cluster.nodes);
    this.instances.delete(id);
    this.budget.release(id);
  }

  /** Adds a request's bytes to what an instance is charged; false (nothing charged) when over budget. */
  chargeInstance(id: string, bytes: number): boolean {
    return this.budget.charge(id, this.budget.chargedTo(id) + bytes);
  }

  /** Frees everything this state charged (the simulator is reset or dropped). */
  dispose(): void {
    this.budget.clear();
  }

  /** A node registered under this cloud_unique_id, in any instance. */
  locateNode(cloudUniqueId: string): NodeLocation | undefined {
    const entry = this.nodes.get(cloudUniqueId);
    const instance = entry && this.instances.get(entry.instanceId);
    for (const cluster of instance?.clusters ?? []) {
      const node = cluster.nodes.find((n) => n.cloud_unique_id === cloudUniqueId);
      if (node) return { instance: instance!, cluster, node };
    }
    return undefined;
  }

  /**
   * The instance id a cloud_unique_id stands for: the instance its node is registered in, else the
   * middle part of the documented `1:<instance_id>:<string>` form (a node not added yet, e.g. a
   * cloud manager asking before add_cluster).
   */
  instanceIdOf(cloudUniqueId: string): string | undefined {
    const registered = this.nodes.get(cloudUniqueId);
    if (registered) return registered.instanceId;
    const parts = cloudUniqueId.split(':');
    return parts.length === 3 && parts[0] === '1' && parts[1] !== '' ? parts[1] : undefined;
  }

  indexNodes(instance: InstanceRecord, nodes: NodeRecord[]): void {
    for (const node of nodes) {
      const entry = this.nodes.get(node.cloud_unique_id);
      if (entry?.instanceId === instance.instance_id) entry.count++;
      else this.nodes.set(node.cloud_unique_id, { instanceId: instance.instance_id, count: 1 });
    }
  }

  unindexNodes(nodes: NodeRecord[]): void {
    for (const node of nodes) {
      const entry = this.nodes.get(node.cloud_unique_id);
      if (entry && --entry.count <= 0) this.nodes.delete(node.cloud_unique_id);
    }
  }
}

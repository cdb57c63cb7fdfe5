import type { ClusterRecord, InstanceRecord, NodeRecord } from './model.js';

/** Where a node (by cloud_unique_id) is registered. */
export interface NodeLocation {
  instance: InstanceRecord;
  cluster: ClusterRecord;
  node: NodeRecord;
}

/** Default bound on the instances kept; the oldest are evicted beyond it (issue 8 load-tests the mock). */
export const DEFAULT_MAX_INSTANCES = 10_000;

/**
 * The simulator's store: instances in creation order (oldest first, for eviction) and an index of
 * every registered node's cloud_unique_id, which must be unique across instances.
 */
export class MetaServiceState {
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly nodes = new Map<string, { instanceId: string; clusterId: string }>();
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
    for (const cluster of instance.clusters) this.indexNodes(instance, cluster, cluster.nodes);
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
  }

  /** The node registered under this cloud_unique_id, in any instance. */
  locateNode(cloudUniqueId: string): NodeLocation | undefined {
    const entry = this.nodes.get(cloudUniqueId);
    if (!entry) return undefined;
    const instance = this.instances.get(entry.instanceId);
    const cluster = instance?.clusters.find((c) => c.cluster_id === entry.clusterId);
    const node = cluster?.nodes.find((n) => n.cloud_unique_id === cloudUniqueId);
    return instance && cluster && node ? { instance, cluster, node } : undefined;
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

  indexNodes(instance: InstanceRecord, cluster: ClusterRecord, nodes: NodeRecord[]): void {
    for (const node of nodes) this.nodes.set(node.cloud_unique_id, { instanceId: instance.instance_id, clusterId: cluster.cluster_id });
  }

  unindexNodes(nodes: NodeRecord[]): void {
    for (const node of nodes) this.nodes.delete(node.cloud_unique_id);
  }
}

/** A worker registered in etcd (spec AxNode). */
export interface WorkerNode {
  identity: string;
  /** `host:port`; also the key of the worker's entry in a clear-stale `errors` map. */
  address: string;
  status: 'ONLINE' | 'OFFLINE';
}

/** The document's two workers: one online, one offline. */
export function documentedNodes(): WorkerNode[] {
  return [
    { identity: 'worker-587899dd-5da5-45d4-af40-ce481acc4087', address: '192.168.1.19:29989', status: 'ONLINE' },
    { identity: 'worker-844db66c-d7fd-46cc-8de0-2f3989360828', address: '192.168.1.19:29999', status: 'OFFLINE' },
  ];
}

export function onlineNodes(nodes: WorkerNode[]): WorkerNode[] {
  return nodes.filter((node) => node.status === 'ONLINE');
}

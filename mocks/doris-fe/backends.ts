/** The FE's view of its backends: what `SHOW BACKENDS` would list, reduced to what the API returns. */
export interface Backend {
  /** Host as registered: an IP, or a host name when the cluster uses FQDN. */
  ip: string;
  /** The BE's HTTP (stream load) port. */
  http_port: number;
  /** Whether heartbeats succeed. */
  alive: boolean;
}

/** Three BEs on the default webserver_port, the third one dead: enough to see filtering work. */
export function defaultBackends(): Backend[] {
  return [
    { ip: '192.168.1.1', http_port: 8040, alive: true },
    { ip: '192.168.1.2', http_port: 8040, alive: true },
    { ip: '192.168.1.3', http_port: 8040, alive: false },
  ];
}

/** The same BEs registered by host name (FQDN mode): connectors must not assume `ip` is an IP. */
export function hostNameBackends(): Backend[] {
  return [
    { ip: 'be-0.be.doris.svc.cluster.local', http_port: 8040, alive: true },
    { ip: 'be-1.be.doris.svc.cluster.local', http_port: 8040, alive: true },
    { ip: 'be-2.be.doris.svc.cluster.local', http_port: 8040, alive: false },
  ];
}

/**
 * BackendsAction: `is_alive` filters only when it equals `true` ignoring case; any other value,
 * or none, returns every backend. (The documented profile never lets other values reach here.)
 */
export function selectBackends(backends: readonly Backend[], isAlive: string | undefined): Backend[] {
  const needAlive = isAlive !== undefined && isAlive.toLowerCase() === 'true';
  return backends.filter((be) => !needAlive || be.alive);
}

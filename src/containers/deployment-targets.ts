/**
 * Real products in containers, one target per API. Image names default to the products' public
 * images where one exists; none of them can be pulled on the machines this project is developed
 * on, so these definitions follow the products' own container docs (apache/doris
 * `docker/runtime/*`, the Doris compute-storage decoupled compose file) and are exercised here
 * only through their plans (test/containers), not by starting them.
 */
import { API_DESCRIPTORS } from '../../mocks/descriptors.js';
import { API_IDS, type ApiId } from '../../mocks/shared/types.js';
import { DEFAULT_PORTS } from '../serve/ports.js';
import { configuredImage, resolveImage, type ImageSources } from './config.js';
import type { ContainerPlan, ImageSlot, ReadinessCheck, TargetPlan } from './types.js';

const DORIS_VERSION = '3.0.4';
const MINUTE = 60_000;

export const IMAGE_SLOTS = {
  dorisFe: {
    key: 'doris-fe',
    envVar: 'CONTRACT_KIT_IMAGE_DORIS_FE',
    defaultImage: `apache/doris:fe-${DORIS_VERSION}`,
    description: 'an Apache Doris frontend (FE) image, started with FE_SERVERS/FE_ID like apache/doris:fe-*',
  },
  dorisBe: {
    key: 'doris-be',
    envVar: 'CONTRACT_KIT_IMAGE_DORIS_BE',
    defaultImage: `apache/doris:be-${DORIS_VERSION}`,
    description: 'an Apache Doris backend (BE) image, started with FE_SERVERS/BE_ADDR like apache/doris:be-*',
  },
  dorisAllInOne: {
    key: 'doris-all-in-one',
    envVar: 'CONTRACT_KIT_IMAGE_DORIS_ALL_IN_ONE',
    description: 'one FE and one BE in one container, like apache/doris:all-in-one-*; replaces the FE/BE pair when set',
  },
  dorisMetaService: {
    key: 'doris-meta-service',
    envVar: 'CONTRACT_KIT_IMAGE_DORIS_META_SERVICE',
    defaultImage: `apache/doris:ms-${DORIS_VERSION}`,
    description: 'a Doris Meta Service image reading FDB_ENDPOINT, like apache/doris:ms-*',
  },
  foundationdb: {
    key: 'foundationdb',
    envVar: 'CONTRACT_KIT_IMAGE_FOUNDATIONDB',
    // The Meta Service links the FoundationDB 7.1 client: the server must be 7.1 too.
    defaultImage: 'foundationdb/foundationdb:7.1.23',
    description: 'a FoundationDB 7.1 server image (foundationdb/foundationdb:7.1.*)',
  },
  alluxioCoordinator: {
    key: 'alluxio-coordinator',
    envVar: 'CONTRACT_KIT_IMAGE_ALLUXIO_COORDINATOR',
    description: 'an Alluxio coordinator serving /api/v1 (closed source: no public image)',
  },
  klustronClusterManager: {
    key: 'klustron-cluster-manager',
    envVar: 'CONTRACT_KIT_IMAGE_KLUSTRON_CLUSTER_MANAGER',
    description: 'a Klustron cluster_mgr serving POST /HttpService/Emit, with its metadata cluster reachable (no public image)',
  },
} as const satisfies Record<string, ImageSlot>;

/**
 * Port of the API's container, `CONTRACT_KIT_PORT_<ID>` (`doris-fe` → `CONTRACT_KIT_PORT_DORIS_FE`);
 * Alluxio and Klustron ports differ between installs.
 */
export const API_PORT_ENV: Readonly<Record<ApiId, string>> = Object.freeze(
  Object.fromEntries(API_IDS.map((api) => [api, `CONTRACT_KIT_PORT_${api.toUpperCase().replace(/-/g, '_')}`])) as Record<ApiId, string>,
);

/** The documented default ports (each API's descriptor), the same the simulators use. */
export const DEFAULT_API_PORTS: Readonly<Record<ApiId, number>> = DEFAULT_PORTS;

export interface DeploymentInputs extends ImageSources {
  /** Extra environment for the API's container (options, then config file). */
  apiEnv: Record<string, string>;
  startupTimeoutMs?: number;
}

/** Doris root user with the empty password: what a fresh Doris cluster accepts (the FE's descriptor). */
const DORIS_ROOT = { username: API_DESCRIPTORS['doris-fe'].credentials.user, password: API_DESCRIPTORS['doris-fe'].credentials.password };
/** `http_token` in doris_cloud.conf as shipped, the token every document sample uses (the Meta Service's descriptor). */
const META_SERVICE_TOKEN = API_DESCRIPTORS['doris-meta-service'].credentials.token;

/** Any HTTP answer counts: an error status still proves the server is listening. */
function answers(port: number, path: string, method: 'GET' | 'POST' = 'GET'): ReadinessCheck {
  return { kind: 'http', port, path, method };
}

export function apiPort(api: ApiId, env: NodeJS.ProcessEnv): number {
  const raw = env[API_PORT_ENV[api]];
  if (raw === undefined || raw === '') return DEFAULT_API_PORTS[api];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${API_PORT_ENV[api]}=${raw} is not a TCP port`);
  }
  return port;
}

/** How each API's real product is started; an API without an entry does not compile. */
const DEPLOYMENT_PLANS: { readonly [Api in ApiId]: (inputs: DeploymentInputs) => TargetPlan } = {
  'doris-fe': dorisFePlan,
  'doris-meta-service': metaServicePlan,
  'alluxio-coordinator': (inputs) =>
    singleContainerPlan('alluxio-coordinator', IMAGE_SLOTS.alluxioCoordinator, inputs, {
      description: 'Alluxio coordinator (image given by the user)',
      readiness: answers(apiPort('alluxio-coordinator', inputs.env), '/api/v1/nodes'),
    }),
  'klustron-cluster-manager': (inputs) =>
    singleContainerPlan('klustron-cluster-manager', IMAGE_SLOTS.klustronClusterManager, inputs, {
      description: 'Klustron ClusterManager (image given by the user)',
      // Every answer of cluster_mgr is HTTP 200 (kl-always-200), even to an empty body.
      readiness: answers(apiPort('klustron-cluster-manager', inputs.env), '/HttpService/Emit', 'POST'),
    }),
};

export function deploymentPlan(api: ApiId, inputs: DeploymentInputs): TargetPlan {
  return DEPLOYMENT_PLANS[api](inputs);
}

/**
 * Doris FE `GET /api/backends` needs a BE to list: either one all-in-one container, or the FE and
 * BE images on a private network, as in the Doris quick start. Ready once the FE reports an
 * alive backend, so a contract run does not see the empty list of a cluster still forming.
 */
function dorisFePlan(inputs: DeploymentInputs): TargetPlan {
  const port = apiPort('doris-fe', inputs.env);
  const timeout = inputs.startupTimeoutMs ?? 5 * MINUTE;
  const backendAlive: ReadinessCheck & { kind: 'http' } = {
    kind: 'http',
    port,
    path: '/api/backends?is_alive=true',
    basicAuth: DORIS_ROOT,
    statuses: [200],
    bodyIncludes: '"is_alive":true',
  };
  const endpoint = { role: 'fe', port, access: { basicAuth: DORIS_ROOT, notes: 'root with the empty password, as a fresh Doris has it' } };
  const explicitIsAllInOne = inputs.explicit !== undefined && /all-in-one/.test(inputs.explicit);
  const allInOne = explicitIsAllInOne ? inputs.explicit : configuredImage(IMAGE_SLOTS.dorisAllInOne, { ...inputs, explicit: undefined });
  if (allInOne !== undefined) {
    return {
      api: 'doris-fe',
      kind: 'deployment',
      description: `Doris FE+BE in one container (${allInOne})`,
      steps: [
        () => ({
          role: 'fe',
          image: allInOne,
          exposedPorts: [port, 9030, 8040],
          env: { ...inputs.apiEnv },
          readiness: [backendAlive],
          startupTimeoutMs: timeout,
        }),
      ],
      endpoint,
    };
  }
  const feImage = resolveImage(IMAGE_SLOTS.dorisFe, inputs);
  const beImage = resolveImage(IMAGE_SLOTS.dorisBe, { ...inputs, explicit: undefined });
  return {
    api: 'doris-fe',
    kind: 'deployment',
    description: `Doris FE (${feImage}) and BE (${beImage})`,
    steps: [
      () => ({
        role: 'fe',
        image: feImage,
        exposedPorts: [port, 9030],
        env: { FE_ID: '1', ...inputs.apiEnv },
        envFromOwnAddress: { FE_SERVERS: 'fe1:{ip}:9010' },
        readiness: [{ kind: 'http', port, path: '/api/bootstrap', statuses: [200] }],
        startupTimeoutMs: timeout,
      }),
      (peers) => ({
        role: 'be',
        image: beImage,
        exposedPorts: [8040],
        env: { FE_SERVERS: `fe1:${peerIp(peers, 'fe')}:9010` },
        envFromOwnAddress: { BE_ADDR: '{ip}:9050' },
        readiness: [{ kind: 'http', port: 8040, path: '/api/health', statuses: [200] }],
        startupTimeoutMs: timeout,
      }),
    ],
    endpoint,
    endpointReadiness: backendAlive,
  };
}

/**
 * The Meta Service keeps everything in FoundationDB: a single-process FDB is started first and
 * its database created (`configure new single ssd`), then the Meta Service pointed at it.
 */
function metaServicePlan(inputs: DeploymentInputs): TargetPlan {
  const port = apiPort('doris-meta-service', inputs.env);
  const timeout = inputs.startupTimeoutMs ?? 3 * MINUTE;
  const msImage = resolveImage(IMAGE_SLOTS.dorisMetaService, inputs);
  const fdbImage = resolveImage(IMAGE_SLOTS.foundationdb, { ...inputs, explicit: undefined });
  const createDatabase = [
    'bash',
    '-c',
    // Retried because fdbserver takes a moment to accept clients; idempotent across restarts.
    'for i in $(seq 1 60); do out=$(fdbcli --exec "configure new single ssd" --timeout 10 2>&1); ' +
      'case "$out" in *"Database created"*|*"already exists"*) echo "$out"; exit 0;; esac; sleep 1; done; ' +
      'echo "$out"; exit 1',
  ];
  return {
    api: 'doris-meta-service',
    kind: 'deployment',
    description: `Doris Meta Service (${msImage}) on FoundationDB (${fdbImage})`,
    steps: [
      () => ({
        role: 'fdb',
        image: fdbImage,
        exposedPorts: [],
        env: { FDB_NETWORKING_MODE: 'container', FDB_PORT: '4500' },
        // The image's fdb.bash announces the server before exec'ing fdbserver.
        readiness: [{ kind: 'log', pattern: /Starting FDB server/ }],
        startupTimeoutMs: timeout,
        afterReady: [createDatabase],
      }),
      (peers) => ({
        role: 'meta-service',
        image: msImage,
        exposedPorts: [port],
        env: { FDB_ENDPOINT: `docker:docker@${peerIp(peers, 'fdb')}:4500`, ...inputs.apiEnv },
        readiness: [answers(port, `/MetaService/http/get_instance?token=${META_SERVICE_TOKEN}&instance_id=contract-kit-probe`)],
        startupTimeoutMs: timeout,
      }),
    ],
    endpoint: { role: 'meta-service', port, access: { token: META_SERVICE_TOKEN, notes: 'http_token of doris_cloud.conf as shipped' } },
  };
}

function singleContainerPlan(
  api: ApiId,
  slot: ImageSlot,
  inputs: DeploymentInputs,
  details: { description: string; readiness: ReadinessCheck },
): TargetPlan {
  const image = resolveImage(slot, inputs);
  const port = apiPort(api, inputs.env);
  const plan: ContainerPlan = {
    role: api,
    image,
    exposedPorts: [port],
    env: { ...inputs.apiEnv },
    readiness: [details.readiness],
    startupTimeoutMs: inputs.startupTimeoutMs ?? 3 * MINUTE,
  };
  return {
    api,
    kind: 'deployment',
    description: `${details.description}: ${image}`,
    steps: [() => plan],
    endpoint: { role: api, port, access: {} },
  };
}

function peerIp(peers: readonly { role: string; ip: string }[], role: string): string {
  const peer = peers.find((candidate) => candidate.role === role);
  if (!peer) throw new Error(`container plan error: ${role} must start before the containers that need its address`);
  return peer.ip;
}

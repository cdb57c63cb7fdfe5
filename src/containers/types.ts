/**
 * What it takes to run one API in containers: which images, in which order, with which ports,
 * environment and readiness check, and how a client reaches the API once it is up. Definitions
 * are plain data plus small functions, so they can be listed, documented and tested without an
 * engine; src/containers/start-target.ts turns them into testcontainers calls.
 */
import type { ApiId, Profile } from '../../mocks/shared/types.js';

/** A configurable image: the key used in config files, its env var and the public default. */
export interface ImageSlot {
  /** Key under `containers.images` in contract-kit.config.json, e.g. `doris-fe`. */
  key: string;
  /** Environment variable that overrides it, e.g. `CONTRACT_KIT_IMAGE_DORIS_FE`. */
  envVar: string;
  /** The public image, when one exists; `undefined` means the user must name one. */
  defaultImage?: string;
  /** One line for error messages and docs: what the image must contain. */
  description: string;
}

/** When a container counts as ready. */
export type ReadinessCheck =
  | {
      kind: 'http';
      port: number;
      path: string;
      method?: 'GET' | 'POST';
      headers?: Record<string, string>;
      basicAuth?: BasicCredentials;
      /** Statuses that mean "up"; omitted: any HTTP answer does (an error status is still an answer). */
      statuses?: number[];
      /** Text the body must contain, for services that answer before they are usable. */
      bodyIncludes?: string;
    }
  | { kind: 'log'; pattern: RegExp };

export interface BasicCredentials {
  username: string;
  password: string;
}

/** One container of a target, as started. */
export interface ContainerPlan {
  /** Short role name used in logs and errors: `fe`, `be`, `fdb`, `meta-service`, `simulator`. */
  role: string;
  image: string;
  /** Container ports to publish on random host ports. */
  exposedPorts: number[];
  env: Record<string, string>;
  /**
   * Variables whose value needs the container's own address, unknown before it starts (Doris
   * images want their IP in FE_SERVERS / BE_ADDR): `{ip}` is replaced inside the container, by
   * wrapping the image's own entrypoint in a shell.
   */
  envFromOwnAddress?: Record<string, string>;
  command?: string[];
  /** All must hold before the container counts as started. */
  readiness: ReadinessCheck[];
  startupTimeoutMs: number;
  /** Commands run inside the container once it is ready (e.g. create the FoundationDB database). */
  afterReady?: string[][];
}

/** Address of a container started earlier in the same target, for the plans that follow. */
export interface StartedPeer {
  role: string;
  /** IP address on the target's private network. */
  ip: string;
}

/** Where the API answers and what a client needs besides the URL. */
export interface ApiEndpoint {
  /** Role of the container that serves the API. */
  role: string;
  port: number;
  /** Credentials or tokens that the documented defaults of the product use. */
  access: AccessHints;
}

export interface AccessHints {
  basicAuth?: BasicCredentials;
  /** Query-string token (Doris Meta Service `?token=`). */
  token?: string;
  notes?: string;
}

export interface TargetOptions {
  /** Image of the container that serves the API (overrides env vars and the config file). */
  image?: string;
  /** Behaviour profile; only simulator images have one. */
  profile?: Profile;
  /** Extra environment for the container that serves the API. */
  env?: Record<string, string>;
  /** Overrides every container's startup timeout. */
  startupTimeoutMs?: number;
}

/** A resolved, ready-to-start target: containers in start order and the API endpoint. */
export interface TargetPlan {
  api: ApiId;
  /** `deployment`: a real product image; `simulator`: a contract-kit simulator image. */
  kind: 'deployment' | 'simulator';
  description: string;
  /** Each step sees the containers started before it (for addresses such as the FE's IP). */
  steps: Array<(peers: readonly StartedPeer[]) => ContainerPlan>;
  endpoint: ApiEndpoint;
  /**
   * Checked from the host once every container is up, when the API answers before it is usable
   * (the Doris FE lists no backend until the BE has registered and sent a heartbeat).
   */
  endpointReadiness?: ReadinessCheck & { kind: 'http' };
}

export interface StartedTarget {
  api: ApiId;
  kind: TargetPlan['kind'];
  /** e.g. `http://127.0.0.1:49153`; no trailing slash. */
  baseUrl: string;
  access: AccessHints;
  /** The last `tail` log lines of every container of the target, each prefixed with its role. */
  logs(tail: number): Promise<string>;
  /** Stops and removes every container and the network; safe to call more than once. */
  stop(): Promise<void>;
}

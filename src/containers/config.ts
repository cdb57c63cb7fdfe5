/**
 * Where image names come from. Users pull from their own registries and pin their own versions,
 * so every image is configurable; the first source that names one wins:
 *   1. the caller (`--container <image>`, `startTarget(api, { image })`) for the API's container,
 *   2. an environment variable per image (`CONTRACT_KIT_IMAGE_DORIS_FE`, ...),
 *   3. `containers.images.<key>` in `contract-kit.config.json` (current directory),
 *   4. the public default, when the product publishes one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiId } from '../../mocks/shared/types.js';
import type { ImageSlot } from './types.js';

export const CONFIG_FILE_NAME = 'contract-kit.config.json';

/** The `containers` section of contract-kit.config.json. */
export interface ContainersConfig {
  /** Image per slot key, e.g. `{ "doris-fe": "registry.local/doris:fe-3.0.4" }`. */
  images?: Record<string, string>;
  /** Extra environment for the container that serves an API. */
  env?: Partial<Record<ApiId, Record<string, string>>>;
  /** Startup timeout for every container, in seconds. */
  startupTimeoutSeconds?: number;
}

export class MissingImageError extends Error {
  constructor(readonly slot: ImageSlot) {
    super(
      `no image configured for ${slot.key} (${slot.description}); there is no public default. ` +
        `Name one with --container <image>, ${slot.envVar}=<image>, or ` +
        `"containers": { "images": { "${slot.key}": "<image>" } } in ${CONFIG_FILE_NAME}`,
    );
    this.name = 'MissingImageError';
  }
}

/** Reads the `containers` section; a missing file is an empty configuration, a broken one an error. */
export function readContainersConfig(file: string = join(process.cwd(), CONFIG_FILE_NAME)): ContainersConfig {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const section = (parsed as { containers?: unknown }).containers;
  if (section === undefined) return {};
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new Error(`${file}: "containers" must be an object`);
  }
  const config = section as ContainersConfig;
  for (const [key, image] of Object.entries(config.images ?? {})) {
    if (typeof image !== 'string' || image.trim() === '') {
      throw new Error(`${file}: containers.images.${key} must be a non-empty image name`);
    }
  }
  return config;
}

export interface ImageSources {
  /** The caller's choice; applies only to the slot of the API's own container. */
  explicit?: string;
  env: NodeJS.ProcessEnv;
  config: ContainersConfig;
}

/** The image for a slot, or MissingImageError naming every way to configure it. */
export function resolveImage(slot: ImageSlot, sources: ImageSources): string {
  const candidates = [sources.explicit, sources.env[slot.envVar], sources.config.images?.[slot.key], slot.defaultImage];
  const image = candidates.find((candidate) => candidate !== undefined && candidate.trim() !== '');
  if (image === undefined) throw new MissingImageError(slot);
  return image.trim();
}

/** Like resolveImage, but `undefined` instead of an error (for optional alternatives). */
export function configuredImage(slot: ImageSlot, sources: ImageSources): string | undefined {
  try {
    return resolveImage(slot, sources);
  } catch (error) {
    if (error instanceof MissingImageError) return undefined;
    throw error;
  }
}

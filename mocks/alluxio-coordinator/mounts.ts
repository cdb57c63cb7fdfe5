import type { ByteBudget } from '../shared/byte-budget.js';

/**
 * The mount table: Alluxio path ↔ UFS URI. Paths and URIs are kept with a trailing `/`, as the
 * document's answers show them (`/data/`, `s3://my-bucket/`) for a mount created as `/data`,
 * `s3://my-bucket` (x-doc-quirks ax-mount-trailing-slash).
 */
export interface MountPoint {
  path: string;
  ufs: string;
  options: Record<string, string>;
}

export type MountConflict =
  | { kind: 'path-mounted'; existing: MountPoint }
  | { kind: 'ufs-mounted'; existing: MountPoint }
  | { kind: 'table-full'; limit: number }
  /** The mock's state budget (bytes) has no room for this mount point. */
  | { kind: 'state-full'; message: string };

/** Bounds the table so that a long-running mock cannot grow without limit. */
export const MAX_MOUNT_POINTS = 10_000;

export function asDirectory(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** Whether `path` is `directory` itself or lies under it. */
function isUnder(path: string, directory: string): boolean {
  return asDirectory(path).startsWith(directory);
}

export class MountTable {
  private readonly points = new Map<string, MountPoint>();

  /** Every mount point is charged its size against the simulator's byte budget. */
  constructor(private readonly budget?: ByteBudget) {}

  list(): MountPoint[] {
    return [...this.points.values()];
  }

  get(path: string): MountPoint | undefined {
    return this.points.get(asDirectory(path));
  }

  /** Mounts `ufs` at `path`, or says which existing mount point is in the way. */
  mount(path: string, ufs: string, options: Record<string, string>): MountConflict | undefined {
    const point = { path: asDirectory(path), ufs: asDirectory(ufs), options: { ...options } };
    const samePath = this.points.get(point.path);
    if (samePath) return { kind: 'path-mounted', existing: samePath };
    const sameUfs = this.list().find((existing) => existing.ufs === point.ufs);
    if (sameUfs) return { kind: 'ufs-mounted', existing: sameUfs };
    if (this.points.size >= MAX_MOUNT_POINTS) return { kind: 'table-full', limit: MAX_MOUNT_POINTS };
    const bytes = JSON.stringify(point).length;
    if (this.budget && !this.budget.charge(`mount:${point.path}`, bytes)) return { kind: 'state-full', message: this.budget.refusal(bytes) };
    this.points.set(point.path, point);
    return undefined;
  }

  /** Unmounts `path`; false when nothing is mounted there. */
  unmount(path: string): boolean {
    this.budget?.release(`mount:${asDirectory(path)}`);
    return this.points.delete(asDirectory(path));
  }

  /** The mount point an Alluxio path lies under (the deepest one), if any. */
  covering(alluxioPath: string): MountPoint | undefined {
    return this.deepest(this.list().filter((point) => isUnder(alluxioPath, point.path)), (p) => p.path);
  }

  /** The mount point whose UFS holds a UFS URI (e.g. a load job's index file), if any. */
  holdingUfsPath(ufsPath: string): MountPoint | undefined {
    return this.deepest(this.list().filter((point) => isUnder(ufsPath, point.ufs)), (p) => p.ufs);
  }

  private deepest(candidates: MountPoint[], by: (point: MountPoint) => string): MountPoint | undefined {
    return candidates.sort((a, b) => by(b).length - by(a).length)[0];
  }
}

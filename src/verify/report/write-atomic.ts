import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';

/** A report path that cannot be written, with the reason and what to do instead: a usage error. */
export class ReportPathError extends Error {}

/**
 * Where a report goes, checked before a run starts:
 * - `file`: a regular file (new or existing), written atomically through a temporary file in its
 *   own directory and a rename, so that readers see the old content or the new, never half;
 * - `stream`: something that is not a regular file (a terminal, /dev/null, /dev/stdout, a FIFO),
 *   written through and never replaced.
 */
export interface ReportDestination {
  /** As the user gave it, for messages. */
  given: string;
  kind: 'file' | 'stream';
  /** What is written: the regular file (a symlink inside its directory resolved), or the stream's path. */
  path: string;
  /** The same file whatever the name: device and inode when it exists, else the resolved path. */
  identity: string;
}

const ERRNO_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EISDIR: 'it is a directory',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return ERRNO_REASONS[code] ? `${ERRNO_REASONS[code]} (${code})` : (error as Error).message;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new ReportPathError(`${path}: a parent of it is a file, not a directory`);
    throw new ReportPathError(`${path}: ${reasonOf(error)}`);
  }
}

/** Kernel file systems: files there are not files (creating one fails or loops). */
const KERNEL_FILE_SYSTEMS = ['/proc', '/sys'];

function isStream(stats: Stats): boolean {
  return stats.isCharacterDevice() || stats.isFIFO() || stats.isSocket() || stats.isBlockDevice();
}

/** Proves the directory takes new files by creating and removing one: catches read-only mounts, permissions, kernel file systems. */
function probeDirectory(directory: string, given: string): void {
  const probe = join(directory, `.contract-kit-probe.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    throw new ReportPathError(`cannot write ${given}: ${directory} does not take new files: ${reasonOf(error)}`);
  }
  unlinkSync(probe);
}

/** Creates the missing directories of a new file's path one level at a time (no recursive mkdir that can loop). */
function ensureDirectory(directory: string, given: string): void {
  const missing: string[] = [];
  let current = directory;
  for (;;) {
    const stats = lstatOrUndefined(current);
    if (stats) {
      const target = stats.isSymbolicLink() ? statSync(current) : stats;
      if (!target.isDirectory()) throw new ReportPathError(`cannot write ${given}: ${current} is not a directory`);
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      throw new ReportPathError(`cannot write ${given}: cannot create the directory ${level}: ${reasonOf(error)}`);
    }
  }
}

function within(directory: string, path: string): boolean {
  const rel = relative(directory, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Checks a report path before the run and creates its missing directories; throws
 * ReportPathError saying why it cannot be written (a directory, a kernel file system, read-only,
 * a symlink leading out of its directory).
 */
export function prepareReportPath(given: string): ReportDestination {
  if (given === '' || given.endsWith('/')) throw new ReportPathError(`${given || "''"} names a directory; give a file name such as reports/verify.json`);
  const path = resolve(given);
  const kernel = KERNEL_FILE_SYSTEMS.find((root) => path === root || path.startsWith(`${root}/`));
  const stats = lstatOrUndefined(path);
  if (!stats) {
    if (kernel) throw new ReportPathError(`cannot write ${given}: ${kernel} is a kernel file system where reports cannot be created; choose a path such as reports/verify.json`);
    ensureDirectory(dirname(path), given);
    probeDirectory(dirname(path), given);
    return { given, kind: 'file', path, identity: path };
  }
  if (stats.isDirectory()) throw new ReportPathError(`${given} is a directory; give a file name inside it, such as ${join(given, 'verify.json')}`);
  if (stats.isSymbolicLink()) {
    let target: string;
    let targetStats: Stats;
    try {
      target = realpathSync(path);
      targetStats = statSync(path);
    } catch (error) {
      throw new ReportPathError(`${given} is a symbolic link that leads nowhere (${reasonOf(error)}); remove it or give another path`);
    }
    if (isStream(targetStats)) return { given, kind: 'stream', path, identity: `${targetStats.dev}:${targetStats.ino}` };
    if (targetStats.isDirectory()) throw new ReportPathError(`${given} is a symbolic link to the directory ${target}; give a file name inside it`);
    const intended = realpathSync(dirname(path));
    if (!within(intended, target)) {
      throw new ReportPathError(`${given} is a symbolic link to ${target}, outside ${intended}; refusing to write through it (give ${target} itself, or remove the link)`);
    }
    probeDirectory(dirname(target), given);
    return { given, kind: 'file', path: target, identity: `${targetStats.dev}:${targetStats.ino}` };
  }
  if (isStream(stats)) return { given, kind: 'stream', path, identity: `${stats.dev}:${stats.ino}` };
  if (kernel) throw new ReportPathError(`cannot write ${given}: ${kernel} is a kernel file system, not a place for reports; choose a path such as reports/verify.json`);
  probeDirectory(dirname(path), given);
  return { given, kind: 'file', path, identity: `${stats.dev}:${stats.ino}` };
}

/**
 * Writes a report where prepareReportPath said: a regular file through a temporary file in the
 * same directory and a rename (the temporary file is removed on any error), a stream by writing
 * through it (appending, so that `/dev/stdout` redirected to a file does not truncate it).
 */
export function writeReport(destination: ReportDestination, content: string): void {
  if (destination.kind === 'stream') {
    const fd = openSync(destination.path, 'a');
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const { path } = destination;
  const existing = lstatOrUndefined(path);
  // Replaced by something else since the check (a device node, a link): never rename over it.
  if (existing && !existing.isFile()) throw new ReportPathError(`${destination.given} changed into something that is not a regular file during the run; nothing written`);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', existing ? existing.mode & 0o777 : 0o666);
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // Not created, or already renamed.
    }
    throw new ReportPathError(`cannot write ${destination.given}: ${reasonOf(error)}`);
  }
}

/** Writes a file so that readers see the old content or the new, never half of it (checks as prepareReportPath). */
export function writeFileAtomic(file: string, content: string): void {
  writeReport(prepareReportPath(file), content);
}

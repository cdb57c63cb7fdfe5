import type { ApiId } from '../../mocks/shared/types.js';
import type { IndexedSpec } from '../spec/types.js';

/** A folder of documented paths (`/MetaService/http/`, `/api/v1/`) and how its last segment reads. */
interface PathPrefix {
  api: ApiId;
  prefix: string;
  /** True when every operation below is named after its last path segment (Meta Service handlers). */
  namesHandlers: boolean;
}

/** A known undocumented handler as the spec's root `x-undocumented-handlers` lists it. */
interface UndocumentedHandler {
  name: string;
  summary?: string;
}

/** What an unknown path resembles: the API whose documented folder it lies in. */
export interface PathResemblance {
  api: ApiId;
  prefix: string;
  /** The rest of the path below the prefix (the handler name of a handler prefix). */
  name: string;
  kind: 'handler' | 'path';
  /** Set when the spec lists the handler as one real servers have but the document does not. */
  known?: UndocumentedHandler;
}

function folderOf(path: string): string {
  const literal = path.includes('{') ? path.slice(0, path.indexOf('{')) : path;
  return literal.slice(0, literal.lastIndexOf('/') + 1);
}

const prefixesBySpec = new WeakMap<IndexedSpec, PathPrefix[]>();

function prefixesOf(spec: IndexedSpec): PathPrefix[] {
  let prefixes = prefixesBySpec.get(spec);
  if (prefixes) return prefixes;
  const byFolder = new Map<string, boolean>();
  for (const operation of spec.operations) {
    const folder = folderOf(operation.path);
    // The root folder says nothing about which API a path belongs to.
    if (folder === '/') continue;
    const named = !operation.path.includes('{') && operation.path.slice(folder.length) === operation.canonicalId;
    byFolder.set(folder, (byFolder.get(folder) ?? true) && named);
  }
  prefixes = [...byFolder].map(([prefix, namesHandlers]) => ({ api: spec.api, prefix, namesHandlers }));
  prefixesBySpec.set(spec, prefixes);
  return prefixes;
}

const handlersBySpec = new WeakMap<IndexedSpec, Map<string, UndocumentedHandler>>();

/** The spec's root `x-undocumented-handlers`: a list of names, or of `{name, summary}` objects. */
function undocumentedHandlersOf(spec: IndexedSpec): Map<string, UndocumentedHandler> {
  let handlers = handlersBySpec.get(spec);
  if (handlers) return handlers;
  handlers = new Map();
  const list = (spec.document as unknown as Record<string, unknown>)['x-undocumented-handlers'];
  for (const item of Array.isArray(list) ? list : []) {
    const entry = typeof item === 'string' ? { name: item } : (item as Partial<UndocumentedHandler & { description: string }>);
    if (typeof entry?.name !== 'string') continue;
    const summary = typeof entry.summary === 'string' ? entry.summary : typeof entry.description === 'string' ? entry.description : undefined;
    handlers.set(entry.name, { name: entry.name, summary });
  }
  handlersBySpec.set(spec, handlers);
  return handlers;
}

/** The API whose documented folder (longest first) holds the path, if any. */
export function resemblePath(specs: IndexedSpec[], path: string): PathResemblance | undefined {
  let best: { spec: IndexedSpec; prefix: PathPrefix } | undefined;
  for (const spec of specs) {
    for (const prefix of prefixesOf(spec)) {
      if (path.startsWith(prefix.prefix) && path.length > prefix.prefix.length && (!best || prefix.prefix.length > best.prefix.prefix.length)) {
        best = { spec, prefix };
      }
    }
  }
  if (!best) return undefined;
  const name = path.slice(best.prefix.prefix.length);
  const kind = best.prefix.namesHandlers && !name.includes('/') ? 'handler' : 'path';
  const known = kind === 'handler' ? undocumentedHandlersOf(best.spec).get(name) : undefined;
  return { api: best.prefix.api, prefix: best.prefix.prefix, name, kind, ...(known && { known }) };
}

/** Why a path is unmatched, in a user's words: which API's undocumented handler or path it looks like. */
export function describeUndocumentedPath(specs: IndexedSpec[], path: string): string {
  const like = resemblePath(specs, path);
  if (!like) return `no spec${specs.length === 1 ? ` (${specs[0]!.api})` : ''} documents this path`;
  if (like.kind === 'path') return `undocumented ${like.api} path ${path} (no documented operation under ${like.prefix} has it)`;
  if (like.known) {
    return `undocumented ${like.api} handler ${like.name}: real servers have it${like.known.summary ? ` (${like.known.summary.trim()})` : ''}, the document does not, so it is not part of the contract`;
  }
  return `undocumented ${like.api} handler ${like.name} (not a documented handler under ${like.prefix})`;
}

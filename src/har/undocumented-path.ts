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

/** The root `x-undocumented-handlers`, `{paths: ['/MetaService/http/{name}'], handlers: [{name, summary}]}`, ready to match. */
interface HandlerDeclarations {
  templates: Array<{ regex: RegExp; prefix: string }>;
  handlers: Map<string, UndocumentedHandler>;
}

const declarationsBySpec = new WeakMap<IndexedSpec, HandlerDeclarations>();

function declarationsOf(spec: IndexedSpec): HandlerDeclarations {
  let declarations = declarationsBySpec.get(spec);
  if (declarations) return declarations;
  const declared = (spec.document as unknown as Record<string, { paths?: unknown; handlers?: unknown } | undefined>)['x-undocumented-handlers'];
  const paths = Array.isArray(declared?.paths) ? declared.paths.filter((p): p is string => typeof p === 'string' && p.includes('{name}')) : [];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const templates = paths.map((template) => {
    const [before, after] = template.split('{name}') as [string, string];
    return { regex: new RegExp(`^${escape(before)}([^/]+)${escape(after)}$`), prefix: before };
  });
  const handlers = new Map<string, UndocumentedHandler>();
  for (const item of Array.isArray(declared?.handlers) ? declared.handlers : []) {
    const { name, summary } = (item ?? {}) as Partial<UndocumentedHandler>;
    if (typeof name === 'string') handlers.set(name, { name, summary: typeof summary === 'string' ? summary : undefined });
  }
  declarations = { templates, handlers };
  declarationsBySpec.set(spec, declarations);
  return declarations;
}

/**
 * The API an unknown path belongs to: a handler path the spec's `x-undocumented-handlers`
 * declares (`/MetaService/http/{name}`), else the documented folder (longest first) that holds it.
 */
export function resemblePath(specs: IndexedSpec[], path: string): PathResemblance | undefined {
  for (const spec of specs) {
    const { templates, handlers } = declarationsOf(spec);
    for (const { regex, prefix } of templates) {
      const name = regex.exec(path)?.[1];
      if (name === undefined) continue;
      const known = handlers.get(name);
      return { api: spec.api, prefix, name, kind: 'handler', ...(known && { known }) };
    }
  }
  let best: PathPrefix | undefined;
  for (const spec of specs) {
    for (const prefix of prefixesOf(spec)) {
      if (path.startsWith(prefix.prefix) && path.length > prefix.prefix.length && (!best || prefix.prefix.length > best.prefix.length)) best = prefix;
    }
  }
  if (!best) return undefined;
  const name = path.slice(best.prefix.length);
  return { api: best.api, prefix: best.prefix, name, kind: best.namesHandlers && !name.includes('/') ? 'handler' : 'path' };
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

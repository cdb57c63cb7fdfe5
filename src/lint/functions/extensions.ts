import { findExtension, isNonEmptyString, isObject, type Check, type Finding } from './shapes.js';

/** Rules over `x-doc-quirks` and `x-observed` lists wherever they appear (given the whole document). */

const QUIRK_FIELDS = ['id', 'says', 'chosen', 'why'] as const;

/** Observed-fact ids (`<api prefix>-<name>`, e.g. `ms-token-403`): only their form can be checked here. */
export const OBSERVED_ID = /^(fe|ms|kl|ax)-[a-z0-9-]+$/;

export const docQuirksAreComplete: Check = (document) => {
  const results: Finding[] = [];
  const firstSeen = new Map<string, string>();
  for (const { path, value } of findExtension(document, 'x-doc-quirks')) {
    if (!Array.isArray(value)) {
      results.push({ message: 'x-doc-quirks must be a list.', path });
      continue;
    }
    value.forEach((quirk, index) => {
      const at = [...path, index];
      if (!isObject(quirk)) {
        results.push({ message: 'A doc quirk must be an object with id, says, chosen and why.', path: at });
        return;
      }
      const missing = QUIRK_FIELDS.filter((field) => !isNonEmptyString(quirk[field]));
      if (missing.length > 0) results.push({ message: `Doc quirk lacks ${missing.join(', ')}.`, path: at });
      if (typeof quirk.id !== 'string') return;
      const where = at.join('.');
      const earlier = firstSeen.get(quirk.id);
      if (earlier) results.push({ message: `Doc quirk id "${quirk.id}" is also used at ${earlier}; ids are unique within a spec.`, path: [...at, 'id'] });
      else firstSeen.set(quirk.id, where);
    });
  }
  return results;
};

function observedProblem(entry: unknown): { message: string; subpath: (string | number)[] } | undefined {
  const id = isObject(entry) ? entry.id : entry;
  if (typeof id !== 'string') return { message: 'An x-observed entry is an id or an object with an `id`.', subpath: [] };
  if (!OBSERVED_ID.test(id)) {
    return { message: `x-observed id "${id}" does not look like an observed-fact id (${OBSERVED_ID.source}).`, subpath: isObject(entry) ? ['id'] : [] };
  }
  if (!isObject(entry)) return undefined;
  if (entry.request !== undefined) {
    if (!isObject(entry.request)) return { message: `x-observed "${id}": request must be an object.`, subpath: ['request'] };
    if (entry.request.anyMethod !== undefined && typeof entry.request.anyMethod !== 'boolean') {
      return { message: `x-observed "${id}": request.anyMethod must be true or false.`, subpath: ['request', 'anyMethod'] };
    }
  }
  if (entry.response === undefined) return undefined;
  const response = entry.response;
  if (!isObject(response)) return { message: `x-observed "${id}": response must be an object.`, subpath: ['response'] };
  if (response.status !== undefined && !(Number.isInteger(response.status) && Number(response.status) >= 100 && Number(response.status) <= 599)) {
    return { message: `x-observed "${id}": response.status must be an HTTP status code.`, subpath: ['response', 'status'] };
  }
  // An empty contentType stands for "no Content-Type header" (Meta Service ms-content-type-echo).
  if (response.contentType !== undefined && (typeof response.contentType !== 'string' || (response.contentType !== '' && !isNonEmptyString(response.contentType)))) {
    return { message: `x-observed "${id}": response.contentType must be a media type, or '' for none.`, subpath: ['response', 'contentType'] };
  }
  if (response.schema !== undefined && !isObject(response.schema) && typeof response.schema !== 'boolean') {
    return { message: `x-observed "${id}": response.schema must be a JSON Schema.`, subpath: ['response', 'schema'] };
  }
  return undefined;
}

export const observedEntriesAreWellFormed: Check = (document) => {
  const results: Finding[] = [];
  for (const { path, value } of findExtension(document, 'x-observed')) {
    if (!Array.isArray(value)) {
      results.push({ message: 'x-observed must be a list.', path });
      continue;
    }
    value.forEach((entry, index) => {
      const problem = observedProblem(entry);
      if (problem) results.push({ message: problem.message, path: [...path, index, ...problem.subpath] });
    });
  }
  return results;
};

/** The root `x-undocumented-handlers`: `{paths: [templates with {name}], handlers: [{name, summary}]}`. */
export const undocumentedHandlersAreWellFormed: Check = (document) => {
  if (!isObject(document) || document['x-undocumented-handlers'] === undefined) return [];
  const declared = document['x-undocumented-handlers'];
  const at = ['x-undocumented-handlers'];
  if (!isObject(declared)) return [{ message: 'x-undocumented-handlers must be an object with paths and handlers.', path: at }];
  const results: Finding[] = [];
  const { paths, handlers } = declared;
  if (!Array.isArray(paths) || paths.length === 0) results.push({ message: 'x-undocumented-handlers.paths must list path templates.', path: [...at, 'paths'] });
  else {
    paths.forEach((path, index) => {
      if (typeof path !== 'string' || !path.startsWith('/') || !path.includes('{name}')) {
        results.push({ message: `x-undocumented-handlers.paths: ${JSON.stringify(path)} is not a path template with a {name} segment.`, path: [...at, 'paths', index] });
      }
    });
  }
  if (!Array.isArray(handlers)) return [...results, { message: 'x-undocumented-handlers.handlers must be a list.', path: [...at, 'handlers'] }];
  const seen = new Set<string>();
  handlers.forEach((handler, index) => {
    const where = [...at, 'handlers', index];
    if (!isObject(handler) || !isNonEmptyString(handler.name) || !isNonEmptyString(handler.summary)) {
      results.push({ message: 'An undocumented handler needs a name and a summary.', path: where });
      return;
    }
    if (seen.has(handler.name)) results.push({ message: `Undocumented handler "${handler.name}" is listed twice.`, path: [...where, 'name'] });
    seen.add(handler.name);
  });
  return results;
};

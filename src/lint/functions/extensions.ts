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
  if (!isObject(entry) || entry.response === undefined) return undefined;
  const response = entry.response;
  if (!isObject(response)) return { message: `x-observed "${id}": response must be an object.`, subpath: ['response'] };
  if (response.status !== undefined && !(Number.isInteger(response.status) && Number(response.status) >= 100 && Number(response.status) <= 599)) {
    return { message: `x-observed "${id}": response.status must be an HTTP status code.`, subpath: ['response', 'status'] };
  }
  if (response.contentType !== undefined && !isNonEmptyString(response.contentType)) {
    return { message: `x-observed "${id}": response.contentType must be a media type.`, subpath: ['response', 'contentType'] };
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

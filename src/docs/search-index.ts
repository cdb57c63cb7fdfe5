import type { ApiReference } from './api-model.js';
import { plainText } from './markdown.js';
import { noteAnchors, schemaAnchor } from './notes-html.js';
import { apiPagePath } from './site-pages.js';

/**
 * The site-wide search index, built once with the site: one entry per operation, variant, field,
 * answer example (error codes and messages live there), document quirk, observed deviation and
 * schema of the four APIs. The browser only filters it (`assets/reference.js`).
 */

export type SearchKind = 'operation' | 'variant' | 'field' | 'answer' | 'quirk' | 'observed' | 'schema';

export interface SearchEntry {
  /** What the result shows and matches first (an operationId, a job type, a field name, an id). */
  title: string;
  kind: SearchKind;
  api: string;
  /** Where the entry lives: `<api>.html#<anchor>`. */
  href: string;
  /** Context shown under the title and matched second. */
  text: string;
}

/** Answer examples are matched on their first characters only: enough for codes and messages. */
const EXAMPLE_TEXT_LIMIT = 300;

function entriesOf(reference: ApiReference): SearchEntry[] {
  const entries: SearchEntry[] = [];
  const page = apiPagePath(reference.api);
  const add = (kind: SearchKind, title: string, anchor: string, text: string) =>
    entries.push({ kind, title, api: reference.api, href: `${page}#${anchor}`, text: plainText(text) });
  const notes = (base: string, owner: { quirks: { id: string; says: string }[]; observed: { id: string; summary?: string }[] }, context: string) => {
    const quirkAnchors = noteAnchors(base, 'quirk', owner.quirks.map((q) => q.id));
    owner.quirks.forEach((quirk, i) => add('quirk', quirk.id, quirkAnchors[i]!, quirk.says));
    const observedAnchors = noteAnchors(base, 'observed', owner.observed.map((o) => o.id));
    owner.observed.forEach((observed, i) => add('observed', observed.id, observedAnchors[i]!, `${context}${observed.summary ?? ''}`));
  };
  notes('', { quirks: [], observed: reference.specWideObserved }, '');
  for (const operation of reference.tags.flatMap((tag) => tag.operations)) {
    const aliases = operation.aliases.map((alias) => `${alias.operationId} ${alias.path}`).join(' ');
    add('operation', operation.operationId, operation.anchor, `${operation.method} ${operation.path} — ${operation.summary} ${aliases}`);
    notes(operation.anchor, operation, `${operation.operationId}: `);
    for (const variant of operation.variants) {
      if (operation.hasVariants) {
        add('variant', variant.name, variant.anchor, `${operation.operationId}${variant.mode ? ` (${variant.mode})` : ''} — ${variant.summary ?? ''}`);
      }
      const fields = new Set<string>();
      for (const field of [...variant.parameters, ...variant.bodyFields]) {
        if (!field.name || fields.has(field.name)) continue;
        fields.add(field.name);
        add('field', field.name, variant.anchor, `${variant.title}: ${field.type}${field.required ? ', required' : ''} — ${field.description}`);
      }
      for (const response of variant.responses) {
        for (const example of response.examples) {
          add('answer', example.summary ?? example.key, variant.anchor, `${variant.title} ${response.status}: ${example.text.replace(/\s+/g, ' ').slice(0, EXAMPLE_TEXT_LIMIT)}`);
        }
      }
      if (operation.hasVariants) notes(variant.anchor, variant, `${variant.title}: `);
    }
  }
  for (const schema of reference.schemas) add('schema', schema.name, schemaAnchor(schema.name), schema.description);
  return entries;
}

export function buildSearchIndex(references: ApiReference[]): SearchEntry[] {
  return references.flatMap(entriesOf);
}

/**
 * The index as a script that sets a global: a `<script src>` loads from a plain file server and
 * from an exported site opened with file://, where fetching a JSON file is refused.
 */
export function searchIndexScript(entries: SearchEntry[]): string {
  return `window.contractKitSearchIndex = ${JSON.stringify(entries).replace(/</g, '\\u003c')};\n`;
}

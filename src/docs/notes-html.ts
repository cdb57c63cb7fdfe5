import type { DocQuirk } from '../spec/types.js';
import type { ShownExample, ShownObserved } from './api-model.js';
import { escapeHtml, inlineMarkdown } from './markdown.js';

/**
 * Document quirks (`x-doc-quirks`) and observed deviations (`x-observed`) written for people:
 * what the document says, what the spec and real servers do, what the mock does in each profile,
 * with the example exchange; schemas are links to their named entry, never raw JSON Schema.
 */

export const schemaAnchor = (name: string): string => `schema/${name}`;

/**
 * Anchors of an owner's notes: `<base>/<kind>/<id>`, with `-2`, `-3`... for an id listed again
 * (the Meta Service lists `ms-status-map` once per error category), so every anchor is unique.
 */
export function noteAnchors(base: string, kind: 'observed' | 'quirk', ids: string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return `${base ? `${base}/` : ''}${kind}/${id}${count > 1 ? `-${count}` : ''}`;
  });
}

export function schemaLink(name: string | undefined): string {
  return name ? `<a class="ck-schema-link" href="#${escapeHtml(schemaAnchor(name))}">${escapeHtml(name)}</a>` : '';
}

export function quirkHtml(quirk: DocQuirk, anchor: string): string {
  return `<div class="ck-note ck-quirk" id="${escapeHtml(anchor)}">
<p class="ck-note-title"><span class="ck-badge ck-badge-quirk">document quirk</span> <code>${escapeHtml(quirk.id)}</code></p>
<dl>
<dt>The document says</dt><dd>${inlineMarkdown(quirk.says)}</dd>
<dt>The spec reads it as</dt><dd>${inlineMarkdown(quirk.chosen)}</dd>
<dt>Why</dt><dd>${inlineMarkdown(quirk.why)}</dd>
<dt>The mock</dt><dd>Follows the spec's reading in both profiles; verify checks servers against it.</dd>
</dl>
</div>`;
}

/** What the real server answers, in words: status, content type, and the body's named schema or text pattern. */
function realAnswer(answer: NonNullable<ShownObserved['answer']>): string {
  const parts: string[] = [];
  if (answer.status !== undefined) parts.push(`HTTP <strong>${answer.status}</strong>`);
  if (answer.contentType) parts.push(`<code>${escapeHtml(answer.contentType)}</code>`);
  if (answer.schemaName) parts.push(`body ${schemaLink(answer.schemaName)}`);
  else if (answer.pattern) parts.push(`a text body matching <code>${escapeHtml(answer.pattern)}</code>`);
  return parts.join(', ');
}

export interface ObservedContext {
  /** The request the exchange starts from: the variant's documented example. */
  request?: { method: string; path: string; example?: ShownExample };
  /** The documented answers of the same operation or variant (`200 KlAsyncAnswer`, ...), in words. */
  documentedAnswers: string;
}

export function observedHtml(entry: ShownObserved, anchor: string, context: ObservedContext): string {
  const response = entry.answer;
  const answer = response ? realAnswer(response) : '';
  const exchange = response && context.request
    ? `<dt>Example exchange</dt><dd><pre class="ck-exchange">${escapeHtml(`${context.request.method} ${context.request.path}`)}${
        context.request.example ? `\n${escapeHtml(context.request.example.text)}` : ''
      }\n\n→ ${answer ? answer.replace(/<[^>]+>/g, '') : 'see above'}${response.insteadOfRejection ? ' (where the documents reject the request)' : ''}</pre></dd>`
    : '';
  return `<div class="ck-note ck-observed" id="${escapeHtml(anchor)}">
<p class="ck-note-title"><span class="ck-badge ck-badge-observed">observed</span> <code>${escapeHtml(entry.id)}</code></p>
<dl>
<dt>Real servers</dt><dd>${entry.summary ? inlineMarkdown(entry.summary) : 'Deviate from the document here.'}${answer ? ` They answer ${answer}.` : ''}</dd>
${context.documentedAnswers ? `<dt>The document says</dt><dd>${context.documentedAnswers}</dd>` : ''}
<dt>The mock</dt><dd>The <code>documented</code> profile answers as the document says; the <code>observed</code> profile (<code>contract-kit mock --profile observed</code>) answers like real servers.${
    response ? ' Verify reports such an answer as a known deviation naming this id.' : ''
  }</dd>
${exchange}
</dl>
</div>`;
}

import type { MatchCondition } from '../spec/types.js';
import type { ApiReference, OperationEntry, ShownExample, ShownResponse, TryItRequest, VariantEntry } from './api-model.js';
import type { FieldRow } from './schema-fields.js';
import { escapeHtml, inlineMarkdown, markdownToHtml } from './markdown.js';
import { noteAnchors, observedHtml, quirkHtml, schemaAnchor, schemaLink, type ObservedContext } from './notes-html.js';
import { apiSpecPath, page, searchBox, swaggerPagePath } from './site-pages.js';

/**
 * The reference page of one API: a navigation with every operation and every variant (job type,
 * form, lookup) as its own entry, then one section per operation and variant with its fields,
 * examples, answers, quirks, deviations and a try-it form pre-filled for the local mock.
 */

const attr = escapeHtml;

function badges(entry: { mode?: string; safety?: string }): string {
  return [entry.mode, entry.safety]
    .filter(Boolean)
    .map((text) => `<span class="ck-badge ck-badge-${attr(text!)}">${escapeHtml(text!)}</span>`)
    .join(' ');
}

function navHtml(reference: ApiReference): string {
  const operation = (op: OperationEntry) => {
    const variants = op.hasVariants
      ? `<ul class="ck-nav-variants">${op.variants
          .map((v) => `<li><a href="#${attr(v.anchor)}" data-search="${attr(`${v.name} ${op.operationId}`)}">${escapeHtml(v.title)}</a>${v.mode ? ` <span class="ck-badge ck-badge-${v.mode}">${v.mode}</span>` : ''}</li>`)
          .join('')}</ul>`
      : '';
    return `<li><a href="#${attr(op.anchor)}" data-search="${attr(op.operationId)}"><span class="ck-method ck-method-${op.method.toLowerCase()}">${op.method}</span> ${escapeHtml(op.operationId)}</a>${variants}</li>`;
  };
  return `<nav class="ck-nav" aria-label="Operations and variants">
<input type="search" class="ck-nav-filter" placeholder="Filter operations and variants" aria-label="Filter operations and variants">
<ul class="ck-nav-tags">
${reference.tags.map((tag) => `<li class="ck-nav-tag"><span class="ck-nav-tag-name">${escapeHtml(tag.name)}</span><ul>${tag.operations.map(operation).join('')}</ul></li>`).join('\n')}
<li class="ck-nav-tag"><a href="#observed">Observed on every operation</a></li>
<li class="ck-nav-tag"><a href="#schemas">Schemas</a></li>
</ul>
</nav>`;
}

function fieldTable(rows: FieldRow[], caption: string, withLocation = false): string {
  if (rows.length === 0) return '';
  const cells = (row: FieldRow & { in?: string }) => {
    const type = row.oneOf.length
      ? `one of ${row.oneOf.map((name) => schemaLink(name) || escapeHtml(name)).join(' | ')}`
      : `${escapeHtml(row.type)}${row.schemaName ? ` (${schemaLink(row.schemaName)})` : ''}`;
    return `<tr><td><code>${escapeHtml(row.name || '(body)')}</code></td>${withLocation ? `<td>${escapeHtml(row.in ?? '')}</td>` : ''}<td>${type}</td><td>${
      row.required ? '<span class="ck-required">required</span>' : 'optional'
    }</td><td>${row.constraints.map((c) => `<code>${escapeHtml(c)}</code>`).join(' ')}</td><td>${inlineMarkdown(row.description)}</td></tr>`;
  };
  return `<table class="ck-fields"><caption>${caption}</caption>
<thead><tr><th>Field</th>${withLocation ? '<th>In</th>' : ''}<th>Type</th><th>Required</th><th>Constraints</th><th>Description</th></tr></thead>
<tbody>${rows.map(cells).join('')}</tbody></table>`;
}

function examplesHtml(examples: ShownExample[], label: string): string {
  return examples
    .map((e) => `<figure class="ck-example"><figcaption>${escapeHtml(label)}: ${escapeHtml(e.summary ?? e.key)} <span class="ck-example-key">(${escapeHtml(e.key)})</span></figcaption><pre>${escapeHtml(e.text)}</pre></figure>`)
    .join('');
}

function responseHtml(response: ShownResponse): string {
  const schema = response.oneOf.length
    ? `one of ${response.oneOf.map((name) => schemaLink(name) || escapeHtml(name)).join(' | ')}`
    : schemaLink(response.schemaName);
  return `<div class="ck-response"><p><span class="ck-status">${escapeHtml(response.status)}</span> ${inlineMarkdown(response.description)}${
    schema ? ` — ${schema}` : ''
  } <span class="ck-media">${response.mediaTypes.map(escapeHtml).join(', ')}</span></p>${examplesHtml(response.examples, 'Answer')}</div>`;
}

function describeCondition(condition: MatchCondition): string {
  const where = condition.in === 'body' ? `body <code>${escapeHtml(condition.pointer)}</code>` : `${condition.in} <code>${escapeHtml(condition.name)}</code>`;
  if (condition.const !== undefined) return `${where} = <code>${escapeHtml(JSON.stringify(condition.const))}</code>`;
  return `${where} ${condition.present === false ? 'is absent' : 'is present'}`;
}

function tryItHtml(reference: ApiReference, request: TryItRequest, anchor: string): string {
  const id = (field: string) => attr(`try/${anchor}/${field}`);
  const methods = request.methods.map((m) => `<option>${m}</option>`).join('');
  const query = request.query
    .map((q) => `<label>${escapeHtml(q.name)} <input name="query" data-name="${attr(q.name)}" value="${attr(q.value)}"></label>`)
    .join('');
  const auth = request.basicAuth
    ? `<label>user <input name="user" value="${attr(request.basicAuth.user)}"></label><label>password <input name="password" type="password" value="${attr(request.basicAuth.password)}" placeholder="(empty)"></label>`
    : '';
  const body =
    request.body !== undefined
      ? `<label class="ck-try-body">body (<code>${escapeHtml(request.mediaType ?? '')}</code>)<textarea name="body" id="${id('body')}" rows="${Math.min(18, request.body.split('\n').length + 1)}" spellcheck="false">${escapeHtml(request.body)}</textarea></label>`
      : '';
  return `<details class="ck-try" data-path="${attr(request.path)}" data-media-type="${attr(request.mediaType ?? '')}">
<summary>Try it against the mock</summary>
<form>
<div class="ck-try-line"><select name="method" aria-label="method">${methods}</select> <code class="ck-try-url">${escapeHtml(request.path)}</code></div>
${query || auth ? `<div class="ck-try-inputs">${query}${auth}</div>` : ''}
${body}
<button type="submit">Send</button>
</form>
<div class="ck-try-answer" aria-live="polite"></div>
</details>`;
}

function documentedAnswers(responses: ShownResponse[]): string {
  return responses
    .map((r) => `<span class="ck-status">${escapeHtml(r.status)}</span> ${r.oneOf.length ? r.oneOf.map((n) => schemaLink(n)).join(' | ') : schemaLink(r.schemaName)}`)
    .join('; ');
}

function notes(entries: { quirks: VariantEntry['quirks']; observed: VariantEntry['observed'] }, anchor: string, context: ObservedContext): string {
  const quirkAnchors = noteAnchors(anchor, 'quirk', entries.quirks.map((q) => q.id));
  const observedAnchors = noteAnchors(anchor, 'observed', entries.observed.map((o) => o.id));
  const quirks = entries.quirks.map((q, i) => quirkHtml(q, quirkAnchors[i]!)).join('');
  const observed = entries.observed.map((o, i) => observedHtml(o, observedAnchors[i]!, context)).join('');
  return quirks + observed;
}

function variantBody(reference: ApiReference, op: OperationEntry, v: VariantEntry): string {
  const request = { method: op.method, path: op.path, example: v.requestExamples[0] };
  const status = v.statusResponse
    ? `<h5>When the job is done, <code>get_status</code> answers ${schemaLink(v.statusResponse.schemaName)}</h5>${examplesHtml(v.statusResponse.examples, 'get_status answer')}`
    : '';
  return `${v.match.length ? `<p class="ck-match">Chosen when ${v.match.map(describeCondition).join(' and ')}.</p>` : ''}
${v.description ? markdownToHtml(v.description) : ''}
${fieldTable(v.parameters, 'Parameters', true)}
${fieldTable(v.bodyFields, `Request body${v.bodySchemaName ? ` — ${schemaLink(v.bodySchemaName)}` : ''}`)}
${examplesHtml(v.requestExamples, 'Request')}
<h5>Immediate answer</h5>
${v.responses.map(responseHtml).join('')}
${status}
${notes(v, v.anchor, { request, documentedAnswers: documentedAnswers(v.responses) })}
${tryItHtml(reference, v.tryIt, v.anchor)}`;
}

function operationHtml(reference: ApiReference, op: OperationEntry): string {
  const facts = [
    `safety ${badges({ safety: op.safety })}`,
    op.acceptedMethods.length ? `the server also accepts ${op.acceptedMethods.map((m) => `<code>${m}</code>`).join(', ')}` : '',
    op.aliases.length ? `also at ${op.aliases.map((a) => `<code>${escapeHtml(a.path)}</code> (<code>${escapeHtml(a.operationId)}</code>)`).join(', ')}` : '',
  ].filter(Boolean);
  const first = op.variants[0]!;
  const context: ObservedContext = {
    request: { method: op.method, path: op.path, example: first.requestExamples[0] },
    documentedAnswers: documentedAnswers(first.responses),
  };
  const variantIndex = op.hasVariants
    ? `<table class="ck-variant-index"><caption>${op.variants.length} variants — a request is the first whose condition holds</caption><thead><tr><th>Variant</th><th>Mode</th><th>Summary</th></tr></thead><tbody>${op.variants
        .map((v) => `<tr><td><a href="#${attr(v.anchor)}">${escapeHtml(v.title)}</a></td><td>${badges(v)}</td><td>${inlineMarkdown(v.summary)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const body = op.hasVariants
    ? op.variants
        .map((v) => `<section class="ck-variant" id="${attr(v.anchor)}"><h4>${escapeHtml(v.title)} ${badges(v)} <a class="ck-permalink" href="#${attr(v.anchor)}" aria-label="link to ${attr(v.title)}">#</a></h4>
${v.summary ? `<p class="ck-summary">${inlineMarkdown(v.summary)}</p>` : ''}
${variantBody(reference, op, v)}</section>`)
        .join('\n')
    : variantBody(reference, op, first);
  return `<section class="ck-op" id="${attr(op.anchor)}">
<h3><span class="ck-method ck-method-${op.method.toLowerCase()}">${op.method}</span> <code class="ck-path">${escapeHtml(op.path)}</code> <span class="ck-op-id">${escapeHtml(op.operationId)}</span></h3>
<p class="ck-summary">${inlineMarkdown(op.summary)}</p>
<p class="ck-facts">${facts.join(' · ')}</p>
${markdownToHtml(op.description)}
${notes(op, op.anchor, context)}
${variantIndex}
${body}
</section>`;
}

function schemasHtml(reference: ApiReference): string {
  return `<section class="ck-schemas" id="schemas"><h2>Schemas</h2>
${reference.schemas
  .map(
    (s) => `<section class="ck-schema" id="${attr(schemaAnchor(s.name))}"><h4>${escapeHtml(s.name)}</h4>${s.description ? `<p>${inlineMarkdown(s.description)}</p>` : ''}${
      s.usedBy.length ? `<p class="ck-used-by">Used by ${s.usedBy.map((a) => `<a href="#${attr(a)}">${escapeHtml(a)}</a>`).join(', ')}</p>` : ''
    }${fieldTable(s.rows, 'Fields')}</section>`,
  )
  .join('\n')}
</section>`;
}

export function renderReferencePage(reference: ApiReference): string {
  const specWideAnchors = noteAnchors('', 'observed', reference.specWideObserved.map((o) => o.id));
  // Each operation's section shows what the document says there; these apply to all of them.
  const specWide = reference.specWideObserved.map((o, i) => observedHtml(o, specWideAnchors[i]!, { documentedAnswers: '' })).join('');
  const target = reference.mockUrl ?? '';
  return page(
    `${reference.title} — contract-kit API docs`,
    '',
    `<header class="ck-header"><a href="index.html">All APIs</a> · <strong>${escapeHtml(reference.title)}</strong> (${reference.api}) · <a href="${apiSpecPath(reference.api)}">OpenAPI JSON</a> · <a href="${swaggerPagePath(reference.api)}">Swagger UI view</a>
${searchBox()}</header>
<div class="ck-layout" data-api="${reference.api}">
${navHtml(reference)}
<main class="ck-content">
<section class="ck-intro">
<h1>${escapeHtml(reference.title)}</h1>
${markdownToHtml(reference.description)}
<p class="ck-target"><label>Try-it sends requests to <input id="ck-target" value="${attr(target)}" size="32" spellcheck="false"></label> (the local mock; start it with <code>npx contract-kit mock ${reference.api}</code>)</p>
</section>
${reference.tags
  .map((tag) => `<h2 id="tag/${attr(tag.name)}">${escapeHtml(tag.name)}</h2>${tag.description ? `<p>${inlineMarkdown(tag.description)}</p>` : ''}\n${tag.operations.map((op) => operationHtml(reference, op)).join('\n')}`)
  .join('\n')}
<section id="observed"><h2>Observed on every operation</h2><p>How real deployments of this API deviate from the document everywhere.</p>${specWide}</section>
${schemasHtml(reference)}
</main>
</div>
<script src="assets/search-index.js"></script>
<script src="assets/reference.js"></script>`,
  );
}

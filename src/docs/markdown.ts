/**
 * The Markdown the specs' descriptions use, as HTML: paragraphs, `*`/`-` bullet lists, `code`,
 * **bold**, *emphasis* and [links](url). Everything is HTML-escaped first, so no text in a spec
 * can inject markup; links keep only http(s) and in-page targets. This is deliberately the small
 * subset the four specs are written in (see specs/CONVENTIONS.md), not a general Markdown engine.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function inline(text: string): string {
  // Code spans first, held aside so that emphasis marks inside them stay literal.
  const spans: string[] = [];
  let html = escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => {
    spans.push(`<code>${code}</code>`);
    return `\u0000${spans.length - 1}\u0000`;
  });
  html = html
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|#)[^)\s]+)\)/g, '<a href="$2">$1</a>');
  return html.replace(/\u0000(\d+)\u0000/g, (_, index: string) => spans[Number(index)]!);
}

const BULLET = /^\s*[*-]\s+/;

/** A Markdown description as HTML blocks (`<p>`, `<ul>`). */
export function markdownToHtml(markdown: string | undefined): string {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let items: string[] | undefined;
  const flush = () => {
    if (paragraph.length) blocks.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (items) blocks.push(`<ul>${items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    paragraph = [];
    items = undefined;
  };
  for (const line of (markdown ?? '').split('\n')) {
    if (!line.trim()) flush();
    else if (BULLET.test(line)) {
      if (paragraph.length) flush();
      (items ??= []).push(line.replace(BULLET, '').trim());
    } else if (items && /^\s/.test(line)) {
      // An indented line without a bullet continues the item above it.
      items[items.length - 1] += ` ${line.trim()}`;
    } else {
      if (items) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks.join('\n');
}

/** One line of Markdown as inline HTML (summaries, quirk texts). */
export function inlineMarkdown(text: string | undefined): string {
  return inline((text ?? '').replace(/\s*\n\s*/g, ' ').trim());
}

/** Plain text of a Markdown line: code and emphasis marks removed (`_` kept: `job_type`). */
export function plainText(markdown: string | undefined): string {
  return (markdown ?? '').replace(/\s+/g, ' ').replace(/`|\*\*?/g, '').trim();
}

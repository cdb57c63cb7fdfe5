import { docQuirks, observedEntries, type VariantDeclaration } from '../spec/index-operations.js';
import type { DocQuirk, MatchCondition, ObservedEntry, Safety } from '../spec/types.js';

/**
 * Markdown sections that make the spec's machine-read `x-` extensions readable in a renderer that
 * only knows plain OpenAPI: variants, document quirks and real-server deviations.
 */

/** A schema as written in a bundled (not dereferenced) spec: usually `{ $ref }`. */
type SchemaAsWritten = { $ref?: string; [keyword: string]: unknown } | boolean;

/** What one operation carries, gathered from the operation, its path item and its variants. */
export interface OperationNotesInput {
  safety?: Safety;
  aliasOf?: string;
  variants: VariantDeclaration[];
  quirks: DocQuirk[];
  observed: ObservedEntry[];
  /** Root `x-observed`: spec-wide deviations that apply to every operation. */
  specWideObserved: ObservedEntry[];
}

const code = (text: unknown): string => '`' + String(text).replace(/`/g, "'") + '`';

/** `#/components/schemas/KlFailed` → `KlFailed`; an inline schema is described by its type. */
function schemaName(schema: SchemaAsWritten | undefined): string | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema === 'boolean') return schema ? 'any value' : 'no value';
  if (typeof schema.$ref === 'string') return code(schema.$ref.split('/').pop());
  if (typeof schema.type === 'string') return `inline ${code(schema.type)} schema`;
  return 'inline schema';
}

function describeCondition(condition: MatchCondition): string {
  const where = condition.in === 'body' ? `body ${code(condition.pointer)}` : `${condition.in} ${code(condition.name)}`;
  const tests: string[] = [];
  if (condition.const !== undefined) tests.push(`= ${code(JSON.stringify(condition.const))}`);
  if (condition.present === true) tests.push('is present');
  if (condition.present === false) tests.push('is absent');
  return `${where} ${tests.join(' and ') || 'is given'}`;
}

function exampleList(keys: string[] | undefined): string {
  return keys?.length ? ` (examples ${keys.map(code).join(', ')})` : '';
}

function variantSection(variants: VariantDeclaration[]): string[] {
  if (variants.length === 0) return [];
  const lines = [
    '#### Variants',
    '',
    'OpenAPI cannot tell these requests apart by method and path; a request belongs to the **first** variant whose conditions all hold.',
    '',
  ];
  variants.forEach((variant, index) => {
    const traits = [variant['x-safety'], variant.mode].filter(Boolean).map((t) => code(t)).join(', ');
    const marker = `${index + 1}. `;
    lines.push(`${marker}**${code(variant.name)}**${variant.summary ? ` — ${variant.summary}` : ''}${traits ? ` (${traits})` : ''}`);
    // Nested bullets must start where the item's text does, which moves right from item 10 on.
    const nested = `${' '.repeat(marker.length)}- `;
    const match = variant.match ?? [];
    lines.push(`${nested}Matches: ${match.length ? match.map(describeCondition).join('; ') : 'any request (fallback)'}`);
    if (variant.description) lines.push(`${nested}${variant.description.replace(/\s*\n\s*/g, ' ')}`);
    const request = variant.request;
    const requestParts = [
      request?.schema && `body ${schemaName(request.schema)}`,
      request?.parameters?.length && `query parameters ${request.parameters.map(code).join(', ')}`,
    ].filter(Boolean);
    if (requestParts.length || request?.examples?.length) {
      lines.push(`${nested}Request: ${requestParts.join(', ') || 'no body'}${exampleList(request?.examples)}`);
    }
    const responses = Object.entries(variant.responses ?? {}).map(
      ([status, response]) => `${code(status)} ${schemaName(response.schema) ?? ''}${exampleList(response.examples)}`.replace(/ +/g, ' '),
    );
    if (responses.length) lines.push(`${nested}Responses: ${responses.join('; ')}`);
    if (variant.statusResponse) {
      lines.push(
        `${nested}Once the job is done, ${code('get_status')} answers ${schemaName(variant.statusResponse.schema) ?? 'its result'}${exampleList(variant.statusResponse.examples)}`,
      );
    }
  });
  return lines;
}

interface Attributed<T> {
  entry: T;
  /** The variant the entry belongs to, undefined for the operation itself. */
  variant?: string;
}

function attribution(variant: string | undefined): string {
  return variant ? ` (variant ${code(variant)})` : '';
}

function quirkSection(quirks: Attributed<DocQuirk>[]): string[] {
  if (quirks.length === 0) return [];
  const lines = ['#### Document quirks', '', 'Where the original document contradicts itself or is wrong, and the reading this spec chose.', ''];
  for (const { entry, variant } of quirks) {
    lines.push(`- **${code(entry.id)}**${attribution(variant)}`);
    lines.push(`  - The document says: ${entry.says}`);
    lines.push(`  - The spec chose: ${entry.chosen}`);
    lines.push(`  - Why: ${entry.why}`);
  }
  return lines;
}

/** A deviating body in a few words: its schema's name, the pattern a text body matches, or its type. */
function shortBody(schema: SchemaAsWritten): string {
  if (typeof schema === 'object' && typeof schema.$ref === 'string') return schemaName(schema)!;
  if (typeof schema === 'object' && typeof schema.pattern === 'string') return `matching ${code(schema.pattern)}`;
  return schemaName(schema) ?? 'inline schema';
}

function describeDeviatingResponse(response: ObservedEntry['response']): string {
  if (!response) return '';
  const parts: string[] = [];
  if (response.status !== undefined) parts.push(`HTTP ${response.status}`);
  if (response.contentType) parts.push(code(response.contentType));
  const schema = response.schema as SchemaAsWritten | undefined;
  // Named or summarised, never dumped: the schema itself is one click away in the models.
  if (schema !== undefined) parts.push(`body ${shortBody(schema)}`);
  return parts.length ? ` Real servers answer: ${parts.join(', ')}.` : '';
}

function observedLine({ entry, variant }: Attributed<ObservedEntry>): string {
  const summary = entry.summary ? `: ${entry.summary}` : '';
  return `- **${code(entry.id)}**${attribution(variant)}${summary}${describeDeviatingResponse(entry.response)}`;
}

function observedSection(observed: Attributed<ObservedEntry>[], specWide: ObservedEntry[]): string[] {
  if (observed.length === 0 && specWide.length === 0) return [];
  const lines = [
    '#### Observed on real servers',
    '',
    'How real deployments deviate from the document; a contract run reports a response matching one of these as a known deviation.',
    '',
    ...observed.map(observedLine),
  ];
  if (specWide.length) lines.push(`- Every operation of this API: ${specWide.map((e) => code(e.id)).join(', ')} (see the API description).`);
  return lines;
}

/** The Markdown appended to an operation's description; '' when the operation has nothing to add. */
export function operationNotes(input: OperationNotesInput): string {
  const quirks: Attributed<DocQuirk>[] = [
    ...input.quirks.map((entry) => ({ entry })),
    ...input.variants.flatMap((v) => docQuirks(v).map((entry) => ({ entry, variant: v.name }))),
  ];
  const observed: Attributed<ObservedEntry>[] = [
    ...input.observed.map((entry) => ({ entry })),
    ...input.variants.flatMap((v) => observedEntries(v).map((entry) => ({ entry, variant: v.name }))),
  ];
  const facts = [
    input.safety && `**Safety:** ${code(input.safety)}`,
    input.aliasOf && `**Alias of:** ${code(input.aliasOf)} (same handler under another path)`,
  ].filter(Boolean);
  const sections = [
    facts.length ? [facts.join(' · ')] : [],
    variantSection(input.variants),
    quirkSection(quirks),
    observedSection(observed, input.specWideObserved),
  ].filter((section) => section.length > 0);
  return sections.map((section) => section.join('\n')).join('\n\n');
}

/** The Markdown appended to the API description: the spec-wide deviations in full. */
export function specWideNotes(specWide: ObservedEntry[]): string {
  if (specWide.length === 0) return '';
  return [
    '### Observed on real servers (every operation)',
    '',
    ...specWide.map((entry) => observedLine({ entry })),
  ].join('\n');
}

import type { OpenAPIV3_1 } from 'openapi-types';
import type { IndexedOperation, IndexedSpec, IndexedVariant, VariantResponse } from '../../spec/types.js';
import { variantResponse } from '../../spec/index-operations.js';
import { curlCommand } from '../curl.js';
import { redactAt, redactText, scrubSecrets, secretValues, specSecretNames } from '../redact.js';
import type { CapturedResponse, CheckName, CheckProblem, CheckResult, Exchange, Expectation } from '../types.js';

/** Everything a check may look at: the exchange, what the spec documents for it, what was expected. */
export interface ResponseContext {
  spec: IndexedSpec;
  /** Undefined when the request matched no documented path/method. */
  operation?: IndexedOperation;
  /** Undefined when the request matched the operation but none of its variants. */
  variant?: IndexedVariant;
  exchange: Exchange & { response: CapturedResponse };
  expectation: Expectation;
  maxResponseTimeMs: number;
}

/** A check: a named rule over one response; undefined when it does not apply to this response. */
export type ResponseCheck = (ctx: ResponseContext) => CheckResult | undefined;

export function passed(name: CheckName): CheckResult {
  return { name, status: 'pass' };
}

export function failed(
  ctx: ResponseContext,
  name: CheckName,
  details: { message: string; pointer?: string; expected?: unknown; actual?: unknown; problems?: CheckProblem[] },
): CheckResult {
  const marks = specSecretNames(ctx.spec);
  // Servers echo credentials back (`incorrect token, token=<given>`) and answer with secrets of
  // their own (get_obj_store_info's ak/sk): neither reaches a report.
  const secrets = secretValues(ctx.exchange.request, marks, ctx.exchange.response.bodyText);
  const curl = scrubSecrets(curlCommand(ctx.exchange.origin, ctx.exchange.request, marks), secrets);
  const expected = scrubSecrets(redactAt(details.pointer, details.expected, marks), secrets);
  const actual = scrubSecrets(redactAt(details.pointer, details.actual, marks), secrets);
  const where = details.pointer !== undefined ? ` at ${details.pointer || '(root)'}` : '';
  const comparison =
    'expected' in details || 'actual' in details
      ? `\n  expected: ${show(expected)}\n  actual:   ${show(actual)}`
      : '';
  return {
    name,
    status: 'fail',
    message: scrubSecrets(redactText(`${name}: ${details.message}${where}${comparison}`, marks), secrets) + `\n  reproduce: ${curl}`,
    pointer: details.pointer,
    expected,
    actual,
    curl,
    ...(details.problems && {
      problems: details.problems.map((p) => ({
        ...p,
        expected: scrubSecrets(redactAt(p.pointer, p.expected, marks), secrets),
        actual: scrubSecrets(redactAt(p.pointer, p.actual, marks), secrets),
      })),
    }),
  };
}

export function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * The documented responses of what the request matched: the variant's, or the operation's when
 * no variant matched (an early rejection is still one of the operation's documented answers).
 */
export function documentedResponses(ctx: Pick<ResponseContext, 'operation' | 'variant'>): Record<string, VariantResponse> {
  if (ctx.variant) return ctx.variant.responses;
  return Object.fromEntries((ctx.operation?.responses ?? []).map((r) => [r.status, variantResponse(r)]));
}

/** The documented status key that covers an actual status: exact, then `4XX`, then `default`. */
export function documentedStatusKey(table: Record<string, unknown>, status: number): string | undefined {
  const exact = String(status);
  if (exact in table) return exact;
  const range = `${exact[0]}XX`;
  if (range in table) return range;
  return 'default' in table ? 'default' : undefined;
}

/** Headers the operation documents for a status. */
export function documentedHeaders(operation: IndexedOperation | undefined, statusKey: string): Record<string, OpenAPIV3_1.HeaderObject> {
  return operation?.responses.find((r) => r.status === statusKey)?.headers ?? {};
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeEssence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export type ParsedBody = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'text'; value: string };

/** The response body as JSON when it parses, else as text. Cached per response. */
const parsedBodies = new WeakMap<CapturedResponse, ParsedBody>();
export function parseBody(response: CapturedResponse): ParsedBody {
  let parsed = parsedBodies.get(response);
  if (parsed) return parsed;
  if (response.bodyText.length === 0) parsed = { kind: 'empty' };
  else {
    try {
      parsed = { kind: 'json', value: JSON.parse(response.bodyText) as unknown };
    } catch {
      parsed = { kind: 'text', value: response.bodyText };
    }
  }
  parsedBodies.set(response, parsed);
  return parsed;
}

/** The parsed JSON body, or undefined when the body is empty or not JSON. */
export function jsonBody(response: CapturedResponse): unknown {
  const parsed = parseBody(response);
  return parsed.kind === 'json' ? parsed.value : undefined;
}

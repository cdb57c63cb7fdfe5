import type { IndexedSpec } from '../spec/types.js';
import { DEFAULT_PORTS } from '../serve/ports.js';
import { documentedResponses, documentedStatusKey, mediaTypeEssence, parseBody } from './checks/context.js';
import { ENVELOPE_RULES, envelopeCode } from './envelopes.js';
import { matchObserved, observedEntriesFor } from './observed.js';
import { redactText } from './redact.js';
import { problemsIfCompilable } from './schema-problems.js';
import { isStringSchema } from '../validate/index.js';
import type { Target } from './targets/target.js';
import type { CapturedResponse, ContractCase, PreflightResult, RequestCase } from './types.js';

/** How long the preflight waits for its one answer: a hanging target is reported in seconds, not per case. */
export const DEFAULT_PREFLIGHT_TIMEOUT_MS = 3_000;

/** The probe: the first documented request of a read operation (every API has one; none changes state). */
export function probeCase(cases: ContractCase[]): RequestCase | undefined {
  return cases.find((c): c is RequestCase => c.kind === 'example' && c.safety === 'read');
}

/**
 * Whether an answer comes from this API: it carries the API's envelope (Doris `code`, Meta Service
 * `code`, Klustron `error_code`), or validates against a schema the operation documents for any
 * status, or matches one of its `x-observed` answers (the Meta Service's 403 text). Lenient on
 * purpose: a deployment that deviates is still the API, and its cases will say how it deviates.
 */
export function looksLikeApi(spec: IndexedSpec, probe: RequestCase, response: CapturedResponse): boolean {
  const operation = spec.operationById.get(probe.operationId)!;
  const variant = operation.variants.find((v) => v.name === probe.variant);
  const parsed = parseBody(response);
  const rule = ENVELOPE_RULES[spec.api];
  if (rule && parsed.kind === 'json' && envelopeCode(rule, parsed.value) !== undefined && typeof parsed.value === 'object') return true;
  const table = documentedResponses({ operation, variant });
  const own = documentedStatusKey(table, response.status);
  const candidates = [...(own ? [table[own]!] : []), ...Object.values(table)];
  for (const documented of candidates) {
    for (const schema of Object.values(documented.schemasByMediaType)) {
      if (schema === undefined) continue;
      // Any text passes a bare `type: string` (an HTML error page too): only a patterned text schema tells.
      if (isStringSchema(schema)) {
        if (typeof schema === 'object' && typeof schema.pattern === 'string' && problemsIfCompilable(schema, response.bodyText)?.length === 0) return true;
      } else if (parsed.kind === 'json' && problemsIfCompilable(schema, parsed.value)?.length === 0) return true;
    }
  }
  // Only entries that describe a body count: a bare status or content type (kl-always-200) fits anything.
  const described = observedEntriesFor(spec, operation, variant).filter((entry) => entry.response?.schema !== undefined);
  return matchObserved(described, response) !== undefined;
}

function describeAnswer(response: CapturedResponse): string {
  const type = mediaTypeEssence(response.headers['content-type']) || 'no content type';
  const text = response.bodyText.replace(/\s+/g, ' ').trim();
  const sample = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return `HTTP ${response.status} (${type}${sample ? `: ${JSON.stringify(sample)}` : ', empty body'})`;
}

/**
 * One request before the cases: is anything there (connect, TLS), and does it answer like this
 * API? A failure is one message with the cause and the fix, instead of one failure per case.
 */
export async function runPreflight(spec: IndexedSpec, target: Target, cases: ContractCase[], timeoutMs: number): Promise<PreflightResult> {
  const started = performance.now();
  const probe = probeCase(cases);
  if (!probe) return { status: 'pass', probe: '(none)', durationMs: 0 };
  const request = probe.request;
  const what = `${request.method} ${request.path}`;
  const exchange = await target.send(request, { timeoutMs, maxBodyBytes: 65_536 });
  const durationMs = performance.now() - started;
  const where = target.description;
  const port = DEFAULT_PORTS[spec.api];
  const fail = (cause: PreflightResult['cause'], message: string): PreflightResult => ({ status: 'fail', probe: what, durationMs, cause, message: redactText(message) });
  const failure = exchange.failure;
  if (failure) {
    switch (failure.kind) {
      case 'refused':
        return fail('refused', `nothing answers at ${where}: the connection was refused (ECONNREFUSED). Start the ${spec.api} there, or fix --base-url (its usual port is ${port}).`);
      case 'timeout':
        return fail(
          'timeout',
          `${where} sent no answer to ${what} within ${timeoutMs} ms. Check that it is the ${spec.api} and that it is up (not still starting, not a standby that holds connections); ` +
            `raise --preflight-timeout-ms for a slow server.`,
        );
      case 'tls':
        return fail('tls', `the TLS handshake with ${where} failed (${failure.message}). Use http:// if the server speaks plain HTTP; for a private CA set NODE_EXTRA_CA_CERTS=<ca.pem>.`);
      case 'dns':
        return fail('dns', `the host of ${where} cannot be resolved (${failure.message}). Check the host name in --base-url.`);
      case 'reset':
        return fail('reset', `${where} closed the connection without answering ${what} (${failure.message}). Check that the port serves HTTP (not HTTPS only, not another protocol).`);
      default:
        return fail('other', `${where} gave no usable HTTP answer to ${what}: ${failure.message}. Check that --base-url points at the ${spec.api}.`);
    }
  }
  const response = exchange.response!;
  if (!looksLikeApi(spec, probe, response)) {
    return fail(
      'not-this-api',
      `${where} answered ${what} with ${describeAnswer(response)}, which is not an answer of the ${spec.title}. ` +
        `Check that --base-url points at the ${spec.api} itself (usual port ${port}), not at another service, a proxy's error page or a web console.`,
    );
  }
  return { status: 'pass', probe: what, durationMs };
}

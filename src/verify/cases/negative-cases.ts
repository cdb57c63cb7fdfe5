import type { IndexedOperation, IndexedSpec, IndexedVariant } from '../../spec/types.js';
import { BAD_CREDENTIALS, BAD_DATA, rejectionStatuses } from '../rejections.js';
import type { CaseRequest, Expectation, NegativeBreak, NegativeCase } from '../types.js';
import { credentialParameterNames, requiredSchemes, withCredentials, WRONG_SECRET, type Credentials } from './credentials.js';
import { documentedRequests } from './example-cases.js';
import { inspectRequest } from './inspect-request.js';
import { applyBodyMutation, bodyMutations, valueMutations, type Mutation } from './mutations.js';
import { serialiseBody } from './request-builder.js';

interface Draft {
  detail: string;
  negative: NegativeBreak;
  title: string;
  request: CaseRequest;
  why: string;
  fitting: number[];
  /** Whether the request must still land on the same variant (false: malformed bodies cannot be routed by content). */
  sameVariant: boolean;
  /** Whether the request must fail validation (false for credential cases: the schema does not see credentials). */
  mustBeInvalid: boolean;
}

function mutationDrafts(spec: IndexedSpec, operation: IndexedOperation, variant: IndexedVariant, base: CaseRequest): Draft[] {
  const drafts: Draft[] = [];
  const fixedBody = variant.match.flatMap((c) => (c.in === 'body' ? [c.pointer] : []));
  const fixedQuery = new Set(variant.match.flatMap((c) => (c.in === 'query' ? [c.name] : [])));
  const credentialNames = credentialParameterNames(spec, operation);
  const draft = (m: Mutation, request: CaseRequest): Draft => ({
    detail: `${m.kind}:${m.at}`,
    negative: { kind: m.kind, at: m.at },
    title: m.describe,
    request,
    why: m.describe,
    fitting: BAD_DATA,
    sameVariant: true,
    mustBeInvalid: true,
  });

  if (base.body !== undefined && variant.requestSchema !== undefined) {
    let body: unknown;
    try {
      body = JSON.parse(base.body);
    } catch {
      body = undefined;
    }
    if (body !== undefined && typeof body === 'object') {
      const skip = (pointer: string) => fixedBody.some((fixed) => fixed === pointer || fixed.startsWith(`${pointer}/`));
      for (const m of bodyMutations(variant.requestSchema, body, skip)) {
        drafts.push(draft(m, { ...base, body: serialiseBody(variant.requestSchema, applyBodyMutation(body, m)) }));
      }
      drafts.push({
        detail: 'malformed-json',
        negative: { kind: 'malformed-json' },
        title: 'the body is not valid JSON',
        request: { ...base, body: base.body.slice(0, -1) },
        why: 'the body is not valid JSON',
        fitting: BAD_DATA,
        sameVariant: false,
        mustBeInvalid: true,
      });
    }
  }

  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query' || credentialNames.has(parameter.name) || fixedQuery.has(parameter.name)) continue;
    if (!variant.parameters.includes(parameter.name) && !parameter.required) continue;
    const present = parameter.name in base.query;
    if (parameter.required && present) {
      const query = { ...base.query };
      delete query[parameter.name];
      drafts.push(draft({ kind: 'missing-required', at: parameter.name, describe: `required query parameter ${parameter.name} is missing` }, { ...base, query }));
    }
    for (const m of valueMutations(parameter.schema as never, base.query[parameter.name], parameter.name, `query parameter ${parameter.name}`)) {
      // Query values are text: a "wrong type" string must not spell a valid value of the type.
      const text = typeof m.value === 'string' ? m.value : m.kind === 'wrong-type' ? `not-a-${JSON.stringify(m.value)}` : String(m.value);
      drafts.push(draft(m, { ...base, query: { ...base.query, [parameter.name]: text } }));
    }
  }
  return drafts;
}

function credentialDrafts(spec: IndexedSpec, operation: IndexedOperation, bare: CaseRequest, credentials: Credentials): Draft[] {
  const schemes = requiredSchemes(spec, operation);
  if (schemes.length === 0) return [];
  const names = schemes.map((s) => s.name).join(', ');
  const wrong: Credentials = { token: WRONG_SECRET, user: credentials.user ?? 'root', password: WRONG_SECRET };
  const common = { fitting: BAD_CREDENTIALS, sameVariant: true, mustBeInvalid: false };
  return [
    { ...common, detail: 'credentials:missing', negative: { kind: 'missing-credentials' }, title: `no credentials (${names})`, request: bare, why: `the request carries no credentials (${names})` },
    {
      ...common,
      detail: 'credentials:wrong',
      negative: { kind: 'wrong-credentials' },
      title: `wrong credentials (${names})`,
      request: withCredentials(bare, schemes, wrong),
      why: `the request carries wrong credentials (${names})`,
    },
  ];
}

/**
 * Negative cases of a variant, derived from its first documented request: schema mutations of
 * the body and query, a malformed body, missing and wrong credentials. A mutated request is kept
 * only when, serialised and parsed back, it still reaches the same variant and fails validation
 * (a value that turns valid on the wire would be a false failure).
 */
export function negativeCases(spec: IndexedSpec, operation: IndexedOperation, variant: IndexedVariant, credentials: Credentials): NegativeCase[] {
  const documented = documentedRequests(spec, operation, variant, credentials)[0];
  if (!documented) return [];
  const bare = documentedRequests(spec, operation, variant, {})[0]!.request;
  const drafts = [...mutationDrafts(spec, operation, variant, documented.request), ...credentialDrafts(spec, operation, bare, credentials)];
  const cases: NegativeCase[] = [];
  const seen = new Set<string>();
  for (const d of drafts) {
    const id = `${operation.operationId}/${variant.name}/negative/${d.detail}`;
    if (seen.has(id)) continue;
    const inspected = inspectRequest(spec, d.request);
    const routedHere = 'variant' in inspected && inspected.operation === operation && inspected.variant === variant;
    if (d.sameVariant && !routedHere) continue;
    if (d.mustBeInvalid && routedHere && inspected.problems.length === 0) continue;
    const statuses = rejectionStatuses(spec, operation, routedHere ? variant : undefined, d.fitting);
    if (statuses === undefined) continue;
    seen.add(id);
    const expectation: Expectation = { kind: 'rejected', statuses, why: d.why };
    cases.push({
      id,
      api: spec.api,
      operationId: operation.operationId,
      variant: variant.name,
      kind: 'negative',
      title: `${operation.operationId}${variant.name === 'default' ? '' : ` [${variant.name}]`} rejects: ${d.title}`,
      safety: variant.safety,
      needsState: false,
      request: d.request,
      expectation,
      negative: d.negative,
    });
  }
  return cases;
}

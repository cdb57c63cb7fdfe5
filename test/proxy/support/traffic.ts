import type { ApiId } from '../../../mocks/shared/types.js';
import { loadSpec } from '../../../src/spec/load.js';
import { DOCUMENTED_CREDENTIALS } from '../../../src/verify/cases/credentials.js';
import { buildRequest } from '../../../src/verify/cases/request-builder.js';

/** A request as a client sends it through the proxy. */
export interface ClientRequest {
  method: string;
  /** Path and query. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

export const FE_ROOT = `Basic ${Buffer.from(`${DOCUMENTED_CREDENTIALS.user}:`).toString('base64')}`;
export const MS_TOKEN = DOCUMENTED_CREDENTIALS.token;

/**
 * The documents' own example request of an operation/variant (the spec stores them as named
 * examples), with the documented credentials; `query`/`body` replace parts of it.
 */
export async function documentedRequest(
  api: ApiId,
  operationId: string,
  variantName = 'default',
  overrides: { query?: Record<string, string>; body?: Record<string, unknown> } = {},
): Promise<ClientRequest> {
  const spec = await loadSpec(api);
  const operation = spec.operationById.get(operationId);
  const variant = operation?.variants.find((v) => v.name === variantName);
  const example = variant?.requestExamples[0];
  if (!operation || !variant || !example) throw new Error(`${api} has no documented example for ${operationId}/${variantName}`);
  const documentedBody = example.body?.value;
  const request = buildRequest(operation, variant, {
    parameters: { ...example.parameters, ...(api === 'doris-meta-service' ? { token: MS_TOKEN } : {}), ...overrides.query },
    body: overrides.body ? { ...(documentedBody as object), ...overrides.body } : documentedBody,
    mediaType: example.body?.mediaType,
  });
  const search = new URLSearchParams(request.query).toString();
  const headers = { ...request.headers, ...(api === 'doris-fe' ? { authorization: FE_ROOT } : {}) };
  return { method: request.method, target: `${request.path}${search ? `?${search}` : ''}`, headers, body: request.body };
}

/** Sends a request to a base URL with fetch and reads the whole answer. */
export async function send(base: string, request: ClientRequest): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${base}${request.target}`, { method: request.method, headers: request.headers, body: request.body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

import type { OpenAPIV3_1 } from 'openapi-types';
import { API_DESCRIPTORS } from '../../../mocks/descriptors.js';
import type { IndexedOperation, IndexedSpec } from '../../spec/types.js';
import type { CaseRequest } from '../types.js';

/** What a caller authenticates with (`--token`, `--user`/`--password`). */
export interface Credentials {
  token?: string;
  user?: string;
  password?: string;
}

/**
 * What the documents give as working credentials, and so what the local mocks accept (from the
 * APIs' descriptors): the Meta Service token of every documented example and Doris' `root` user
 * with the empty password of a fresh cluster.
 */
export const DOCUMENTED_CREDENTIALS: Required<Credentials> = {
  token: API_DESCRIPTORS['doris-meta-service'].credentials.token,
  user: API_DESCRIPTORS['doris-fe'].credentials.user,
  password: API_DESCRIPTORS['doris-fe'].credentials.password,
};

/** A value no server accepts, for the wrong-credentials cases. */
export const WRONG_SECRET = 'contract-kit-wrong-secret';

type SecurityScheme = OpenAPIV3_1.SecuritySchemeObject;

/** The schemes of the first security requirement of an operation; empty when it needs none. */
export function requiredSchemes(spec: IndexedSpec, operation: IndexedOperation): Array<{ name: string; scheme: SecurityScheme }> {
  const requirements = operation.security ?? [];
  // An empty requirement object means "no credentials" is an accepted alternative.
  if (requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0)) return [];
  return Object.keys(requirements[0]!).flatMap((name) => {
    const scheme = spec.securitySchemes[name];
    return scheme ? [{ name, scheme }] : [];
  });
}

/** Names of query parameters and headers that carry credentials (excluded from parameter mutations). */
export function credentialParameterNames(spec: IndexedSpec, operation: IndexedOperation): Set<string> {
  const names = new Set<string>();
  for (const { scheme } of requiredSchemes(spec, operation)) {
    if (scheme.type === 'apiKey') names.add(scheme.name);
    if (scheme.type === 'http') names.add('authorization');
  }
  return names;
}

/** Adds credentials for every scheme the operation requires; `undefined` credentials leave a scheme out. */
export function withCredentials(request: CaseRequest, schemes: Array<{ scheme: SecurityScheme }>, credentials: Credentials): CaseRequest {
  const out: CaseRequest = { ...request, query: { ...request.query }, headers: { ...request.headers } };
  for (const { scheme } of schemes) {
    if (scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic' && credentials.user !== undefined) {
      const pair = `${credentials.user}:${credentials.password ?? ''}`;
      out.headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    } else if (scheme.type === 'http' && scheme.scheme.toLowerCase() === 'bearer' && credentials.token !== undefined) {
      out.headers.authorization = `Bearer ${credentials.token}`;
    } else if (scheme.type === 'apiKey' && credentials.token !== undefined) {
      if (scheme.in === 'query') out.query[scheme.name] = credentials.token;
      else if (scheme.in === 'header') out.headers[scheme.name.toLowerCase()] = credentials.token;
      else out.headers.cookie = `${scheme.name}=${credentials.token}`;
    }
  }
  return out;
}

/** The documented credentials with the caller's overrides. */
export function resolveCredentials(given: Credentials = {}): Credentials {
  return {
    token: given.token ?? DOCUMENTED_CREDENTIALS.token,
    user: given.user ?? DOCUMENTED_CREDENTIALS.user,
    password: given.password ?? (given.user !== undefined ? '' : DOCUMENTED_CREDENTIALS.password),
  };
}

/** Whether a request carries something for every scheme (right or wrong: only the server can tell). */
export function carriesCredentials(request: CaseRequest, schemes: Array<{ scheme: SecurityScheme }>): boolean {
  return schemes.every(({ scheme }) => {
    if (scheme.type === 'http') return request.headers.authorization !== undefined;
    if (scheme.type === 'apiKey') {
      if (scheme.in === 'query') return request.query[scheme.name] !== undefined;
      if (scheme.in === 'header') return request.headers[scheme.name.toLowerCase()] !== undefined;
      return (request.headers.cookie ?? '').includes(`${scheme.name}=`);
    }
    return true;
  });
}

/**
 * What every part of contract-kit needs to know about one API, in one place: its default port,
 * the credentials its documents give, how its bodies report an outcome and how it says "not
 * found". Each API's `mocks/<api>/descriptor.ts` fills one in; `mocks/descriptors.ts` collects
 * them in a table keyed by every `ApiId`, so the compiler names an API that lacks one. The
 * serve, verify, docs, CLI and container layers read these facts from there instead of
 * restating them. Plain data (and one pure function): nothing here reads a spec or a file, so
 * the simulators can use it in a browser under MSW.
 */
import type { ApiId } from './types.js';

/** How an API reports its outcome inside the body (envelope_conformance). */
export interface EnvelopeRule {
  /** The top-level body field that carries the outcome. */
  field: string;
  /** The value meaning success. */
  success: string | number;
  /** Klustron: the `status` field says `failed` exactly when the code is not success. */
  failedStatus?: { field: string; value: string };
}

/** Working credentials as the API's documents give them (what a fresh server and the mocks accept). */
export interface DocumentedCredentials {
  /** An API-key/token value (`?token=` of the Meta Service). */
  token?: string;
  /** An HTTP basic user and its password. */
  user?: string;
  password?: string;
}

export interface ApiDescriptor<Api extends ApiId = ApiId> {
  id: Api;
  /**
   * The real server's default port: the port of the spec's first `servers` entry
   * (`http://127.0.0.1:<port>`, checked by test/mocks/descriptors.test.ts). The mocks, the MSW
   * handlers' default base URL and the containers use it.
   */
  defaultPort: number;
  credentials: DocumentedCredentials;
  /** Absent when the outcome is the HTTP status alone (Alluxio). */
  envelope?: EnvelopeRule;
  /**
   * Whether a non-404 answer is the API's own "no such resource" (the body parsed as JSON when it
   * parses, `undefined` otherwise; `text` is the raw body). HTTP 404 always counts.
   */
  isNotFound(body: unknown, text: string): boolean;
}

/** A top-level field of a JSON object body, undefined for anything else. */
export function bodyField(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

/** The documented basic-auth user as a user → password table (`{ root: '' }` for Doris), empty without one. */
export function documentedUsers(credentials: DocumentedCredentials): Record<string, string> {
  return credentials.user === undefined ? {} : { [credentials.user]: credentials.password ?? '' };
}

/** HTTP Basic as the FE reads it (RestBaseController.executeCheckPassword). */

export type Credential =
  | { kind: 'missing' } // no header, an empty one, or not `<scheme> <token>`
  | { kind: 'no-colon'; decoded: string } // the FE's substring(0, indexOf(':')) throws on these
  | { kind: 'given'; user: string; password: string };

/**
 * `anyScheme`: read the token whatever word precedes it, as a real FE does (fe-auth-scheme: it
 * splits the header on white space and decodes the second part); otherwise only `Basic` counts,
 * as the spec's basicAuth security scheme says.
 */
export function readCredential(authorization: string | undefined, anyScheme = false): Credential {
  if (!authorization || authorization.trim() === '') return { kind: 'missing' };
  const parts = authorization.trim().split(/\s+/);
  if (parts.length !== 2 || (!anyScheme && parts[0]!.toLowerCase() !== 'basic')) return { kind: 'missing' };
  const decoded = Buffer.from(parts[1]!, 'base64').toString('utf8');
  // The password may itself contain ':', so only the first one separates.
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'no-colon', decoded };
  return { kind: 'given', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type AuthOutcome =
  | { ok: true; user: string }
  | { ok: false; reason: 'missing' | 'no-colon' | 'denied'; message: string };

export interface AuthRules {
  /** Every credential is refused (the `auth-rejected` scenario). */
  rejectAll: boolean;
  /** The word before the credential is not checked (fe-auth-scheme, observed). */
  anyScheme: boolean;
}

/** Checks a credential against the users (name → password). No privilege is checked. */
export function authenticate(authorization: string | undefined, users: Readonly<Record<string, string>>, rules: AuthRules): AuthOutcome {
  const credential = readCredential(authorization, rules.anyScheme);
  if (credential.kind === 'missing') return { ok: false, reason: 'missing', message: 'Need auth information.' };
  if (credential.kind === 'no-colon') {
    // Java's String.substring(0, -1) message, which the FE passes through as `data`.
    return { ok: false, reason: 'no-colon', message: `begin 0, end -1, length ${credential.decoded.length}` };
  }
  const known = Object.prototype.hasOwnProperty.call(users, credential.user);
  if (rules.rejectAll || !known || users[credential.user] !== credential.password) {
    const usingPassword = credential.password === '' ? 'NO' : 'YES';
    return { ok: false, reason: 'denied', message: `Access denied for user '${credential.user}' (using password: ${usingPassword})` };
  }
  return { ok: true, user: credential.user };
}

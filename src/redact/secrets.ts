/**
 * One redaction rule for everything contract-kit shows (request journal, reports, curl lines, HAR checks).
 * Secrets never reach reports, logs or curl lines: object-store keys (`ak`, `sk`, `secretKey`),
 * passwords, tokens and Authorization headers are replaced by `***`.
 */
const SECRET_NAME = /^(ak|sk|access_?key(_?id)?|secret(_?access)?_?key|secret|password|passwd|.*token|authorization|proxy-authorization|cookie|set-cookie|x-api-key|api_?key)$/i;

export const REDACTED = '***';

/** Dotted option names count by their last part (`s3a.secretKey`, `fs.s3a.access.key`). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_NAME.test(name.slice(name.lastIndexOf('.') + 1));
}

export function redactRecord(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) out[name] = isSecretName(name) ? REDACTED : value;
  return out;
}

/** A deep copy of a JSON value with every secret-named property replaced. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = isSecretName(key) ? REDACTED : redactJson(inner);
  return out;
}

/** A request or response body with secrets replaced; text that is not JSON is scanned for `"name": "value"` pairs. */
export function redactBody(text: string): string {
  try {
    return JSON.stringify(redactJson(JSON.parse(text)));
  } catch {
    return text.replace(/"([A-Za-z_]+)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (pair, name: string, colon: string) =>
      isSecretName(name) ? `"${name}"${colon}"${REDACTED}"` : pair,
    );
  }
}

/**
 * The secret values a request carries (secret-named query parameters, headers and body fields,
 * and the password inside a Basic credential), so that a server echoing one back
 * (`incorrect token, token=<given>`) does not leak it into a report.
 */
export function secretValues(request: { query: Record<string, string>; headers: Record<string, string>; body?: string }): string[] {
  const values: string[] = [];
  for (const [name, value] of [...Object.entries(request.query), ...Object.entries(request.headers)]) {
    if (isSecretName(name)) values.push(value);
  }
  const basic = /^Basic\s+(\S+)/i.exec(request.headers.authorization ?? '');
  if (basic) {
    values.push(basic[1]!);
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) values.push(decoded.slice(colon + 1));
  }
  if (request.body) {
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (isSecretName(key) && typeof inner === 'string') values.push(inner);
          else collect(inner);
        }
      }
    };
    try {
      collect(JSON.parse(request.body));
    } catch {
      // A body that is not JSON has no named fields to collect.
    }
  }
  // Short values ('' or a 1-2 character password) would blank out unrelated text.
  return [...new Set(values)].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length);
}

/** A value with every occurrence of the given secrets replaced by `***`. */
export function scrubSecrets<T>(value: T, secrets: string[]): T {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), value as string) as T;
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(scrubSecrets(JSON.stringify(value), secrets)) as T;
}

/**
 * Secrets never reach reports, logs or curl lines: object-store keys (`ak`, `sk`, `secretKey`),
 * passwords, tokens and Authorization headers are replaced by `***`.
 */
const SECRET_NAME = /^(ak|sk|access_?key(_?id)?|secret(_?access)?_?key|secret|password|passwd|.*token|authorization|proxy-authorization|cookie|set-cookie|x-api-key|api_?key)$/i;

export const REDACTED = '***';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
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

import type { IndexedSpec } from '../spec/types.js';

/**
 * The one redaction policy of contract-kit: every output that may show a request or a response
 * (verify's console, JSON and JUnit reports, curl lines, expected/actual values of failed checks,
 * URLs; check-har; the proxy; the mock's request journal) goes through these functions.
 *
 * A value is secret when
 * - its name is secret (`isSecretName`): object-store keys (`ak`, `sk`, `secretKey`), passwords
 *   (`password`, `computer_pwd`), tokens, `Authorization`, cookies, API keys, and Hadoop-style
 *   option names (`fs.s3a.secret.key`, `fs.s3a.access.key`, `fs.oss.accessKeySecret`,
 *   `fs.cos.secret.key`, `client_secret`);
 * - the spec marks its property as secret (`format: password`, `writeOnly: true` or
 *   `x-secret: true`; `specSecretNames`);
 * - it looks like one wherever it stands in text: the password of a URL's userinfo, a Basic or
 *   Bearer credential, an AWS access key id, a JWT, a PEM private key.
 */
export const REDACTED = '***';

/** Extra secret property names (the spec's own marks), matched exactly. */
export type SecretMarks = ReadonlySet<string>;

const NO_MARKS: SecretMarks = new Set();

/** Words that make a name secret wherever they stand in it (`computer_pwd`, `client_secret`). */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'credential', 'credentials', 'authorization', 'cookie', 'ak', 'sk', 'apikey']);
/** Word pairs that make a name secret when adjacent (`fs.s3a.access.key`, `x-api-key`, `privateKey`). */
const SECRET_PAIRS = new Set(['access key', 'secret key', 'private key', 'api key', 'session key', 'auth key']);

/** `fs.s3a.accessKeyId` → `fs s3a access key id`: split at separators and camelCase humps. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

// Names repeat (headers, fields of every response): judge each once. Bounded so that a hostile
// stream of distinct names cannot grow it without end.
const verdicts = new Map<string, boolean>();
const MAX_CACHED_NAMES = 10_000;

function judgeName(name: string): boolean {
  const words = nameWords(name);
  return words.some((word, i) => SECRET_WORDS.has(word) || (i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${word}`)));
}

/** Whether a field, parameter, header or option name carries a secret. */
export function isSecretName(name: string, marks: SecretMarks = NO_MARKS): boolean {
  if (marks.has(name)) return true;
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    verdict = judgeName(name);
    if (verdicts.size >= MAX_CACHED_NAMES) verdicts.clear();
    verdicts.set(name, verdict);
  }
  return verdict;
}

/**
 * Property names a spec marks as secret: any property whose schema says `format: password`,
 * `writeOnly: true` or `x-secret: true`, anywhere in the document. Computed once per spec.
 */
const marksBySpec = new WeakMap<IndexedSpec, SecretMarks>();
export function specSecretNames(spec: IndexedSpec): SecretMarks {
  let marks = marksBySpec.get(spec);
  if (marks) return marks;
  const names = new Set<string>();
  const seen = new WeakSet<object>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    const properties = (node as { properties?: unknown }).properties;
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const [name, schema] of Object.entries(properties)) {
        const s = schema as { format?: unknown; writeOnly?: unknown; 'x-secret'?: unknown } | null;
        if (s && typeof s === 'object' && (s.format === 'password' || s.writeOnly === true || s['x-secret'] === true)) names.add(name);
      }
    }
    for (const inner of Object.values(node)) visit(inner);
  };
  visit(spec.document);
  marks = names;
  marksBySpec.set(spec, marks);
  return marks;
}

/** Query parameters, form fields or any flat name → value record with secret values replaced. */
export function redactRecord(values: Record<string, string>, marks: SecretMarks = NO_MARKS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) out[name] = isSecretName(name, marks) ? REDACTED : redactText(value);
  return out;
}

/** Headers (single or repeated values) with secret ones replaced; `Authorization: Basic …` loses its credential. */
export function redactHeaders<V extends string | string[] | undefined>(headers: Record<string, V>, marks: SecretMarks = NO_MARKS): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) out[name] = value;
    else if (isSecretName(name, marks)) out[name] = (Array.isArray(value) ? value.map(() => REDACTED) : REDACTED) as V;
    else out[name] = (Array.isArray(value) ? value.map((v) => redactText(v)) : redactText(value as string)) as V;
  }
  return out;
}

/** A deep copy of a JSON value with every secret-named property replaced and secrets in strings masked. */
export function redactJson(value: unknown, marks: SecretMarks = NO_MARKS): unknown {
  if (typeof value === 'string') return redactText(value, marks);
  if (Array.isArray(value)) return value.map((v) => redactJson(v, marks));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = isSecretName(key, marks) ? REDACTED : redactJson(inner, marks);
  return out;
}

/**
 * A value found at a JSON pointer of a response (the `actual` of a failed check): wholly secret
 * when the pointer passes through a secret name (`/result/obj_info/0/sk`), else redacted inside.
 */
export function redactAt(pointer: string | undefined, value: unknown, marks: SecretMarks = NO_MARKS): unknown {
  const segments = (pointer ?? '').split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (value !== undefined && segments.some((s) => isSecretName(s, marks))) return REDACTED;
  return redactJson(value, marks);
}

/** A request or response body: JSON redacted structurally, anything else (protobuf text, cut JSON) as text. */
export function redactBody(text: string, marks: SecretMarks = NO_MARKS): string {
  try {
    return JSON.stringify(redactJson(JSON.parse(text), marks));
  } catch {
    return redactText(text, marks);
  }
}

/** A URL with the password of its userinfo and its secret query parameters replaced, otherwise as written. */
export function redactUrl(url: string, marks: SecretMarks = NO_MARKS): string {
  const hash = url.indexOf('#');
  const fragment = hash === -1 ? '' : url.slice(hash);
  const rest = hash === -1 ? url : url.slice(0, hash);
  const question = rest.indexOf('?');
  const base = (question === -1 ? rest : rest.slice(0, question)).replace(/^([a-z][a-z0-9+.\-]*:\/\/[^/:@]*):[^/@]*@/i, `$1:${REDACTED}@`);
  if (question === -1) return base + fragment;
  const query = rest
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the name as written.
      }
      return eq !== -1 && isSecretName(decoded, marks) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${base}?${query}${fragment}`;
}

const NAME = String.raw`[A-Za-z_][\w.\-]*`;
const TEXT_RULES: Array<{ pattern: RegExp; replace: (marks: SecretMarks, ...groups: string[]) => string }> = [
  // PEM private keys, whole.
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, replace: () => REDACTED },
  // The password of a URL's userinfo: http://root:PW@host → http://root:***@host.
  { pattern: /\b([a-z][a-z0-9+.\-]*:\/\/[^\s/:@'"]*):([^\s/@'"]+)@/gi, replace: (_m, _x, prefix) => `${prefix}:${REDACTED}@` },
  // HTTP credentials wherever they stand (a header line, an echoed header, a log line).
  // The credential must hold a digit, a capital or base64 padding: prose ("Basic credential") is left alone.
  { pattern: /\b(Basic|Bearer|Digest|Negotiate)\s+(?=[A-Za-z0-9+/=._~\-]*[0-9A-Z+/=])[A-Za-z0-9+/=._~\-]{6,}/g, replace: (_m, _x, scheme) => `${scheme} ${REDACTED}` },
  // AWS access key ids and JWTs.
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => REDACTED },
  { pattern: /\beyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]*/g, replace: () => REDACTED },
  // "name": "value" in JSON text, also when the JSON itself sits escaped inside a JSON string.
  {
    pattern: new RegExp(String.raw`"(${NAME})"(\s*:\s*)"(?:[^"\\]|\\.)*"`, 'g'),
    replace: (marks, pair, name, colon) => (isSecretName(name!, marks) ? `"${name}"${colon}"${REDACTED}"` : pair!),
  },
  {
    pattern: new RegExp(String.raw`\\"(${NAME})\\"(\s*:\s*)\\"(?:[^"\\]|\\[^"])*\\"`, 'g'),
    replace: (marks, pair, name, colon) => (isSecretName(name!, marks) ? `\\"${name}\\"${colon}\\"${REDACTED}\\"` : pair!),
  },
  // name=value and name: value (query strings, form bodies, protobuf text, properties, headers).
  {
    pattern: new RegExp(String.raw`(?<![\w.\-"\\])(${NAME})(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|[^\s,;&"'<>)]+)`, 'g'),
    replace: (marks, pair, name, sep, value) => {
      if (!isSecretName(name!, marks) || value === REDACTED || value === `"${REDACTED}"`) return pair!;
      return `${name}${sep}${value!.startsWith('"') ? `"${REDACTED}"` : REDACTED}`;
    },
  },
];

/** Free text (messages, reasons, text bodies, log lines) with everything that looks secret replaced. */
export function redactText(text: string, marks: SecretMarks = NO_MARKS): string {
  let out = text;
  for (const rule of TEXT_RULES) out = out.replace(rule.pattern, (...args: unknown[]) => rule.replace(marks, ...(args.filter((a) => typeof a === 'string' || a === undefined) as string[])));
  return out;
}

/**
 * The secret values a request carries (secret-named query parameters, headers and body fields,
 * and the password inside a Basic credential), so that a server echoing one back
 * (`incorrect token, token=<given>`) does not leak it into a report. With a response, the secret
 * values it answers with (get_obj_store_info's `ak`/`sk`) count too, wherever they show up later.
 */
export function secretValues(
  request: { query: Record<string, string>; headers: Record<string, string>; body?: string },
  marks: SecretMarks = NO_MARKS,
  responseBody?: string,
): string[] {
  const values: string[] = [];
  for (const [name, value] of [...Object.entries(request.query), ...Object.entries(request.headers)]) {
    if (isSecretName(name, marks)) values.push(value);
  }
  const credential = /^(?:Basic|Bearer)\s+(\S+)/i.exec(request.headers.authorization ?? '');
  if (credential) {
    values.push(credential[1]!);
    const decoded = Buffer.from(credential[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) values.push(decoded.slice(colon + 1));
  }
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (isSecretName(key, marks) && (typeof inner === 'string' || typeof inner === 'number')) values.push(String(inner));
        else collect(inner);
      }
    }
  };
  for (const body of [request.body, responseBody]) {
    if (!body) continue;
    try {
      collect(JSON.parse(body));
    } catch {
      // A body that is not JSON has no named fields to collect; redactText masks its pairs.
    }
  }
  // Short values ('' or a 1-2 character password) would blank out unrelated text.
  return [...new Set(values)].filter((v) => v.length >= 3 && v !== REDACTED).sort((a, b) => b.length - a.length);
}

/** A value with every occurrence of the given secrets replaced by `***`. */
export function scrubSecrets<T>(value: T, secrets: string[]): T {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), value as string) as T;
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(scrubSecrets(JSON.stringify(value), secrets)) as T;
}

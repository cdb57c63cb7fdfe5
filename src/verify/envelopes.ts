import type { ApiId } from '../../mocks/shared/types.js';

/**
 * How each API reports success inside its body (DESIGN.md, envelope_conformance). Alluxio has no
 * envelope: its outcome is the HTTP status alone.
 */
export interface EnvelopeRule {
  /** The body pointer that carries the outcome. */
  pointer: string;
  /** The value meaning success. */
  success: string | number;
  /**
   * Whether the HTTP status follows the envelope (2xx ⇔ success), as Doris FE and Meta Service
   * document; Klustron documents HTTP 200 for every answer, failure included.
   */
  httpCoupled: boolean;
  /** Klustron: the `status` field must say `failed` exactly when the code is not success. */
  failedStatus?: { pointer: string; value: string };
}

export const ENVELOPE_RULES: Partial<Record<ApiId, EnvelopeRule>> = {
  'doris-fe': { pointer: '/code', success: 0, httpCoupled: true },
  'doris-meta-service': { pointer: '/code', success: 'OK', httpCoupled: true },
  'klustron-cluster-manager': {
    pointer: '/error_code',
    success: '0',
    httpCoupled: false,
    failedStatus: { pointer: '/status', value: 'failed' },
  },
};

/** The envelope's outcome code, or undefined when the body is not an envelope of this API. */
export function envelopeCode(rule: EnvelopeRule, body: unknown): string | number | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const value = (body as Record<string, unknown>)[rule.pointer.slice(1)];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/** Whether a body is an envelope that reports failure (a rejection on APIs that answer 200). */
export function envelopeSaysFailure(api: ApiId, body: unknown): boolean {
  const rule = ENVELOPE_RULES[api];
  if (!rule) return false;
  const code = envelopeCode(rule, body);
  return code !== undefined && code !== rule.success;
}

import { expect, test } from 'vitest';
import { JudgementCache } from '../../src/proxy/judgement-cache.js';
import type { ProxiedExchange } from '../../src/proxy/types.js';
import { DEFAULT_MAX_RESPONSE_TIME_MS } from '../../src/verify/run.js';

const body = (text: string) => ({ text, bytes: Buffer.byteLength(text), overCap: false });

function exchange(overrides: { date?: string; answer?: string; durationMs?: number; outcome?: ProxiedExchange['outcome'] } = {}): ProxiedExchange {
  return {
    api: 'doris-fe',
    origin: 'http://fe:8030',
    startedAt: new Date(),
    request: { method: 'GET', target: '/api/backends?is_alive=true', headers: { authorization: 'Basic cm9vdDo=' }, body: body('') },
    response: { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json', date: overrides.date ?? 'Wed, 02 Dec 2026 18:00:00 GMT' }, body: body(overrides.answer ?? '{"code":0}') },
    outcome: overrides.outcome ?? { kind: 'forwarded' },
    durationMs: overrides.durationMs ?? 3,
  };
}

test('the same request and answer share a judgement whatever the Date header; another answer does not', () => {
  const cache = new JudgementCache();
  const first = cache.keyOf(exchange())!;
  cache.set(first, { verdict: 'pass', operationId: 'get_backends', checks: [] });
  expect(cache.get(cache.keyOf(exchange({ date: 'Wed, 02 Dec 2026 18:00:01 GMT' }))!)).toMatchObject({ verdict: 'pass' });
  expect(cache.get(cache.keyOf(exchange({ answer: '{"code":1}' }))!)).toBeUndefined();
});

test('exchanges the response-time check could judge differently, or not forwarded, or large, are never cached', () => {
  const cache = new JudgementCache();
  expect(cache.keyOf(exchange({ durationMs: DEFAULT_MAX_RESPONSE_TIME_MS }))).toBeUndefined();
  expect(cache.keyOf(exchange({ outcome: { kind: 'proxy-error', cause: 'refused' } }))).toBeUndefined();
  expect(cache.keyOf(exchange({ answer: 'x'.repeat(70 * 1024) }))).toBeUndefined();
});

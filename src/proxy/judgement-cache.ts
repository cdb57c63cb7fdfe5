import { DEFAULT_MAX_RESPONSE_TIME_MS } from '../verify/run.js';
import type { JudgedExchange } from './judge.js';
import type { ProxiedExchange } from './types.js';

/** Exchanges bigger than this are judged every time: building their key would cost what judging does. */
const MAX_CACHED_BYTES = 64 * 1024;
const MAX_ENTRIES = 1024;

/**
 * Judgements of exchanges already seen. Control-plane traffic repeats itself (a connector polling
 * `get_backends`, a console polling `get_status`): an exchange whose request and answer are byte for
 * byte those of an earlier one gets the same verdict, so it is judged once. The answer's `date`
 * header is left out of the comparison; the time an exchange took only matters to the response-time
 * check, so only exchanges under its limit are cached or answered from the cache.
 */
export class JudgementCache {
  private readonly entries = new Map<string, JudgedExchange>();

  /** The key of an exchange that can be cached; undefined when it must be judged on its own. */
  keyOf(exchange: ProxiedExchange): string | undefined {
    const { request, response, outcome } = exchange;
    if (outcome.kind !== 'forwarded' || !response || exchange.durationMs >= DEFAULT_MAX_RESPONSE_TIME_MS) return undefined;
    if (request.body.bytes + response.body.bytes > MAX_CACHED_BYTES) return undefined;
    const { date: _date, ...headers } = response.headers;
    return JSON.stringify([exchange.api, request.method, request.target, request.headers, request.body.text, response.status, headers, response.body.text]);
  }

  get(key: string): JudgedExchange | undefined {
    return this.entries.get(key);
  }

  set(key: string, judged: JudgedExchange): void {
    // Bounded: when full, start again rather than track recency on the hot path.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, judged);
  }
}

import { join } from 'node:path';
import { SUMMARY_KEY, type HarReport } from '../har/index.js';
import { requestUrl } from '../verify/curl.js';
import { scrubSecrets, secretValues } from '../verify/redact.js';
import { HAR_CLOSING, harHead, toHarEntry } from './har-entry.js';
import { JsonArrayFile } from './json-array-file.js';
import { judgeExchange, type JudgedExchange } from './judge.js';
import { JudgementCache } from './judgement-cache.js';
import { JunitSpool } from './junit.js';
import { requestParts } from './request-parts.js';
import { RECORDING_CLOSING, RECORDING_FILE, recordingHead, toRecordedExchange } from './recording.js';
import type { ProxiedExchange } from './types.js';

/** Counts per verdict, keys as verify's and check-har's summaries. */
export type ProxySummary = HarReport['summary'];

/** One exchange as the console line, the JSON report and JUnit show it. */
export interface ExchangeReport extends JudgedExchange {
  /** Position in the session, from 0, in the order answers completed. */
  index: number;
  api: string;
  method: string;
  /** The request URL at the target, secret query values redacted. */
  url: string;
  /** What the client received; 0 when nothing (connection dropped). */
  status: number;
  durationMs: number;
}

export interface SessionOptions {
  har?: string;
  json?: string;
  junit?: string;
  /** Directory for `recording.json`. */
  record?: string;
  keepSecrets?: boolean;
  /** Where the per-exchange lines go (stdout in the CLI). */
  print(line: string): void;
  /** Called with each exchange's report once it is judged (for code driving a proxy). */
  onReport?(report: ExchangeReport): void;
  /** Milliseconds between flushes of the files; default 500. */
  flushEveryMs?: number;
}

/** Flushing after this many queued items bounds memory however fast exchanges arrive. */
const FLUSH_AFTER_ITEMS = 256;

/**
 * What one proxy run reports: judges each exchange (check-har's matching and checks), prints its
 * line, and streams it to the files asked for. Files are valid documents at every flush; `close`
 * waits for the judging in flight, writes the summary and returns it.
 */
export class ProxySession {
  readonly summary: ProxySummary = { pass: 0, fail: 0, knownDeviation: 0, skip: 0, unmatched: 0, notApi: 0 };
  private index = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly har?: JsonArrayFile;
  private readonly json?: JsonArrayFile;
  private readonly recording?: JsonArrayFile;
  private readonly junit?: JunitSpool;
  private readonly timer: NodeJS.Timeout;
  private readonly judgements = new JudgementCache();

  constructor(private readonly options: SessionOptions) {
    const started = new Date();
    if (options.har) this.har = new JsonArrayFile(options.har, harHead(), () => HAR_CLOSING);
    if (options.json) this.json = new JsonArrayFile(options.json, '{"exchanges":[', () => `],"summary":${JSON.stringify(this.summary)}}\n`);
    if (options.record) {
      this.recording = new JsonArrayFile(join(options.record, RECORDING_FILE), recordingHead(options.keepSecrets ? 'kept' : 'redacted', started), () => RECORDING_CLOSING);
    }
    if (options.junit) this.junit = new JunitSpool(options.junit, started);
    this.timer = setInterval(() => this.flush(), options.flushEveryMs ?? 500).unref();
  }

  /** Takes one finished exchange (the proxy's onExchange). */
  add(exchange: ProxiedExchange): void {
    const index = this.index++;
    const key = this.judgements.keyOf(exchange);
    const known = key === undefined ? undefined : this.judgements.get(key);
    if (known) return this.report(index, exchange, known);
    const done = judgeExchange(exchange.api, exchange).then(
      (judged) => {
        if (key !== undefined) this.judgements.set(key, judged);
        this.report(index, exchange, judged);
      },
      (error: Error) => this.report(index, exchange, { verdict: 'fail', detail: `contract-kit could not judge the exchange: ${error.message}`, checks: [] }),
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private report(index: number, exchange: ProxiedExchange, judged: JudgedExchange): void {
    const redact = !this.options.keepSecrets;
    const { request } = exchange;
    const caseRequest = requestParts(request);
    let report: ExchangeReport = {
      index,
      api: exchange.api,
      method: request.method,
      url: requestUrl(exchange.origin, caseRequest, redact),
      status: exchange.response?.status ?? 0,
      durationMs: Math.round(exchange.durationMs * 10) / 10,
      ...judged,
    };
    // A server echoing a secret back (`incorrect token, token=<given>`) must not leak it into a
    // report; the answer is the only place it can come from (request values are redacted by name).
    const secrets = redact ? secretValues(caseRequest) : [];
    const answer = exchange.response?.body.text ?? '';
    if (secrets.some((secret) => answer.includes(secret))) report = scrubSecrets(report, secrets);
    this.summary[SUMMARY_KEY[report.verdict]]++;
    this.options.print(exchangeLine(report));
    this.options.onReport?.(report);
    this.json?.append(report);
    this.junit?.add(report);
    this.har?.append(toHarEntry(exchange, redact));
    const recorded = this.recording && toRecordedExchange(exchange, redact);
    if (recorded) this.recording!.append(recorded);
    if ((this.har?.size ?? 0) + (this.json?.size ?? 0) > FLUSH_AFTER_ITEMS) this.flush();
  }

  flush(): void {
    for (const file of [this.har, this.json, this.recording]) file?.flush();
    this.junit?.flush();
  }

  /** Waits for the exchanges being judged, writes every file in full, and returns the summary. */
  async close(): Promise<ProxySummary> {
    clearInterval(this.timer);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    for (const file of [this.har, this.json, this.recording]) file?.close();
    this.junit?.close(this.summary);
    return this.summary;
  }

  /** Paths of the files written, for the closing message. */
  files(): string[] {
    return [this.har?.file, this.json?.file, this.junit?.file, this.recording?.file].filter((f): f is string => f !== undefined);
  }
}

/** `PASS  GET /api/backends?is_alive=true → 200  3 ms  doris-fe get_backends` plus the fact or the first problem. */
export function exchangeLine(report: ExchangeReport): string {
  const operation = report.operationId ? `${report.api} ${report.operationId}${report.variant && report.variant !== 'default' ? ` [${report.variant}]` : ''}` : report.api;
  const path = report.url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const detail = report.detail ? `  ${report.verdict === 'known-deviation' ? 'known deviation ' : ''}${report.detail}` : '';
  return `${report.verdict.toUpperCase().padEnd(15)} ${report.method} ${path} → ${report.status || '-'}  ${Math.round(report.durationMs)} ms  ${operation}${detail}`;
}

/** `12 exchanges: 9 passed, 1 failed, 2 known-deviation, 0 skipped, 0 unmatched` */
export function summaryLine(summary: ProxySummary): string {
  const total = Object.values(summary).reduce((a, b) => a + b, 0);
  const notApi = summary.notApi ? `, ${summary.notApi} not-api` : '';
  return `${total} exchanges: ${summary.pass} passed, ${summary.fail} failed, ${summary.knownDeviation} known-deviation, ${summary.skip} skipped, ${summary.unmatched} unmatched${notApi}`;
}

import { appendFileSync, closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { escapeXml } from '../verify/report/junit.js';
import type { ExchangeReport, ProxySummary } from './session.js';

function testcase(report: ExchangeReport): string {
  const operation = report.operationId ? `${report.operationId}${report.variant && report.variant !== 'default' ? `.${report.variant}` : ''}` : 'unmatched';
  const attributes = `classname="${escapeXml(`${report.api}.${operation}`)}" name="${escapeXml(`#${report.index} ${report.method} ${report.url} → ${report.status}`)}" time="${(report.durationMs / 1000).toFixed(3)}"`;
  const text = [report.detail, ...report.checks.map((c) => c.message)].filter(Boolean).join('\n\n');
  switch (report.verdict) {
    case 'fail':
    case 'unmatched':
      return `    <testcase ${attributes}>\n      <failure type="${report.checks[0]?.name ?? report.verdict}" message="${escapeXml(report.detail ?? report.verdict)}">${escapeXml(text)}</failure>\n    </testcase>\n`;
    case 'skip':
    case 'not-api':
      return `    <testcase ${attributes}>\n      <skipped message="${escapeXml(report.detail ?? report.verdict)}"/>\n    </testcase>\n`;
    case 'known-deviation':
      return `    <testcase ${attributes}>\n      <system-out>${escapeXml(`known deviation ${report.observed ?? ''}\n${text}`)}</system-out>\n    </testcase>\n`;
    default:
      return `    <testcase ${attributes}/>\n`;
  }
}

/**
 * JUnit XML for a proxy run, one <testcase> per exchange. The counts belong in the opening
 * <testsuite> tag, known only at the end: test cases are spooled to a file beside the report
 * while the proxy runs (memory stays bounded) and the report is assembled, atomically, on close.
 */
export class JunitSpool {
  private readonly spool: string;
  private pending: string[] = [];

  constructor(
    readonly file: string,
    private readonly started: Date,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.spool = `${file}.${process.pid}.testcases.tmp`;
    appendFileSync(this.spool, '');
  }

  add(report: ExchangeReport): void {
    this.pending.push(testcase(report));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    appendFileSync(this.spool, this.pending.join(''));
    this.pending = [];
  }

  close(summary: ProxySummary): void {
    this.flush();
    const tests = Object.values(summary).reduce((a, b) => a + b, 0);
    const failures = summary.fail + summary.unmatched;
    const skipped = summary.skip + summary.notApi;
    const seconds = ((Date.now() - this.started.getTime()) / 1000).toFixed(3);
    const temporary = `${this.file}.${process.pid}.tmp`;
    const out = openSync(temporary, 'w');
    writeSync(
      out,
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="contract-kit proxy">\n  <testsuite name="contract-kit proxy" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds}" timestamp="${this.started.toISOString()}">\n`,
    );
    const input = openSync(this.spool, 'r');
    const chunk = Buffer.alloc(64 * 1024);
    for (let n = readSync(input, chunk); n > 0; n = readSync(input, chunk)) writeSync(out, chunk, 0, n);
    closeSync(input);
    writeSync(out, '  </testsuite>\n</testsuites>\n');
    closeSync(out);
    renameSync(temporary, this.file);
    rmSync(this.spool, { force: true });
  }
}

import type { CaseResult, ContractReport } from '../types.js';
import { coverageTotals } from './coverage.js';

export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function testcase(report: ContractReport, r: CaseResult): string {
  const attributes = `classname="${escapeXml(`${report.api}.${r.operationId}`)}" name="${escapeXml(r.title)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
  const failures = r.checks.filter((c) => c.status === 'fail');
  const text = [r.reason, ...failures.map((c) => c.message)].filter(Boolean).join('\n\n');
  if (r.verdict === 'skip') return `    <testcase ${attributes}>\n      <skipped message="${escapeXml(r.reason ?? '')}"/>\n    </testcase>`;
  if (r.verdict === 'fail') {
    const first = failures[0]?.name ?? 'scenario';
    return `    <testcase ${attributes}>\n      <failure type="${first}" message="${escapeXml(failures.map((c) => c.name).join(', ') || (r.reason ?? 'failed'))}">${escapeXml(text)}</failure>\n    </testcase>`;
  }
  if (r.verdict === 'known-deviation') {
    return `    <testcase ${attributes}>\n      <system-out>${escapeXml(`known deviation ${r.knownDeviations?.join(', ')}\n${text}`)}</system-out>\n    </testcase>`;
  }
  return `    <testcase ${attributes}/>`;
}

/** The coverage gate as a test of its own, so that CI dashboards show it beside the cases. */
function coverageTestcase(report: ContractReport): string | undefined {
  const gate = report.coverageGate;
  if (!gate) return undefined;
  const totals = coverageTotals(report.coverage);
  const name = `coverage of documented statuses >= ${gate.minPercent}%`;
  const attributes = `classname="${escapeXml(`${report.api}.coverage`)}" name="${escapeXml(name)}" time="0.000"`;
  if (gate.passed) return `    <testcase ${attributes}>\n      <system-out>${escapeXml(`${totals.percent}% (${totals.exercised} of ${totals.documented})`)}</system-out>\n    </testcase>`;
  const missing = report.coverage
    .filter((e) => e.exercised.length < e.documented.length)
    .map((e) => `${e.operationId}${e.variant === 'default' ? '' : ` [${e.variant}]`}: ${e.documented.filter((s) => !e.exercised.includes(s)).join(' ')}`);
  return `    <testcase ${attributes}>\n      <failure type="coverage" message="${escapeXml(`${totals.percent}% is below ${gate.minPercent}%`)}">${escapeXml(`not exercised:\n${missing.join('\n')}`)}</failure>\n    </testcase>`;
}

/** JUnit XML, one <testsuite> per API, one <testcase> per contract case (and the coverage gate); known deviations pass with a note. */
export function junitReport(reports: ContractReport[]): string {
  const suites = reports.map((report) => {
    const { pass, fail, knownDeviation, skip } = report.summary;
    const gate = coverageTestcase(report);
    const tests = pass + fail + knownDeviation + skip + (gate ? 1 : 0);
    const failures = fail + (report.coverageGate && !report.coverageGate.passed ? 1 : 0);
    const properties = report.incomplete ? ['    <properties>', '      <property name="incomplete" value="true"/>', '    </properties>'] : [];
    return [
      `  <testsuite name="${escapeXml(`${report.api} — ${report.target}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skip}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${report.startedAt}">`,
      ...properties,
      ...report.cases.map((r) => testcase(report, r)),
      ...(gate ? [gate] : []),
      '  </testsuite>',
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="contract-kit verify">\n${suites.join('\n')}\n</testsuites>\n`;
}

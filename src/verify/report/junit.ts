import type { CaseResult, ContractReport } from '../types.js';

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

/** JUnit XML, one <testsuite> per API, one <testcase> per contract case; known deviations pass with a note. */
export function junitReport(reports: ContractReport[]): string {
  const suites = reports.map((report) => {
    const { pass, fail, knownDeviation, skip } = report.summary;
    const tests = pass + fail + knownDeviation + skip;
    return [
      `  <testsuite name="${escapeXml(`${report.api} — ${report.target}`)}" tests="${tests}" failures="${fail}" errors="0" skipped="${skip}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${report.startedAt}">`,
      ...report.cases.map((r) => testcase(report, r)),
      '  </testsuite>',
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="contract-kit verify">\n${suites.join('\n')}\n</testsuites>\n`;
}

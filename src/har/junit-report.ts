import { escapeXml } from '../verify/report/junit.js';
import type { HarEntryReport, HarReport } from './check-har.js';
import { entryProblems } from './console-report.js';

function testcase(e: HarEntryReport): string {
  const classname = e.operationId ? `${e.api}.${e.operationId}` : `unmatched.${e.host}`;
  const name = `#${e.index} ${e.method} ${e.url} → ${e.status}${e.variant && e.variant !== 'default' ? ` [${e.variant}]` : ''}`;
  const attributes = `classname="${escapeXml(classname)}" name="${escapeXml(name)}" time="${(e.durationMs / 1000).toFixed(3)}"`;
  const details = [...entryProblems(e), ...(e.curl ? [`reproduce: ${e.curl}`] : [])].join('\n');
  switch (e.verdict) {
    case 'skip':
      return `    <testcase ${attributes}>\n      <skipped message="${escapeXml(e.reason ?? '')}"/>\n    </testcase>`;
    case 'unmatched':
      return `    <testcase ${attributes}>\n      <failure type="unmatched" message="${escapeXml(e.reason ?? 'unmatched')}">${escapeXml(details)}</failure>\n    </testcase>`;
    case 'fail': {
      const failed = e.checks.filter((c) => c.status === 'fail' && !c.knownDeviation).map((c) => c.name);
      const message = failed.join(', ') || e.reason || 'failed';
      return `    <testcase ${attributes}>\n      <failure type="${escapeXml(failed[0] ?? 'method')}" message="${escapeXml(message)}">${escapeXml(details)}</failure>\n    </testcase>`;
    }
    case 'known-deviation':
      return `    <testcase ${attributes}>\n      <system-out>${escapeXml(`known deviation ${e.knownDeviations?.join(', ')}\n${details}`)}</system-out>\n    </testcase>`;
    default:
      return `    <testcase ${attributes}/>`;
  }
}

/**
 * JUnit XML of a check-har run: one <testsuite> for the capture, one <testcase> per judged entry
 * (unmatched API traffic is a failure, known deviations pass with a note); traffic that is not
 * API traffic is counted in a property, not listed.
 */
export function harJunitReport(report: HarReport, name: string): string {
  const judged = report.entries.filter((e) => e.verdict !== 'not-api');
  const s = report.summary;
  const time = judged.reduce((total, e) => total + e.durationMs, 0) / 1000;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="contract-kit check-har">',
    `  <testsuite name="${escapeXml(`check-har ${name}`)}" tests="${judged.length}" failures="${s.fail + s.unmatched}" errors="0" skipped="${s.skip}" time="${time.toFixed(3)}">`,
    `    <properties><property name="notApi" value="${s.notApi}"/></properties>`,
    ...judged.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

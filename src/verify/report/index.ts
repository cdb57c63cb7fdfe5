export { consoleReport, summaryLine, MARK, type ConsoleOptions } from './console.js';
export { coverageLine, coverageTable, coverageTotals, parseCoverageGate, type CoverageTotals } from './coverage.js';
export { jsonReport } from './json.js';
export { junitReport } from './junit.js';
export { createProgress, type Progress, type ProgressOutput, type Verbosity } from './progress.js';
export { prepareReportPath, writeReport, writeFileAtomic, ReportPathError, type ReportDestination } from './write-atomic.js';

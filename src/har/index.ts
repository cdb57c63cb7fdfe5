export { checkHar, summarise, SUMMARY_KEY, type HarReport, type HarEntryReport, type HarVerdict, type CheckHarOptions } from './check-har.js';
export { harConsoleReport, entryProblems, summaryLine } from './console-report.js';
export { harJunitReport } from './junit-report.js';
export { readHarFile, parseHar, entryToExchange, HarFormatError } from './read-har.js';
export { matchEntry, type EntryMatch } from './match-entry.js';
export { checkHostPattern, HostPatternError, type HostFilter } from './hosts.js';
export type { HarFile, HarEntry } from './har-types.js';

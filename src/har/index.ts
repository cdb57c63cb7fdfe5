export { checkHar, harConsoleReport, type HarReport, type HarEntryReport, type HarVerdict, type CheckHarOptions } from './check-har.js';
export { readHarFile, entryToExchange, HarFormatError } from './read-har.js';
export { matchEntry, type EntryMatch } from './match-entry.js';
export type { HarFile, HarEntry } from './har-types.js';

export { consoleReport, summaryLine } from './console.js';
export { jsonReport } from './json.js';
export { junitReport } from './junit.js';
export { writeFileAtomic } from './write-atomic.js';

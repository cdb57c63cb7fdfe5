import { checkHar as checkHarFile, type CheckHarOptions, type HarReport } from '../har/check-har.js';
import type { HarFile } from '../har/har-types.js';
import { readHarFile } from '../har/read-har.js';

/**
 * Judges captured traffic (a HAR from a browser, a proxy or a connector's HTTP client) against
 * the specs: every entry is matched to a documented operation and checked like a contract case.
 * `har` is the parsed HAR or the path of a .har file (a malformed file throws HarFormatError).
 */
export async function checkHar(har: HarFile | string, options: CheckHarOptions = {}): Promise<HarReport> {
  return checkHarFile(typeof har === 'string' ? readHarFile(har) : har, options);
}

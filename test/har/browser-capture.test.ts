import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkHar, harConsoleReport, readHarFile } from '../../src/har/index.js';
import { packageRoot } from '../../src/spec/locate.js';

/**
 * test/fixtures/har/browser-console.har: a HAR saved from Chromium's devtools on a web console at
 * console.example.internal:3000 that calls an Alluxio coordinator and a Doris FE. The page, its
 * scripts, fonts and analytics are not API traffic; the console's calls carry the browser's
 * cookies, user-agent and sec-* headers; the answers are the documents' examples.
 */
const har = readHarFile(join(packageRoot, 'test/fixtures/har/browser-console.har'));

describe('check-har on a browser capture', () => {
  test('page assets and other hosts are not API traffic; the API calls pass; preflights and cancelled requests are skipped', async () => {
    const report = await checkHar(har);
    expect(report.entries.map((e) => [e.index, e.verdict, e.operationId, e.variant])).toEqual([
      [0, 'not-api', undefined, undefined],
      [1, 'not-api', undefined, undefined],
      [2, 'not-api', undefined, undefined],
      [3, 'not-api', undefined, undefined],
      [4, 'not-api', undefined, undefined],
      // The console's own backend: /api/session resembles no documented operation and its host has none.
      [5, 'not-api', undefined, undefined],
      [6, 'not-api', undefined, undefined],
      // Blocked analytics beacon (status 0) on a host that is not API traffic.
      [7, 'not-api', undefined, undefined],
      [8, 'pass', 'query_load_jobs', 'list'],
      [9, 'pass', 'query_load_jobs', 'get'],
      // The CORS preflight before the POST.
      [10, 'skip', undefined, undefined],
      [11, 'pass', 'submit_load_job', 'default'],
      // A progress poll the page cancelled: no answer to judge.
      [12, 'skip', 'query_load_jobs', 'get'],
      [13, 'pass', 'get_backends', 'default'],
    ]);
    expect(report.summary).toEqual({ pass: 4, fail: 0, knownDeviation: 0, skip: 2, unmatched: 0, notApi: 8 });
    expect(report.entries[0]!.reason).toBe('no path of host console.example.internal:3000 is documented by any API');
  });

  test('curl lines keep the headers that matter and drop the browser\'s; credentials are redacted', async () => {
    const report = await checkHar(har);
    const post = report.entries[11]!;
    expect(post.curl).toBe(
      "curl -sS -i -X POST 'http://alluxio.example.internal:19999/api/v1/load' -H 'content-type: application/json' --data-raw '{\"paths\":[\"s3://my-bucket/dir/to/path\"]}'",
    );
    const fe = report.entries[13]!;
    expect(fe.curl).toBe("curl -sS -i -X GET 'http://fe.example.internal:8030/api/backends?is_alive=true' -H 'authorization: ***'");
    const text = JSON.stringify(report);
    for (const noise of ['console_session', 'Mozilla/5.0', 'sec-ch-ua', 'sec-fetch', 'accept-language', 'referer']) expect(text.toLowerCase()).not.toContain(noise.toLowerCase());
    // root:console-pw in the Basic credential.
    expect(text).not.toContain('cm9vdDpjb25zb2xlLXB3');
  });

  test('the text report sums up the traffic that is not API traffic per host instead of listing it', async () => {
    const text = harConsoleReport(await checkHar(har));
    expect(text).not.toContain('#0 ');
    expect(text).toContain('not API traffic, not judged: 5 on console.example.internal:3000, 1 on fonts.googleapis.com, 1 on fonts.gstatic.com, 1 on www.google-analytics.com');
    expect(text.split('\n').at(-1)).toBe('4 passed, 0 failed, 0 known-deviation, 2 skipped, 0 unmatched, 8 not-api');
  });

  test('--only-host judges a host as API traffic; --ignore-host leaves one out', async () => {
    const only = await checkHar(har, { onlyHosts: ['console.example.internal'] });
    // The console's own paths are then unmatched API traffic; everything else is left out.
    expect(only.entries.filter((e) => e.verdict !== 'not-api').map((e) => [e.index, e.verdict])).toEqual([
      [0, 'unmatched'],
      [1, 'unmatched'],
      [2, 'unmatched'],
      [5, 'unmatched'],
      [6, 'unmatched'],
    ]);
    expect(only.entries[5]!.reason).toBe('undocumented doris-fe path /api/session (no documented operation under /api/ has it)');
    expect(only.entries[8]!.reason).toBe('host alluxio.example.internal:19999 is not among --only-host');
    const ignored = await checkHar(har, { ignoreHosts: ['*.example.internal:19999'] });
    expect(ignored.entries.filter((e) => e.verdict !== 'not-api').map((e) => e.index)).toEqual([13]);
    expect(ignored.entries[8]!.reason).toBe('host alluxio.example.internal:19999 is ignored (--ignore-host)');
  });
});

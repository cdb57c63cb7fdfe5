import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { packageRoot } from '../../src/spec/locate.js';
import { checkHar, readHarFile, type HarReport } from '../../src/har/index.js';

const fixture = (name: string) => readHarFile(join(packageRoot, 'test/fixtures/har', name));
const brief = (report: HarReport) => report.entries.map((e) => [e.index, e.verdict, e.api, e.operationId, e.variant, e.knownDeviations]);

describe('check-har', () => {
  test('exchanges copied from the documents pass, each matched to its API, operation and variant', async () => {
    const report = await checkHar(fixture('documented.har'));
    expect(brief(report), JSON.stringify(report.entries, null, 2)).toEqual([
      [0, 'pass', 'doris-fe', 'get_backends', 'default', undefined],
      [1, 'pass', 'doris-meta-service', 'create_instance', 'hdfs', undefined],
      [2, 'pass', 'alluxio-coordinator', 'submit_load_job', 'default', undefined],
      [3, 'pass', 'alluxio-coordinator', 'stop_load_job', 'default', undefined],
      [4, 'pass', 'klustron-cluster-manager', 'emit', 'create_machine', undefined],
    ]);
    expect(report.summary).toEqual({ pass: 5, fail: 0, knownDeviation: 0, skip: 0, unmatched: 0, notApi: 0 });
  });

  test('real-server deviations listed in observed-behavior.md are named by their x-observed id', async () => {
    const report = await checkHar(fixture('observed.har'));
    expect(brief(report), JSON.stringify(report.entries, null, 2)).toEqual([
      [0, 'known-deviation', 'doris-meta-service', 'create_instance', 'hdfs', ['ms-token-403']],
      [1, 'known-deviation', 'doris-fe', 'get_backends', 'default', ['fe-auth']],
      [2, 'known-deviation', 'klustron-cluster-manager', 'emit', 'create_machine', ['kl-always-200']],
    ]);
    // The deviating checks are still listed, each marked with the entry it matches.
    const fe = report.entries[1]!;
    expect(fe.checks.map((c) => c.name)).toContain('negative_data_rejection');
    expect(fe.checks.every((c) => c.knownDeviation === 'fe-auth')).toBe(true);
    expect(report.entries[2]!.checks.map((c) => c.name)).toEqual(['content_type_conformance']);
  });

  test('a broken answer fails with the check, pointer and curl line; an undocumented path is unmatched', async () => {
    const report = await checkHar(fixture('defects.har'));
    const [broken, unknown] = report.entries;
    expect(broken!.verdict).toBe('fail');
    const schema = broken!.checks.find((c) => c.name === 'response_schema_conformance');
    expect(schema?.pointer).toBe('/data/backends/0/http_port');
    expect(schema?.message).toContain("curl -sS -i -X GET 'http://127.0.0.1:8030/api/backends?is_alive=true'");
    // The captured Basic credential is not repeated in reports.
    expect(schema?.message).toContain("-H 'authorization: ***'");
    expect(schema?.message).not.toContain('cm9vdDo=');
    expect(unknown).toMatchObject({ index: 1, verdict: 'unmatched' });
    expect(unknown!.api).toBeUndefined();
  });

  test('--api restricts matching to one API: the other APIs\' hosts are then not API traffic', async () => {
    const report = await checkHar(fixture('documented.har'), { api: 'doris-fe' });
    expect(report.entries.map((e) => e.verdict)).toEqual(['pass', 'not-api', 'not-api', 'not-api', 'not-api']);
  });
});

import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkHar, readHarFile, type HarReport } from '../../src/har/index.js';
import { loadSpec } from '../../src/spec/load.js';
import { packageRoot } from '../../src/spec/locate.js';
import type { IndexedSpec } from '../../src/spec/types.js';
import { metaServiceSpec } from './support/meta-service-spec.js';

/**
 * test/fixtures/har/meta-service-clients.har: what a proxy in front of a real Meta Service (and its
 * FE) records while the Doris operator, an FE entrypoint script and the regression suite talk to it.
 * Requests are the document's examples sent the way those clients send them (POST for most
 * handlers, DELETE for drop_node, GET with a body for get_cluster: `ms-doc-post`); answers are
 * the document's examples, or what the observed facts say a real server answers.
 */
const har = readHarFile(join(packageRoot, 'test/fixtures/har/meta-service-clients.har'));
const brief = (report: HarReport) => report.entries.map((e) => [e.index, e.verdict, e.operationId, e.knownDeviations]);

describe('check-har on real Meta Service clients', () => {
  let specs: IndexedSpec[];
  let report: HarReport;
  beforeAll(async () => {
    specs = [await loadSpec('doris-fe'), await metaServiceSpec(), await loadSpec('alluxio-coordinator'), await loadSpec('klustron-cluster-manager')];
    report = await checkHar(har, { specs });
  });

  test('every entry is judged and named; each contradiction of the document by its x-observed id', () => {
    expect(brief(report), JSON.stringify(report.entries, null, 2)).toEqual([
      // The document sends bodies with PUT (syntax) and POST (its curl example): both documented.
      [0, 'pass', 'create_instance', undefined],
      [1, 'pass', 'get_instance', undefined],
      [2, 'pass', 'get_cluster', undefined],
      [3, 'pass', 'add_cluster', undefined],
      [4, 'pass', 'add_node', undefined],
      // DELETE is a method the document never uses; the server never checks it.
      [5, 'known-deviation', 'drop_node', ['ms-method-ignored']],
      // The document answers every envelope with HTTP 200; real servers map `code` to the status.
      [6, 'known-deviation', 'drop_instance', ['ms-status-map']],
      [7, 'known-deviation', 'get_cluster', ['ms-status-map']],
      [8, 'pass', 'add_cluster', undefined],
      // GET with a body (the entrypoint scripts' get_cluster).
      [9, 'known-deviation', 'get_cluster', ['ms-method-ignored']],
      [10, 'pass', 'create_instance', undefined],
      [11, 'known-deviation', 'create_instance', ['ms-status-map']],
      [12, 'pass', 'set_cluster_status', undefined],
      // Same status again: 400 `status eq original status`.
      [13, 'known-deviation', 'set_cluster_status', ['ms-cluster-status-edges']],
      // The documented STOPPED is dropped and refused as `want set UNKNOWN`.
      [14, 'known-deviation', 'set_cluster_status', ['ms-cluster-status-enum']],
      // Requests the document's schema rejects and the real JSON parser accepts.
      [15, 'known-deviation', 'set_cluster_status', ['ms-lenient-json']],
      [16, 'known-deviation', 'create_instance', ['ms-lenient-json']],
      [17, 'pass', 'set_instance_status', undefined],
      [18, 'known-deviation', 'get_cluster', ['ms-token-403']],
      // JSON where the document shows protobuf text.
      [19, 'known-deviation', 'abort_txn', ['ms-abort-txn-json']],
      // Handlers real servers have and the document does not.
      [20, 'unmatched', undefined, undefined],
      [21, 'unmatched', undefined, undefined],
      [22, 'unmatched', undefined, undefined],
      [23, 'pass', 'cloud_cluster_status', undefined],
    ]);
    expect(report.summary).toEqual({ pass: 10, fail: 0, knownDeviation: 11, skip: 0, unmatched: 3, notApi: 0 });
  });

  test('a request sent with an undocumented method says which method the document gives and which fact accepts it', () => {
    expect(report.entries[5]!.undocumentedMethod).toEqual({ documented: ['PUT', 'POST'], acceptedBy: 'ms-method-ignored' });
    expect(report.entries[9]!.undocumentedMethod).toEqual({ documented: ['PUT', 'POST'], acceptedBy: 'ms-method-ignored' });
    // POST is one of the document's own methods: no deviation to name.
    expect(report.entries[0]!.undocumentedMethod).toBeUndefined();
  });

  test('a request that breaks the documented schema but was accepted lists what it broke', () => {
    const numericEnum = report.entries[15]!;
    expect(numericEnum.requestProblems?.map((p) => p.pointer)).toContain('/cluster/cluster_status');
    expect(numericEnum.checks.map((c) => [c.name, c.knownDeviation])).toEqual([['negative_data_rejection', 'ms-lenient-json']]);
    const badUserId = report.entries[16]!;
    expect(badUserId.requestProblems).toEqual([expect.objectContaining({ in: 'body', pointer: '/user_id' })]);
  });

  test('unmatched traffic names the undocumented handler', () => {
    expect(report.entries[20]!.reason).toMatch(/^undocumented doris-meta-service handler get_value/);
    // Under the versioned prefix too.
    expect(report.entries[21]!.reason).toMatch(/^undocumented doris-meta-service handler txn_lazy_commit/);
    expect(report.entries[22]!.reason).toMatch(/^undocumented doris-meta-service handler update_config/);
  });

  test('reports carry no token, no secret key and none of the clients\' own headers', () => {
    const text = JSON.stringify(report);
    expect(text).not.toContain('greedisgood9999');
    // The wrong token the 403 answer echoes.
    expect(text).not.toContain('wrong-token-4711');
    // The object vault's sk of create_instance.
    expect(text).not.toContain('sk_xxxxxxxxxxx');
    expect(report.entries[0]!.curl).toContain("'content-type: application/json'");
    expect(text).not.toMatch(/user-agent|accept-encoding|connection: keep-alive/i);
  });
});

describe('check-har on real Meta Service clients, against the spec as it stands', () => {
  test('no request is unmatched for its method: every documented path is judged as its operation', async () => {
    const report = await checkHar(har);
    const unmatched = report.entries.filter((e) => e.verdict === 'unmatched').map((e) => e.index);
    expect(unmatched).toEqual([20, 21, 22]);
    for (const entry of report.entries.filter((e) => !unmatched.includes(e.index))) {
      expect(entry.operationId, `entry ${entry.index}`).toBeDefined();
    }
  });
});

import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { packageRoot } from '../../src/spec/locate.js';
import { checkHar, entryProblems, harConsoleReport, readHarFile, type HarFile, type HarReport } from '../../src/har/index.js';

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

  test('real-server deviations recorded as x-observed facts are named by their x-observed id', async () => {
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

/** A one-entry HAR: what a proxy hands check-har for each exchange. */
function exchange(method: string, url: string, body: unknown, status: number, answer: unknown, contentType = 'application/json'): HarFile {
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  return {
    log: {
      entries: [
        {
          request: {
            method,
            url,
            headers: body === undefined ? [] : [{ name: 'Content-Type', value: 'application/json' }],
            ...(body !== undefined && { postData: { mimeType: 'application/json', text: JSON.stringify(body) } }),
          },
          response: { status, headers: [{ name: 'Content-Type', value: contentType }], content: { mimeType: contentType, text } },
        },
      ],
    },
  };
}

describe('check-har: a method the spec does not give the path', () => {
  const loadJob = { paths: ['s3://my-bucket/dir/to/path'] };

  test("HTTP's 405 Method Not Allowed is the expected answer when no fact says the server accepts the method", async () => {
    // Alluxio documents GET, POST and DELETE on /api/v1/load; PUT is none of them.
    const [entry] = (await checkHar(exchange('PUT', 'http://127.0.0.1:19999/api/v1/load', loadJob, 405, { status: 'Method Not Allowed' }))).entries;
    expect(entry).toMatchObject({ verdict: 'pass', api: 'alluxio-coordinator', undocumentedMethod: { documented: ['GET', 'POST', 'DELETE'] } });
    expect(entry!.undocumentedMethod!.acceptedBy).toBeUndefined();
  });

  test('a server that serves it anyway fails, naming the method, when no x-observed entry says real servers do', async () => {
    const report = await checkHar(exchange('PUT', 'http://127.0.0.1:19999/api/v1/load', loadJob, 200, { id: '54b88939-de49-46ef-acab-fe489f46d1a0' }));
    const [entry] = report.entries;
    expect(entry!.verdict).toBe('fail');
    expect(entry!.reason).toContain('PUT is not a documented method');
    expect(entryProblems(entry!)[0]).toBe('method PUT is not documented for submit_load_job (the spec documents GET, POST, DELETE)');
    expect(entry!.checks.map((c) => c.name)).toContain('negative_data_rejection');
  });

  test('a Klustron GET refused with the failed envelope is the rejection kl-reject describes', async () => {
    const refused = { attachment: null, error_code: '70001', error_info: 'unsupported http method', status: 'failed', version: '1.0' };
    const [entry] = (await checkHar(exchange('GET', 'http://127.0.0.1:35001/HttpService/Emit', undefined, 200, refused, 'text/plain'))).entries;
    expect(entry).toMatchObject({ verdict: 'known-deviation', operationId: 'emit', knownDeviations: ['kl-reject'] });
  });
});

describe('check-har: every problem of an entry', () => {
  test('the schema check lists each problem of a broken answer, in the JSON and in the text', async () => {
    // Three ways to break the documented backends answer: a string port, a missing ip, a string is_alive.
    const answer = { msg: 'success', code: 0, data: { backends: [{ ip: '192.1.1.1', http_port: '8040', is_alive: true }, { http_port: 8040, is_alive: 'yes' }] }, count: 0 };
    const report = await checkHar(exchange('GET', 'http://127.0.0.1:8030/api/backends', undefined, 200, answer));
    const schema = report.entries[0]!.checks.find((c) => c.name === 'response_schema_conformance')!;
    expect(schema.problems?.map((p) => p.pointer).sort()).toEqual(['/data/backends/0/http_port', '/data/backends/1/ip', '/data/backends/1/is_alive']);
    const text = harConsoleReport(report);
    for (const pointer of ['/data/backends/0/http_port', '/data/backends/1/ip', '/data/backends/1/is_alive']) expect(text).toContain(pointer);
    expect(text).toContain('(2 more problems)');
  });
});

describe('check-har: unmatched API traffic', () => {
  test('a path no spec knows on an API host says so; a Meta Service path names the handler', async () => {
    const har: HarFile = {
      log: {
        entries: [
          ...exchange('PUT', 'http://127.0.0.1:5000/MetaService/http/drop_instance?token=greedisgood9999', { instance_id: '123456' }, 200, { code: 'OK', msg: '' }).log.entries,
          ...exchange('GET', 'http://127.0.0.1:5000/metrics', undefined, 404, 'http path not found or not allowed', 'text/plain').log.entries,
          ...exchange('POST', 'http://127.0.0.1:5000/MetaService/http/show_config?token=greedisgood9999', {}, 200, { code: 'OK', msg: '' }).log.entries,
        ],
      },
    };
    const report = await checkHar(har);
    expect(report.entries.map((e) => e.verdict)).toEqual(['pass', 'unmatched', 'unmatched']);
    expect(report.entries[1]!.reason).toBe('no spec documents this path');
    expect(report.entries[2]!.reason).toMatch(/^undocumented doris-meta-service handler show_config/);
    // The token of the unmatched entry is redacted in its URL and curl line.
    expect(JSON.stringify(report.entries[2])).not.toContain('greedisgood9999');
  });
});

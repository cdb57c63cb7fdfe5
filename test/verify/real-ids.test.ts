/**
 * Read-only runs against a deployment with its real ids (--param, --ids). A read case that asks
 * for the spec's example id and gets a not-found is "not found on this deployment" (a skip with
 * the reason), never a pass; with the user's own id a not-found is a failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { loadSpec } from '../../src/spec/load.js';
import type { ContractReport } from '../../src/verify/index.js';
import { runCommand } from '../support/run-command.js';

const run = (args: string[]) => runCommand(registerVerifyCommand, ['verify', ...args]);
const REAL_INSTANCE = 'prod_instance_7';

let mock: MockServer;
let deployment: Server;
let url: string;
let dir: string;

/**
 * The simulator dressed as a deployment: everything is forwarded except contract-kit's control
 * endpoints, so verify treats it as a real server (read cases only, no resets).
 */
function forwardTo(origin: string): Server {
  return createServer((req, res) => {
    if (req.url!.startsWith('/__contract-kit/')) {
      res.writeHead(404).end();
      return;
    }
    const upstream = request(`${origin}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
}

async function readReport(args: string[]): Promise<{ exitCode: number | undefined; report: ContractReport; output: string }> {
  const json = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  const { exitCode, output } = await run(['doris-meta-service', '--base-url', url, '--only', 'get_instance', '--quiet', '--json', json, ...args]);
  const { readFileSync } = await import('node:fs');
  return { exitCode, output, report: JSON.parse(readFileSync(json, 'utf8')) as ContractReport };
}

const positive = (report: ContractReport) => report.cases.filter((c) => c.kind === 'example' && c.operationId === 'get_instance');

beforeAll(async () => {
  mock = await startMockServer({ api: 'doris-meta-service', port: 0 });
  // The deployment's one instance, created from the document's own create_instance example.
  const spec = await loadSpec('doris-meta-service');
  const example = spec.operationById.get('create_instance')!.variants.find((v) => v.name === 'object')!.requestExamples[0]!.body!.value as Record<string, unknown>;
  const created = await fetch(`${mock.url}/MetaService/http/create_instance?token=greedisgood9999`, { method: 'PUT', body: JSON.stringify({ ...example, instance_id: REAL_INSTANCE }) });
  expect(created.status).toBe(200);
  deployment = forwardTo(mock.url);
  await new Promise<void>((resolve) => deployment.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(deployment.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'real-ids-'));
});

afterAll(async () => {
  await new Promise((resolve) => deployment?.close(resolve));
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('read cases against a deployment', () => {
  test("with the spec's example ids: not found on this deployment, a skip naming the id and the flags, no pass", async () => {
    const { exitCode, report } = await readReport([]);
    expect(exitCode).toBe(0);
    const cases = positive(report);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c.verdict, c.id).toBe('skip');
      expect(c.reason).toMatch(/^not found on this deployment: the request uses the spec's example instance_id=\S+; give real ones with --param <name>=<value> or --ids <file>$/);
    }
    // The not-found answer was still exercised and checked against its documented shape.
    expect(report.coverage.find((e) => e.operationId === 'get_instance')!.exercised.length).toBeGreaterThan(0);
  });

  test('--param instance_id=<real>: the positive cases read the real instance and pass', async () => {
    const { exitCode, report } = await readReport(['--param', `instance_id=${REAL_INSTANCE}`]);
    expect(exitCode).toBe(0);
    for (const c of positive(report)) expect(c.verdict, c.id).toBe('pass');
    expect(report.coverage.find((e) => e.operationId === 'get_instance')!.exercised).toContain('200');
  });

  test('--ids <file>, per operation: the same', async () => {
    const ids = join(dir, 'ids.json');
    writeFileSync(ids, JSON.stringify({ get_instance: { instance_id: REAL_INSTANCE }, job_id: '42' }));
    const { report } = await readReport(['--ids', ids]);
    for (const c of positive(report)) expect(c.verdict, c.id).toBe('pass');
  });

  test('a given id the deployment does not have: the positive case fails ensure_resource_availability', async () => {
    const { exitCode, report, output } = await readReport(['--param', 'instance_id=no_such_instance']);
    expect(exitCode).toBe(1);
    for (const c of positive(report)) expect(c.verdict, c.id).toBe('fail');
    expect(output).toContain('ensure_resource_availability: the deployment answered not found');
    expect(output).toContain('instance_id=no_such_instance');
  });

  test('bad --param and --ids are usage errors', async () => {
    expect((await run(['doris-meta-service', '--param', 'instance_id'])).exitCode).toBe(2);
    expect((await run(['doris-meta-service', '--ids', join(dir, 'missing.json')])).exitCode).toBe(2);
    writeFileSync(join(dir, 'bad.json'), '[1, 2]');
    expect((await run(['doris-meta-service', '--ids', join(dir, 'bad.json')])).output).toContain('must hold a JSON object');
    writeFileSync(join(dir, 'unknown-op.json'), '{"get_instanse": {"instance_id": "x"}}');
    const unknown = await run(['doris-meta-service', '--ids', join(dir, 'unknown-op.json')]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.output).toContain("'get_instanse' holds an object but is not an operationId");
  });
});

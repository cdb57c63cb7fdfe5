/**
 * Secrets (`sk`, `ak`, `secretKey`, passwords, tokens, Authorization) never reach the verify
 * runner's console output, JSON report, JUnit XML or curl lines — not even when the server echoes
 * them back (the Meta Service's `incorrect token, token=<given>`, ms-token-403).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetaServiceSimulator } from '../../mocks/doris-meta-service/index.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { loadSpec } from '../../src/spec/index.js';
import { isSecretName } from '../../src/verify/redact.js';
import { runCli, waitForOutput } from '../support/cli.js';

const GIVEN_TOKEN = 'given-token-Q9X7Z2';
const SERVER_TOKEN = 'server-token-M3P5R1';
const FE_PASSWORD = 'fe-pass-W4K8';

/** Every secret-named string value in the spec's request examples (the documents' ak/sk samples...). */
async function documentedSecretValues(): Promise<string[]> {
  const spec = await loadSpec('doris-meta-service');
  const values = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (isSecretName(key) && typeof inner === 'string' && inner.length >= 6) values.add(inner);
        else collect(inner);
      }
    }
  };
  for (const operation of spec.operations) for (const variant of operation.variants) for (const example of variant.requestExamples) collect(example.body?.value);
  return [...values];
}

describe('verify output carries no secrets (Meta Service simulator, wrong token, FE password)', () => {
  let server: MockServer;
  let dir: string;
  let outputs: Record<'console' | 'json' | 'junit', string>;
  let secrets: string[];

  beforeAll(async () => {
    // The server expects another token, so every Meta Service case fails (with curl lines) and the
    // observed profile echoes the given token in its 403 text.
    server = await startMockServer({ api: 'doris-meta-service', simulator: createMetaServiceSimulator({ profile: 'observed', token: SERVER_TOKEN }), port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'contract-kit-redaction-'));
    const run = runCli([
      'verify', 'doris-meta-service', '--base-url', server.url, '--token', GIVEN_TOKEN, '--user', 'root', '--password', FE_PASSWORD,
      '--strict', '--verbose', '--json', join(dir, 'report.json'), '--junit', join(dir, 'report.xml'),
    ]);
    const code = await run.exit;
    expect(code, run.stderr()).toBe(1);
    outputs = { console: run.stdout() + run.stderr(), json: readFileSync(join(dir, 'report.json'), 'utf8'), junit: readFileSync(join(dir, 'report.xml'), 'utf8') };
    secrets = [GIVEN_TOKEN, FE_PASSWORD, Buffer.from(`root:${FE_PASSWORD}`).toString('base64'), SERVER_TOKEN, ...(await documentedSecretValues())];
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the documents give object-store secrets to look for', () => {
    expect(secrets.length).toBeGreaterThan(4);
  });

  test.each(['console', 'json', 'junit'] as const)('%s output: no secret value appears, redactions do', (kind) => {
    const text = outputs[kind];
    for (const secret of secrets) expect(text.includes(secret), `${kind} output contains the secret ${secret}`).toBe(false);
    // The run did send and report the secrets' carriers: token in the query, Basic credentials, ak/sk in bodies.
    expect(text).toContain('token=***');
    expect(text).toMatch(/authorization: \*\*\*/i);
    // A quote is `"`, `\"` inside JSON strings, `&quot;` in XML.
    expect(text).toMatch(/(\\?"|&quot;)sk(\\?"|&quot;):(\\?"|&quot;)\*\*\*/);
  });

  test('the server really echoed the given token, and the report shows it scrubbed', () => {
    expect(outputs.json).toContain('incorrect token, token=***');
  });
});

test('the mock CLI logs nothing of the requests it serves (no token, no object-store keys)', async () => {
  const run = runCli(['mock', 'doris-meta-service', '--port', 'doris-meta-service=0', '--no-docs']);
  try {
    await waitForOutput(run, /^ready in \d+ ms/m);
    const url = /doris-meta-service\s+(http:\/\/\S+)/.exec(run.stdout())![1]!;
    const body = { instance_id: 'redaction', vault: { obj_info: { ak: 'AK-LOGGED-7Q2', sk: 'SK-LOGGED-9Z4', bucket: 'b', prefix: 'p', endpoint: 'e', region: 'r', provider: 'COS' } } };
    for (const token of ['greedisgood9999', GIVEN_TOKEN]) {
      const res = await fetch(`${url}/MetaService/http/create_instance?token=${token}`, { method: 'PUT', body: JSON.stringify(body) });
      expect(res.status).toBeLessThan(500);
    }
    for (const secret of [GIVEN_TOKEN, 'AK-LOGGED-7Q2', 'SK-LOGGED-9Z4']) expect(run.stdout() + run.stderr()).not.toContain(secret);
  } finally {
    run.child.kill('SIGTERM');
    await run.exit;
  }
});

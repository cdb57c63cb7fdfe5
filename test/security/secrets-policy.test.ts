/**
 * The redaction policy (src/verify/redact.ts) against the secrets a new user found in reports:
 * ak/sk that a real get_obj_store_info answers with (printed as `actual`), Hadoop-style option
 * keys in curl lines, the password of `--base-url http://root:PW@host`, a token in a query string.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';
import { curlCommand } from '../../src/verify/curl.js';
import { isSecretName, redactHeaders, redactJson, redactText, redactUrl, specSecretNames } from '../../src/verify/redact.js';
import type { IndexedSpec } from '../../src/spec/types.js';
import { runCommand } from '../support/run-command.js';

const run = (args: string[]) => runCommand(registerVerifyCommand, ['verify', ...args]);

/** The Hadoop/Spark/Flink option names the issue lists: each carries a secret. */
const HADOOP_KEYS = ['fs.s3a.secret.key', 'fs.s3a.access.key', 'fs.oss.accessKeySecret', 'fs.cos.secret.key', 'client_secret', 'computer_pwd'];

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('response values: get_obj_store_info answering ak/sk (as a real Meta Service does, ms-instance-shape)', () => {
  const AK = 'AKIAIOSFODNN7EXAMPLE';
  const SK = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
  let server: Server;
  let url: string;
  let dir: string;
  let output: string;
  let json: string;
  let junit: string;

  beforeAll(async () => {
    // `obj_info` is documented as a list; this server answers one object, so
    // response_schema_conformance fails at /result/obj_info and shows the object as `actual`.
    ({ server, url } = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'OK', msg: '', result: { obj_info: { id: '1', ak: AK, sk: SK, bucket: 'b', prefix: 'p', endpoint: 'e', region: 'r', provider: 'S3' } } }));
    }));
    dir = mkdtempSync(join(tmpdir(), 'secrets-policy-'));
    const result = await run(['doris-meta-service', '--base-url', url, '--only', 'get_obj_store_info', '--json', join(dir, 'r.json'), '--junit', join(dir, 'r.xml'), '--quiet']);
    expect(result.exitCode).toBe(1);
    output = result.output;
    json = readFileSync(join(dir, 'r.json'), 'utf8');
    junit = readFileSync(join(dir, 'r.xml'), 'utf8');
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test('the failure is reported at /result/obj_info, with the object shown redacted', () => {
    expect(output).toContain('response_schema_conformance');
    expect(output).toContain('at /result/obj_info');
    expect(output).toMatch(/"sk":"\*\*\*"/);
  });

  test.each(['console', 'json', 'junit'] as const)('%s: neither ak nor sk appears', (kind) => {
    const text = { console: output, json, junit }[kind];
    expect(text).not.toContain(AK);
    expect(text).not.toContain(SK);
  });
});

describe('Hadoop-style option keys', () => {
  test.each(HADOOP_KEYS)('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  test('names that only look alike are not secrets', () => {
    for (const name of ['instance_id', 'key', 'key_id', 'decode_key', 'bucket', 'skip', 'task', 'desk', 'tokenizer', 'fs.s3a.endpoint', 'user_name']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  test('each value is redacted in a curl line: body properties, query parameters and headers', () => {
    const properties = Object.fromEntries(HADOOP_KEYS.map((k, i) => [k, `HADOOP-SECRET-${i}`]));
    const curl = curlCommand('http://127.0.0.1:35001', {
      method: 'POST',
      path: '/HttpService/Emit',
      query: { 'fs.s3a.access.key': 'HADOOP-SECRET-Q' },
      headers: { 'x-fs-cos-secret-key': 'HADOOP-SECRET-H' },
      body: JSON.stringify({ job_type: 'create_cluster', paras: { properties } }),
    });
    expect(curl).not.toMatch(/HADOOP-SECRET/);
    for (const key of HADOOP_KEYS) expect(curl).toContain(`"${key}":"***"`);
  });

  test('and in text: properties files, protobuf text, escaped JSON', () => {
    const text = 'fs.s3a.secret.key=ABCDEF1\nfs.oss.accessKeySecret: "ABCDEF2"\n{\\"client_secret\\":\\"ABCDEF3\\"}';
    expect(redactText(text)).toBe('fs.s3a.secret.key=***\nfs.oss.accessKeySecret: "***"\n{\\"client_secret\\":\\"***\\"}');
  });
});

describe('URLs', () => {
  test('the userinfo password and a token in the query are redacted, the rest kept', () => {
    expect(redactUrl('http://root:PW-7Z@fe.example:8030/api/backends')).toBe('http://root:***@fe.example:8030/api/backends');
    expect(redactUrl('http://ms:5000/MetaService/http/get_instance?token=greedisgood9999&instance_id=i1')).toBe(
      'http://ms:5000/MetaService/http/get_instance?token=***&instance_id=i1',
    );
    expect(redactText('GET http://ms:5000/x?instance_id=i1&token=tok-Q1 answered 403')).toBe('GET http://ms:5000/x?instance_id=i1&token=*** answered 403');
  });

  test('--base-url http://root:PW@host: the password is printed nowhere (nothing listens there)', async () => {
    const { server, url } = await listen(() => undefined);
    const port = new URL(url).port;
    await new Promise((resolve) => server.close(resolve));
    const { exitCode, output } = await run(['doris-fe', '--base-url', `http://root:PW-SECRET-93@127.0.0.1:${port}`]);
    expect(exitCode).toBe(1);
    expect(output).not.toContain('PW-SECRET-93');
    expect(output).toContain(`http://root:***@127.0.0.1:${port}`);
  });

  test('--base-url http://root:PW@host against a Doris FE: not in curl lines or the report target', async () => {
    const { server, url } = await listen((_req, res) => {
      // An FE envelope that breaks the documented shape, so that cases fail and print curl lines.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ msg: 'success', code: 0, data: { backends: 'not a list' }, count: 0 }));
    });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'secrets-userinfo-'));
      const withPassword = url.replace('http://', 'http://root:PW-SECRET-94@');
      const { exitCode, output } = await run(['doris-fe', '--base-url', withPassword, '--json', join(dir, 'r.json')]);
      const json = readFileSync(join(dir, 'r.json'), 'utf8');
      rmSync(dir, { recursive: true, force: true });
      expect(exitCode).toBe(1);
      expect(output).toContain('reproduce: curl');
      for (const text of [output, json]) {
        expect(text).not.toContain('PW-SECRET-94');
        expect(text).toContain('root:***@');
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('headers, JSON values and the spec’s own marks', () => {
  test('redactHeaders masks secret headers and credentials inside others', () => {
    expect(redactHeaders({ authorization: 'Basic cm9vdDpwdw==', cookie: ['a=1', 'b=2'], 'x-forwarded-authorization': 'Bearer eyJhbGciOiJIUzI1NiJ9', accept: 'text/plain' })).toEqual({
      authorization: '***',
      cookie: ['***', '***'],
      'x-forwarded-authorization': '***',
      accept: 'text/plain',
    });
  });

  test('a schema property with format: password, writeOnly or x-secret: true is secret for that spec only', () => {
    const spec = {
      document: {
        components: {
          schemas: {
            Machine: {
              type: 'object',
              properties: {
                login: { type: 'string', format: 'password' },
                passphrase_hint: { type: 'string', writeOnly: true },
                vault_blob: { type: 'string', 'x-secret': true },
                hostaddr: { type: 'string' },
              },
            },
          },
        },
      },
    } as unknown as IndexedSpec;
    const marks = specSecretNames(spec);
    expect([...marks].sort()).toEqual(['login', 'passphrase_hint', 'vault_blob']);
    expect(redactJson({ login: 'l0gin', passphrase_hint: 'h1nt', vault_blob: 'bl0b', hostaddr: '10.0.0.1' }, marks)).toEqual({
      login: '***',
      passphrase_hint: '***',
      vault_blob: '***',
      hostaddr: '10.0.0.1',
    });
    expect(redactJson({ login: 'l0gin' })).toEqual({ login: 'l0gin' });
  });
});

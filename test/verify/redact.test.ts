import { describe, expect, test } from 'vitest';
import { curlCommand } from '../../src/verify/curl.js';
import { isSecretName, scrubSecrets, secretValues } from '../../src/verify/redact.js';

describe('secrets never reach curl lines or reports', () => {
  test('the names DESIGN.md lists are secrets, dotted option names by their last part', () => {
    for (const name of ['sk', 'ak', 'secretKey', 'secret_key', 'password', 'token', 'access_token', 'Authorization', 's3a.secretKey', 's3a.accessKeyId']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['instance_id', 'bucket', 'user', 'endpoint', 'task', 'skip']) expect(isSecretName(name), name).toBe(false);
  });

  test('curl redacts the token query parameter, the Authorization header and nested body keys', () => {
    const curl = curlCommand('http://127.0.0.1:5000', {
      method: 'PUT',
      path: '/MetaService/http/create_instance',
      query: { token: 'greedisgood9999', instance_id: 'i1' },
      headers: { authorization: 'Basic cm9vdDpzM2NyZXQ=', 'content-type': 'text/plain' },
      body: JSON.stringify({ instance_id: 'i1', vault: { obj_info: { ak: 'AKID123', sk: 'SECRET456', bucket: 'b' } }, options: { 's3a.secretKey': 'xyz' } }),
    });
    expect(curl).toBe(
      "curl -sS -i -X PUT 'http://127.0.0.1:5000/MetaService/http/create_instance?token=***&instance_id=i1' -H 'authorization: ***' -H 'content-type: text/plain' " +
        `--data-raw '{"instance_id":"i1","vault":{"obj_info":{"ak":"***","sk":"***","bucket":"b"}},"options":{"s3a.secretKey":"***"}}'`,
    );
  });

  test('a body that is not JSON still has its quoted secret pairs redacted', () => {
    const curl = curlCommand('http://h', { method: 'POST', path: '/', query: {}, headers: {}, body: '{"sk": "SECRET456", "bucket": "b"' });
    expect(curl).toContain(`'{"sk": "***", "bucket": "b"'`);
  });

  test('values a server echoes back (the token, the Basic password) are scrubbed from any text', () => {
    const secrets = secretValues({ query: { token: 'my-token' }, headers: { authorization: `Basic ${Buffer.from('root:pa55word').toString('base64')}` } });
    expect(scrubSecrets('incorrect token, token=my-token; password pa55word', secrets)).toBe('incorrect token, token=***; password ***');
    expect(scrubSecrets({ msg: 'token=my-token' }, secrets)).toEqual({ msg: 'token=***' });
  });
});

/**
 * The docs server serves files: no request path, however encoded, reaches a file outside the
 * site (the machine's /etc/passwd, the project's package.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDocsServer, type DocsServer } from '../../src/docs/server.js';
import { packageRoot } from '../../src/spec/locate.js';
import { sendRaw } from '../reliability/support/raw-http.js';

const TRAVERSALS = [
  '/../../../../../../etc/passwd',
  '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2f..%2f..%2fetc%2fpasswd',
  '/%252e%252e/%252e%252e/etc/passwd',
  '/..%5c..%5c..%5cetc%5cpasswd',
  '//etc/passwd',
  '/assets/../../package.json',
  '/assets/%2e%2e/%2e%2e/package.json',
  '/..%2fpackage.json',
  '/package.json',
  '/specs/doris-fe.yaml/../../package.json',
  '/%00/etc/passwd',
  `/${'../'.repeat(200)}etc/passwd`,
];

let docs: DocsServer;
beforeAll(async () => {
  docs = await startDocsServer({ port: 0 });
});
afterAll(() => docs?.close());

const packageJson = readFileSync(join(packageRoot, 'package.json'), 'utf8');

test.each(TRAVERSALS.map((path) => [path.slice(0, 80), path]))('GET %s reaches no file outside the site', async (_name, path) => {
  const res = await sendRaw(docs.url, { method: 'GET', path });
  expect(res.status, res.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.text).not.toMatch(/root:.*:0:0:/);
  expect(res.text).not.toContain(packageJson.slice(0, 200));
});

test('the docs server still serves its index after the attempts', async () => {
  const res = await sendRaw(docs.url, { method: 'GET', path: '/' });
  expect(res.status).toBe(200);
});

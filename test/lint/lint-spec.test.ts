import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API_IDS } from '../../mocks/shared/types.js';
import { specPath } from '../../src/spec/locate.js';
import { lintSpec, runLintCommand, type LintResult } from '../../src/lint/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ck-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeSpec(name: string, yaml: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

const errors = (result: LintResult) => result.filter((d) => d.severity === 'error');
const codes = (result: LintResult) => errors(result).map((d) => d.code);

/**
 * A minimal spec that satisfies both the oas ruleset and the project rules; each broken fixture
 * below changes one thing in it, so the failure it produces is the one under test.
 */
function validSpec(operation: string, extra = ''): string {
  return `openapi: 3.1.0
info:
  title: Fixture
  version: '1'
  description: A fixture spec.
  contact: { name: test, url: https://example.com }
servers:
  - url: http://127.0.0.1:8030
tags:
  - name: things
    description: Things.
paths:
  /things:
    post:
      operationId: do_thing
      summary: Do a thing.
      description: Does a thing.
      tags: [things]
${operation}
${extra}`;
}

const GOOD_OPERATION = `      x-safety: write
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [kind]
              properties:
                kind: { type: string, description: What to do. }
            examples:
              make: { summary: Make, value: { kind: make } }
              list: { summary: List, value: { kind: list } }
      x-variants:
        - name: make
          match: [{ in: body, pointer: /kind, const: make }]
          request: { examples: [make] }
          responses:
            '200': { examples: [made] }
        - name: list
          x-safety: read
          match: []
          request: { examples: [list] }
          responses:
            '200': { examples: [listed] }
      x-doc-quirks:
        - { id: fx-one, says: It says a., chosen: We chose a., why: Because. }
      x-observed:
        - fe-envelope-200
        - id: fe-auth
          response: { status: 200 }
      responses:
        '200':
          description: Done.
          content:
            application/json:
              schema: { type: object }
              examples:
                made: { summary: Made, value: {} }
                listed: { summary: Listed, value: {} }`;

describe('lintSpec', () => {
  it('passes a spec that follows the conventions', async () => {
    const result = await lintSpec(writeSpec('good', validSpec(GOOD_OPERATION)));
    expect(errors(result)).toEqual([]);
  });

  it('reports an operation without x-safety, at its line', async () => {
    const file = writeSpec('no-safety', validSpec(GOOD_OPERATION.replace('      x-safety: write\n', '')));
    const result = await lintSpec(file);
    const problem = errors(result).find((d) => d.code === 'ck-operation-safety');
    expect(problem).toBeDefined();
    expect(problem!.path).toBe("$.paths['/things'].post");
    expect(problem!.line).toBe(14); // the `post:` line
  });

  it('reports an x-safety outside read/write/destructive', async () => {
    const result = await lintSpec(writeSpec('bad-safety', validSpec(GOOD_OPERATION.replace('x-safety: write', 'x-safety: safe'))));
    expect(codes(result)).toContain('ck-operation-safety');
  });

  it('reports a missing or camelCase operationId', async () => {
    const camel = await lintSpec(writeSpec('camel', validSpec(GOOD_OPERATION).replace('operationId: do_thing', 'operationId: doThing')));
    expect(codes(camel)).toContain('ck-operation-id');
    const missing = await lintSpec(writeSpec('no-id', validSpec(GOOD_OPERATION).replace('      operationId: do_thing\n', '')));
    expect(codes(missing)).toContain('ck-operation-id');
  });

  it('reports a response without an example', async () => {
    const operation = GOOD_OPERATION + `
        '404':
          description: Not found.
          content:
            application/json:
              schema: { type: object }`;
    const result = await lintSpec(writeSpec('no-example', validSpec(operation)));
    const problem = errors(result).find((d) => d.code === 'ck-response-example');
    expect(problem?.message).toMatch(/404/);
    expect(problem?.path).toBe("$.paths['/things'].post.responses['404']");
  });

  it('reports a variant example key that the operation does not have', async () => {
    const result = await lintSpec(writeSpec('bad-key', validSpec(GOOD_OPERATION.replace("'200': { examples: [listed] }", "'200': { examples: [listed, listed.empty] }"))));
    const problem = errors(result).find((d) => d.code === 'ck-variant-example');
    expect(problem?.message).toMatch(/listed\.empty/);
    expect(problem?.path).toBe("$.paths['/things'].post['x-variants'][1].responses['200'].examples[1]");
  });

  it('reports a variant request example key that does not exist', async () => {
    const result = await lintSpec(writeSpec('bad-request-key', validSpec(GOOD_OPERATION.replace('request: { examples: [make] }', 'request: { examples: [make.big] }'))));
    expect(errors(result).find((d) => d.code === 'ck-variant-example')?.message).toMatch(/make\.big/);
  });

  it('reports a variant response that lists no example', async () => {
    const result = await lintSpec(writeSpec('empty-keys', validSpec(GOOD_OPERATION.replace("'200': { examples: [made] }", "'200': { examples: [] }"))));
    expect(codes(result)).toContain('ck-variant-example');
  });

  it('reports duplicate variant names, a misplaced catch-all and a variant without any x-safety', async () => {
    const duplicated = GOOD_OPERATION.replace('- name: list', '- name: make');
    expect(codes(await lintSpec(writeSpec('dup', validSpec(duplicated))))).toContain('ck-variant-name-unique');

    const catchAllFirst = GOOD_OPERATION.replace('match: [{ in: body, pointer: /kind, const: make }]', 'match: []');
    expect(codes(await lintSpec(writeSpec('catch-all', validSpec(catchAllFirst))))).toContain('ck-variant-shape');

    const noSafety = GOOD_OPERATION.replace('      x-safety: write\n', '');
    const result = await lintSpec(writeSpec('variant-safety', validSpec(noSafety)));
    // `list` has its own x-safety; `make` inherits from an operation that has none.
    const variantProblems = errors(result).filter((d) => d.code === 'ck-variant-safety');
    expect(variantProblems.map((d) => d.path)).toEqual(["$.paths['/things'].post['x-variants'][0]"]);
  });

  it('reports a variant response status, parameter or statusResponse example the operation does not have', async () => {
    const status = await lintSpec(writeSpec('bad-status', validSpec(GOOD_OPERATION.replace("'200': { examples: [made] }", "'404': { examples: [made] }"))));
    expect(errors(status).find((d) => d.code === 'ck-variant-shape')?.message).toMatch(/response 404 is not among/);

    const parameter = await lintSpec(writeSpec('bad-parameter', validSpec(GOOD_OPERATION.replace('request: { examples: [make] }', 'request: { examples: [make], parameters: [id] }'))));
    expect(errors(parameter).find((d) => d.code === 'ck-variant-shape')?.message).toMatch(/"id" is not a query parameter/);

    const done = await lintSpec(writeSpec('bad-status-response', validSpec(GOOD_OPERATION.replace('request: { examples: [make] }', 'request: { examples: [make] }\n          statusResponse: { examples: [make.done] }'))));
    expect(errors(done).find((d) => d.code === 'ck-variant-example')?.message).toMatch(/statusResponse example "make\.done"/);
  });

  it('reports incomplete or duplicated doc quirks', async () => {
    const incomplete = GOOD_OPERATION.replace('chosen: We chose a., ', '');
    const result = await lintSpec(writeSpec('quirk', validSpec(incomplete)));
    expect(errors(result).find((d) => d.code === 'ck-doc-quirk')?.message).toMatch(/chosen/);

    const duplicated = validSpec(GOOD_OPERATION, `x-doc-quirks:\n  - { id: fx-one, says: a, chosen: b, why: c }\n`);
    expect(errors(await lintSpec(writeSpec('quirk-dup', duplicated))).find((d) => d.code === 'ck-doc-quirk')?.message).toMatch(/fx-one/);
  });

  it('reports x-observed ids that are not observed-fact ids', async () => {
    const result = await lintSpec(writeSpec('observed', validSpec(GOOD_OPERATION.replace('- fe-envelope-200', '- Envelope_200'))));
    expect(errors(result).find((d) => d.code === 'ck-observed')?.message).toMatch(/Envelope_200/);
    const badStatus = await lintSpec(writeSpec('observed-status', validSpec(GOOD_OPERATION.replace('response: { status: 200 }', 'response: { status: ok }'))));
    expect(codes(badStatus)).toContain('ck-observed');
    const noContentType = await lintSpec(writeSpec('observed-no-type', validSpec(GOOD_OPERATION.replace('response: { status: 200 }', "response: { contentType: '' }"))));
    expect(errors(noContentType)).toEqual([]);
    const numberType = await lintSpec(writeSpec('observed-number-type', validSpec(GOOD_OPERATION.replace('response: { status: 200 }', 'response: { contentType: 5 }'))));
    expect(errors(numberType).find((d) => d.code === 'ck-observed')?.message).toMatch(/a media type, or '' for none/);
  });

  it('accepts x-accepted-methods of lower-case HTTP methods and reports anything else', async () => {
    const accepted = GOOD_OPERATION.replace('      x-safety: write\n', '      x-safety: write\n      x-accepted-methods: [put, get]\n');
    expect(errors(await lintSpec(writeSpec('accepted', validSpec(accepted))))).toEqual([]);
    const upper = await lintSpec(writeSpec('accepted-upper', validSpec(accepted.replace('[put, get]', '[PUT]'))));
    expect(errors(upper).find((d) => d.code === 'ck-accepted-methods')?.message).toMatch(/"PUT" is not a lower-case HTTP method/);
    const twice = await lintSpec(writeSpec('accepted-twice', validSpec(accepted.replace('[put, get]', '[put, put]'))));
    const problem = errors(twice).find((d) => d.code === 'ck-accepted-methods');
    expect(problem?.message).toMatch(/put twice/);
    expect(problem?.path).toBe("$.paths['/things'].post['x-accepted-methods'][1]");
    expect(codes(await lintSpec(writeSpec('accepted-scalar', validSpec(accepted.replace('[put, get]', 'put')))))).toContain('ck-accepted-methods');
  });

  it('checks x-observed request.anyMethod is a boolean', async () => {
    const anyMethod = GOOD_OPERATION.replace('        - fe-envelope-200\n', '        - { id: fe-method, request: { anyMethod: true } }\n');
    expect(errors(await lintSpec(writeSpec('any-method', validSpec(anyMethod))))).toEqual([]);
    const bad = await lintSpec(writeSpec('any-method-bad', validSpec(anyMethod.replace('anyMethod: true', 'anyMethod: sometimes'))));
    expect(errors(bad).find((d) => d.code === 'ck-observed')?.message).toMatch(/request\.anyMethod must be true or false/);
  });

  it('checks the root x-undocumented-handlers: {name} path templates, named and summarised handlers, no repeats', async () => {
    const handlers = (paths: string, list: string) => `x-undocumented-handlers:\n  paths: ${paths}\n  handlers: ${list}\n`;
    const good = handlers("['/things/{name}']", '[{ name: get_value, summary: Reads a key. }]');
    expect(errors(await lintSpec(writeSpec('undocumented', validSpec(GOOD_OPERATION, good))))).toEqual([]);
    const noName = await lintSpec(writeSpec('undocumented-path', validSpec(GOOD_OPERATION, handlers("['/things/x']", '[]'))));
    expect(errors(noName).find((d) => d.code === 'ck-undocumented-handlers')?.message).toMatch(/"\/things\/x" is not a path template with a \{name\} segment/);
    const repeated = handlers("['/things/{name}']", '[{ name: a, summary: A. }, { name: a, summary: Again. }]');
    expect(errors(await lintSpec(writeSpec('undocumented-twice', validSpec(GOOD_OPERATION, repeated)))).find((d) => d.code === 'ck-undocumented-handlers')?.message).toMatch(/"a" is listed twice/);
    const unsummarised = handlers("['/things/{name}']", '[{ name: a }]');
    expect(codes(await lintSpec(writeSpec('undocumented-summary', validSpec(GOOD_OPERATION, unsummarised))))).toContain('ck-undocumented-handlers');
  });

  it('keeps the oas ruleset: an unparseable document is an error', async () => {
    const result = await lintSpec(writeSpec('broken', 'openapi: 3.1.0\ninfo: [\n'));
    expect(errors(result).length).toBeGreaterThan(0);
  });

  it('reports an unreadable file instead of throwing', async () => {
    expect(codes(await lintSpec(join(dir, 'missing.yaml')))).toEqual(['file-unreadable']);
  });
});

describe('the project specs', () => {
  const existing = API_IDS.filter((api) => existsSync(specPath(api)));
  it('include doris-fe', () => expect(existing).toContain('doris-fe'));
  it.each(existing)('%s lints without errors', async (api) => {
    expect(errors(await lintSpec(specPath(api)))).toEqual([]);
  });
});

describe('runLintCommand', () => {
  async function run(files: string[], format: 'text' | 'json') {
    let output = '';
    const code = await runLintCommand(files, { format, write: (text) => (output += text) });
    return { code, output };
  }

  it('exits 0 and prints a summary when there are no errors', async () => {
    const good = writeSpec('cmd-good', validSpec(GOOD_OPERATION));
    const { code, output } = await run([good], 'text');
    expect(code).toBe(0);
    expect(output).toMatch(/1 spec\(s\) linted: 0 error\(s\)/);
  });

  it('exits 1 and prints file:line  severity  code  message for each error', async () => {
    const bad = writeSpec('cmd-bad', validSpec(GOOD_OPERATION.replace('      x-safety: write\n', '')));
    const { code, output } = await run([bad], 'text');
    expect(code).toBe(1);
    expect(output).toContain(`${bad}:14  error  ck-operation-safety  Operation has no x-safety`);
  });

  it('prints a JSON report with --format json', async () => {
    const bad = writeSpec('cmd-json', validSpec(GOOD_OPERATION.replace('x-safety: write', 'x-safety: maybe')));
    const { code, output } = await run([bad], 'json');
    expect(code).toBe(1);
    const report = JSON.parse(output);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.files[0].file).toBe(bad);
    expect(report.files[0].diagnostics.map((d: { code: string }) => d.code)).toContain('ck-operation-safety');
  });
});

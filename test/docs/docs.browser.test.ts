import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { Page, Response as PlaywrightResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_IDS, type ApiId, type Simulator } from '../../mocks/shared/types.js';
import { exportDocsSite, startDocsServer, type DocsServer } from '../../src/docs/index.js';
import { loadDocsSource } from '../../src/docs/spec-sources.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { chromiumMissingReason, launchChromium, openWatchedPage, type LaunchedBrowser, type WatchedPage } from './browser-support.js';

const missing = chromiumMissingReason();
const mustRun = process.env.CI === 'true';
if (missing && !mustRun) console.warn(`docs browser tests skipped: ${missing}; with CI=true they fail instead.`);

// Pages are heavy (Swagger UI, specs of dozens of operations) and CI machines have two cores.
const PAGE_TEST_TIMEOUT_MS = 120_000;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface SpecOperation {
  operationId: string;
  summary: string;
  tag: string;
  variantNames: string[];
  quirkIds: string[];
  /** x-observed of the operation, its path item and its variants (the spec-wide ones are in every operation). */
  observedIds: string[];
}

async function specOf(api: ApiId): Promise<OpenAPIV3_1.Document> {
  const source = await loadDocsSource(api);
  if ('problem' in source) throw new Error(`${api}: ${source.problem}`);
  return source.document;
}

function operationsOf(document: OpenAPIV3_1.Document): SpecOperation[] {
  const list = (owner: object, key: string): unknown[] => {
    const value = (owner as Record<string, unknown>)[key];
    return Array.isArray(value) ? value : [];
  };
  const ids = (owners: object[], key: string): string[] =>
    owners.flatMap((owner) => list(owner, key).map((entry) => (typeof entry === 'string' ? entry : (entry as { id: string }).id)));
  return Object.values(document.paths ?? {}).flatMap((pathItem) =>
    METHODS.flatMap((method) => {
      const operation = pathItem?.[method];
      if (!operation) return [];
      const variants = list(operation, 'x-variants') as { name: string }[];
      return [
        {
          operationId: operation.operationId ?? '',
          summary: operation.summary ?? '',
          tag: operation.tags?.[0] ?? 'default',
          variantNames: variants.map((variant) => variant.name),
          quirkIds: ids([operation, ...variants], 'x-doc-quirks'),
          observedIds: ids([operation, pathItem, ...variants], 'x-observed'),
        },
      ];
    }),
  );
}

/**
 * Records `<operationId>/<variant>` of each routed request the simulator answers (`!invalid` when
 * it failed validation), by wrapping the instance the server calls.
 */
function recordRequests(simulator: Simulator): string[] {
  const received: string[] = [];
  const { handle, rejectInvalid } = simulator;
  simulator.handle = (req) => (received.push(`${req.operationId}/${req.variant}`), handle.call(simulator, req));
  simulator.rejectInvalid = (req, problems) => (
    received.push(`${req.operationId}/${req.variant}!invalid`), rejectInvalid.call(simulator, req, problems)
  );
  return received;
}

describe.skipIf(missing !== undefined && !mustRun)('docs site in Debian chromium', () => {
  let browser: LaunchedBrowser;
  let docs: DocsServer;
  const mocks = new Map<ApiId, MockServer & { received: string[] }>();
  const mockFailures = new Map<ApiId, Error>();
  const mockOf = (api: ApiId) => {
    const mock = mocks.get(api);
    if (!mock) throw new Error(`the ${api} mock server did not start: ${mockFailures.get(api)?.message}`);
    return mock;
  };

  const mockUrls = () => Object.fromEntries([...mocks].map(([api, mock]) => [api, mock.url]));

  beforeAll(async () => {
    if (missing) throw new Error(`CI=true and ${missing}: .ci/run must install Debian's chromium`);
    for (const api of API_IDS) {
      // One API's mock failing to start fails that API's tests (via mockOf), not every test.
      try {
        const mock = await startMockServer({ api, host: '127.0.0.1', port: 0 });
        mocks.set(api, { ...mock, received: recordRequests(mock.simulator) });
      } catch (error) {
        mockFailures.set(api, error as Error);
      }
    }
    docs = await startDocsServer({ port: 0, host: '127.0.0.1', mockUrls: mockUrls() });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await docs?.close();
    await Promise.all([...mocks.values()].map((mock) => mock.close()));
  });

  /** Opens a page, runs the checks, then asserts the page logged no error and stayed on 127.0.0.1. */
  async function onPage(url: string, checks: (watched: WatchedPage) => Promise<void>): Promise<void> {
    const watched = await openWatchedPage(browser.context);
    try {
      const response = await watched.page.goto(url);
      if (url.startsWith('http')) expect(response?.status(), url).toBe(200);
      await checks(watched);
      expect(watched.errors, `${url}: console errors`).toEqual([]);
      expect(browser.offMachineRequests, `${url}: requests that left 127.0.0.1`).toEqual([]);
    } finally {
      await watched.page.close();
    }
  }

  /**
   * Every operation of the spec is listed by operationId and summary. With `expand`, the operation
   * with the most x- entries is opened and shows each of its variants, quirks and deviations (the
   * unit test covers every operation's Markdown; opening them all takes minutes on a busy machine).
   */
  async function expectOperationsRendered(page: Page, api: ApiId, { expand }: { expand: boolean }): Promise<void> {
    const operations = operationsOf(await specOf(api));
    expect(operations.length).toBeGreaterThan(0);
    await page.locator('.opblock').first().waitFor();
    const shownIds = await page.locator('.opblock-summary-operation-id').allInnerTexts();
    expect(shownIds.map((id) => id.trim()).sort()).toEqual(operations.map((op) => op.operationId).sort());
    const shownSummaries = (await page.locator('.opblock-summary-description').allInnerTexts()).map((s) => s.trim());
    for (const op of operations) expect(shownSummaries, op.operationId).toContain(op.summary.trim());
    if (!expand) return;
    const richness = (op: SpecOperation) => op.quirkIds.length + op.variantNames.length + op.observedIds.length;
    const richest = operations.reduce((best, op) => (richness(op) > richness(best) ? op : best));
    expect(richness(richest), `${api}: no operation carries x-variants, x-doc-quirks or x-observed`).toBeGreaterThan(0);
    const block = page.locator(`#operations-${richest.tag.replace(/\s/g, '_')}-${richest.operationId}`);
    await block.locator('.opblock-summary').first().click();
    const description = block.locator('.opblock-body > .opblock-description-wrapper').first();
    await description.waitFor();
    const text = await description.innerText();
    const sections: [string, string[]][] = [
      ['Variants', richest.variantNames],
      ['Document quirks', richest.quirkIds],
      ['Observed on real servers', richest.observedIds],
    ];
    for (const [heading, names] of sections.filter(([, names]) => names.length > 0)) {
      expect(text, `${richest.operationId}: section ${heading}`).toContain(heading);
      for (const name of names) expect(text, `${richest.operationId}: ${heading} ${name}`).toContain(name);
    }
  }

  it('the index lists the four APIs with title, description, operation count, page link and mock URL', async () => {
    await onPage(docs.url, async ({ page }) => {
      const rows = page.locator('table.ck-apis tbody tr');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-api')))).toEqual([...API_IDS]);
      for (const api of API_IDS) {
        const document = await specOf(api);
        const row = page.locator(`tr[data-api="${api}"]`);
        expect(await row.locator('a.ck-api-link').innerText()).toBe(document.info.title);
        // Shown as plain text: the first sentence without Markdown's code and emphasis marks.
        const firstSentence = (document.info.description ?? '').replace(/`|\*\*?/g, '').split(/[.\n]/)[0]!.trim();
        expect(await row.innerText()).toContain(firstSentence);
        expect(await row.locator('.ck-count').innerText()).toBe(String(operationsOf(document).length));
        expect(await row.locator('a.ck-mock-url').innerText()).toBe(mockOf(api).url);
        await row.locator('a.ck-api-link').click();
        await page.waitForURL(`**/${api}.html`);
        await page.goBack();
      }
    });
  }, PAGE_TEST_TIMEOUT_MS);

  it.each(API_IDS)('%s: the page renders every operation of the spec with its variants, quirks and deviations', async (api) => {
    await onPage(new URL(`${api}.html`, docs.url).href, async ({ page }) => {
      await expectOperationsRendered(page, api, { expand: true });
      // The try-it target is the running mock.
      expect(await page.locator('.servers select').inputValue()).toBe(mockOf(api).url);
    });
  }, PAGE_TEST_TIMEOUT_MS);

  it('the exported site renders the same pages from disk', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'contract-kit-docs-'));
    try {
      await exportDocsSite(outDir, { mockUrls: mockUrls() });
      await onPage(pathToFileURL(join(outDir, 'index.html')).href, async ({ page }) => {
        expect(await page.locator('a.ck-api-link').count()).toBe(API_IDS.length);
      });
      for (const api of API_IDS) {
        await onPage(pathToFileURL(join(outDir, `${api}.html`)).href, ({ page }) => expectOperationsRendered(page, api, { expand: false }));
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, PAGE_TEST_TIMEOUT_MS);

  /**
   * Opens an operation, presses "Try it out" (choosing a request body example by its label when
   * given), executes, and returns the mock's answer once the page shows its status.
   */
  async function tryIt(
    page: Page,
    mock: MockServer,
    target: { tag: string; operationId: string; path: string; example?: string },
  ): Promise<PlaywrightResponse> {
    const block = page.locator(`#operations-${target.tag.replace(/\s/g, '_')}-${target.operationId}`);
    await block.locator('.opblock-summary').first().click();
    await block.locator('.try-out__btn').click();
    if (target.example) await block.locator('.opblock-section-request-body .examples-select select').selectOption({ label: target.example });
    const answered = page.waitForResponse((response) => response.url().startsWith(`${mock.url}${target.path}`));
    await block.locator('.execute').click();
    const response = await answered;
    const shownStatus = block.locator('.live-responses-table tr.response .response-col_status').first();
    await shownStatus.waitFor();
    expect((await shownStatus.innerText()).trim()).toBe(String(response.status()));
    return response;
  }

  it('doris-fe: try-it from the page reaches the running simulator', async () => {
    const mock = mockOf('doris-fe');
    const before = mock.received.length;
    await onPage(new URL('doris-fe.html', docs.url).href, async ({ page }) => {
      // A fresh cluster's root user has an empty password (the spec's basicAuth description).
      await page.locator('.auth-wrapper .authorize').click();
      await page.locator('.modal-ux input[type=text]').fill('root');
      await page.locator('.modal-ux button[type=submit]').click();
      await page.locator('.modal-ux .btn-done').click();
      const response = await tryIt(page, mock, { tag: 'backends', operationId: 'get_backends', path: '/api/backends' });
      expect(response.status()).toBe(200);
    });
    expect(mock.received.slice(before)).toEqual(['get_backends/default']);
  }, PAGE_TEST_TIMEOUT_MS);

  it("klustron-cluster-manager: try-it sends a variant's named example, and the simulator routes it to that variant", async () => {
    const api = 'klustron-cluster-manager';
    const mock = mockOf(api);
    const emit = (await specOf(api)).paths!['/HttpService/Emit']!.post!;
    const variants = (emit as { 'x-variants'?: { name: string; 'x-safety'?: string; request?: { examples?: string[] } }[] })['x-variants']!;
    // A synchronous query: it answers from the fixtures, whatever state other tests left.
    const variant = variants.find((v) => v['x-safety'] === 'read' && v.name !== 'get_status' && v.request?.examples?.length)!;
    const key = variant.request!.examples![0]!;
    const example = (emit.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']!.examples![key] as OpenAPIV3_1.ExampleObject;
    const before = mock.received.length;
    await onPage(new URL(`${api}.html`, docs.url).href, async ({ page }) => {
      const response = await tryIt(page, mock, {
        tag: emit.tags![0]!,
        operationId: emit.operationId!,
        path: '/HttpService/Emit',
        // The picker lists each example under the variant it belongs to.
        example: `[${variant.name}] ${example.summary ?? key}`,
      });
      expect(response.status()).toBe(200);
      expect(response.request().postDataJSON()).toEqual(example.value);
    });
    expect(mock.received.slice(before)).toEqual([`${emit.operationId}/${variant.name}`]);
  }, PAGE_TEST_TIMEOUT_MS);
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { API_IDS, type ApiId, type Simulator } from '../../mocks/shared/types.js';
import { exportDocsSite, startDocsServer, type DocsServer } from '../../src/docs/index.js';
import { startMockServer, type MockServer } from '../../src/serve/http.js';
import { specPath } from '../../src/spec/locate.js';
import { chromiumMissingReason, launchChromium, openWatchedPage, type LaunchedBrowser, type WatchedPage } from './browser-support.js';

const missing = chromiumMissingReason();
const mustRun = process.env.CI === 'true';
if (missing && !mustRun) console.warn(`docs browser tests skipped: ${missing}; with CI=true they fail instead.`);

// Pages are large (the Meta Service has 22 operations with their variants) and CI machines have two cores.
const PAGE_TEST_TIMEOUT_MS = 120_000;
/** Where the four pages' screenshots go, to be looked at. */
const SCREENSHOT_DIR = join(tmpdir(), 'contract-kit-docs-screenshots');

type Node = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** The spec read as plain YAML: what the pages must show comes from the spec file, not from the docs' model. */
const rawSpec = (api: ApiId): Node => parse(readFileSync(specPath(api), 'utf8')) as Node;
function canonicalOperations(api: ApiId): Node[] {
  return Object.values(rawSpec(api).paths as Node).flatMap((item: Node) => METHODS.flatMap((m) => (item[m] && !item[m]['x-alias-of'] ? [item[m]] : [])));
}

/** Records `<operationId>/<variant>` of each routed request the simulator answers (`!invalid` when it failed validation). */
function recordRequests(simulator: Simulator): string[] {
  const received: string[] = [];
  const { handle, rejectInvalid } = simulator;
  simulator.handle = (req) => (received.push(`${req.operationId}/${req.variant}`), handle.call(simulator, req));
  simulator.rejectInvalid = (req, problems) => (
    received.push(`${req.operationId}/${req.variant}!invalid`), rejectInvalid.call(simulator, req, problems)
  );
  return received;
}

/** A plain static file server (what a reader would put in front of an exported site). */
async function serveDirectory(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png' };
  const server: Server = createServer((req, res) => {
    const asked = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const path = asked === '/' ? '/index.html' : asked;
    try {
      const body = readFileSync(join(root, path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((done) => server.close(() => done())) };
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
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await docs?.close();
    await Promise.all([...mocks.values()].map((mock) => mock.close()));
  });

  /**
   * Opens a page, runs the checks, then asserts the page logged no error and stayed on 127.0.0.1.
   * `rejectedBy`: a mock the test deliberately sends a bad request to; Chromium logs that 4xx answer
   * as a console error of its own, which is then expected (and nothing else).
   */
  async function onPage(url: string, checks: (watched: WatchedPage) => Promise<void>, rejectedBy?: string): Promise<void> {
    const watched = await openWatchedPage(browser.context);
    try {
      const response = await watched.page.goto(url);
      if (url.startsWith('http')) expect(response?.status(), url).toBe(200);
      await checks(watched);
      const deliberate = (error: string) =>
        rejectedBy !== undefined && /^console\.error: Failed to load resource: the server responded with a status of 4\d\d/.test(error) && error.includes(`(${rejectedBy}/`);
      expect(watched.errors.filter((error) => !deliberate(error)), `${url}: console errors`).toEqual([]);
      expect(browser.offMachineRequests, `${url}: requests that left 127.0.0.1`).toEqual([]);
    } finally {
      await watched.page.close();
    }
  }

  const pageUrl = (api: ApiId, base = docs.url) => new URL(`${api}.html`, base).href;
  const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

  /** The element's top edge is inside the viewport (the reader sees it without scrolling). */
  async function expectInView(page: Page, id: string): Promise<void> {
    const box = await byId(page, id).boundingBox();
    const viewport = page.viewportSize()!;
    expect(box, id).not.toBeNull();
    expect(box!.y, `${id} top`).toBeGreaterThanOrEqual(0);
    expect(box!.y, `${id} top`).toBeLessThan(viewport.height);
  }

  it('the index lists the four APIs with title, operation count, page link and mock URL', async () => {
    await onPage(docs.url, async ({ page }) => {
      const rows = page.locator('table.ck-apis tbody tr');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-api')))).toEqual([...API_IDS]);
      for (const api of API_IDS) {
        const spec = rawSpec(api);
        const row = page.locator(`tr[data-api="${api}"]`);
        expect(await row.locator('a.ck-api-link').innerText()).toBe(spec.info.title);
        const allOperations = Object.values(spec.paths as Node).flatMap((item: Node) => METHODS.filter((m) => item[m]));
        expect(await row.locator('.ck-count').innerText()).toBe(String(allOperations.length));
        expect(await row.locator('a.ck-mock-url').innerText()).toBe(mockOf(api).url);
      }
      await page.locator('tr[data-api="doris-fe"] a.ck-api-link').click();
      await page.waitForURL('**/doris-fe.html');
    });
  }, PAGE_TEST_TIMEOUT_MS);

  it.each(API_IDS)('%s: the navigation lists every operation and every variant of the spec; screenshot taken', async (api) => {
    await onPage(pageUrl(api), async ({ page }) => {
      const links = await page.locator('nav.ck-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const op of canonicalOperations(api)) {
        expect(links, op.operationId).toContain(`#${op.operationId}`);
        for (const variant of (op['x-variants'] ?? []) as Node[]) expect(links, variant.name).toContain(`#${op.operationId}/${variant.name}`);
      }
      expect(await page.locator('#ck-target').inputValue()).toBe(mockOf(api).url);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${api}.png`) });
    });
  }, PAGE_TEST_TIMEOUT_MS);

  it("Klustron create_cluster's parameters are one click from the API page", async () => {
    await onPage(pageUrl('klustron-cluster-manager'), async ({ page }) => {
      await page.locator('nav.ck-nav a[href="#emit/create_cluster"]').click();
      await page.waitForURL('**/klustron-cluster-manager.html#emit/create_cluster');
      await expectInView(page, 'emit/create_cluster');
      const section = byId(page, 'emit/create_cluster');
      await expect.poll(() => section.locator('table.ck-fields code', { hasText: 'paras.ha_mode' }).isVisible()).toBe(true);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'klustron-create_cluster.png') });
    });
  }, PAGE_TEST_TIMEOUT_MS);

  it('Meta Service set_cluster_status is one click from the API page', async () => {
    await onPage(pageUrl('doris-meta-service'), async ({ page }) => {
      await page.locator('nav.ck-nav a[href="#set_cluster_status"]').click();
      await page.waitForURL('**/doris-meta-service.html#set_cluster_status');
      await expectInView(page, 'set_cluster_status');
    });
  }, PAGE_TEST_TIMEOUT_MS);

  /** Types into the site-wide search, checks the first hit, follows it with Enter. */
  async function searchAndGo(page: Page, query: string, expectedHref: string): Promise<void> {
    await page.locator('#ck-search').fill(query);
    const first = page.locator('#ck-search-results a').first();
    await first.waitFor();
    expect(await first.getAttribute('href')).toBe(expectedHref);
    await page.locator('#ck-search').press('Enter');
    await page.waitForURL(`**/${expectedHref}`);
  }

  it('search finds Klustron create_cluster and, from another API page, Meta Service set_cluster_status', async () => {
    await onPage(docs.url, async ({ page }) => {
      await searchAndGo(page, 'create_cluster', 'klustron-cluster-manager.html#emit/create_cluster');
      await expectInView(page, 'emit/create_cluster');
      await searchAndGo(page, 'set_cluster_status', 'doris-meta-service.html#set_cluster_status');
      await expectInView(page, 'set_cluster_status');
      // An observed id and an error code are found too.
      await page.locator('#ck-search').fill('ms-token-403');
      expect(await page.locator('#ck-search-results a').first().getAttribute('href')).toBe('doris-meta-service.html#observed/ms-token-403');
      await page.locator('#ck-search').fill('70001');
      expect(await page.locator('#ck-search-results a').count()).toBeGreaterThan(0);
    });
  }, PAGE_TEST_TIMEOUT_MS);

  /** The try-it form of a section, opened (a click on its summary when closed). */
  async function openTry(page: Page, anchor: string) {
    const form = byId(page, anchor).locator('details.ck-try').first();
    if (!(await form.evaluate((details: HTMLDetailsElement) => details.open))) await form.locator('summary').click();
    return form;
  }

  /** Opens the try-it of a section, sends it as it stands (pre-filled unless a test changed it), and returns what the page shows. */
  async function tryIt(page: Page, anchor: string): Promise<{ status: string; body: string; journal: string | undefined }> {
    const form = await openTry(page, anchor);
    await form.locator('button[type=submit]').click();
    const status = form.locator('.ck-try-status .ck-status');
    await status.waitFor();
    // The journal line (when the mock keeps one) arrives after the answer.
    await page.waitForTimeout(300);
    const journal = form.locator('.ck-journal');
    return {
      status: (await status.innerText()).trim(),
      body: await form.locator('.ck-try-body-out').innerText(),
      journal: (await journal.count()) ? await journal.innerText() : undefined,
    };
  }

  it('doris-fe: try-it get_backends as pre-filled (root, empty password) succeeds against the mock', async () => {
    const mock = mockOf('doris-fe');
    const before = mock.received.length;
    await onPage(pageUrl('doris-fe'), async ({ page }) => {
      const answer = await tryIt(page, 'get_backends');
      expect(answer.status).toBe('200');
      // The document's success envelope: code 0.
      expect(JSON.parse(answer.body).code).toBe(0);
    });
    expect(mock.received.slice(before)).toEqual(['get_backends/default']);
  }, PAGE_TEST_TIMEOUT_MS);

  it("doris-meta-service: try-it get_instance as pre-filled (token greedisgood9999) reads the documents' instance", async () => {
    const mock = mockOf('doris-meta-service');
    await onPage(pageUrl('doris-meta-service'), async ({ page }) => {
      const instanceId = await byId(page, 'get_instance').locator('input[data-name="instance_id"]').inputValue();
      expect(instanceId).not.toBe('');
      // Until `--seed examples` lands, the instance is created through the API itself (409 once seeded).
      const createBody = rawSpec('doris-meta-service').components.requestBodies.CreateInstance.content['application/json'].examples['create_instance.object'].value;
      const created = await fetch(`${mock.url}/MetaService/http/create_instance?token=greedisgood9999`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...createBody, instance_id: instanceId }),
      });
      expect([200, 409]).toContain(created.status);
      const before = mock.received.length;
      const answer = await tryIt(page, 'get_instance');
      expect(answer.status).toBe('200');
      const body = JSON.parse(answer.body);
      expect(body.code).toBe('OK');
      expect(body.result.instance_id).toBe(instanceId);
      expect(mock.received.slice(before)).toEqual(['get_instance/default']);
    });
  }, PAGE_TEST_TIMEOUT_MS);

  it('doris-meta-service: a rejected try-it shows the answer, and the mock journal line when the mock keeps one', async () => {
    const mock = mockOf('doris-meta-service');
    // Mocks with a request journal name the problems of a rejected request in x-contract-kit-problem.
    const journal = await fetch(`${mock.url}/__contract-kit/requests?limit=1`);
    await onPage(pageUrl('doris-meta-service'), async ({ page }) => {
      const form = await openTry(page, 'get_instance');
      await form.locator('input[data-name="token"]').fill('');
      await form.locator('input[data-name="instance_id"]').fill('');
      const answer = await tryIt(page, 'get_instance');
      expect(Number(answer.status)).toBeGreaterThanOrEqual(400);
      if (journal.ok) {
        expect(answer.journal, 'journal line').toContain('get_instance');
      } else {
        console.warn(`docs browser test: the mock has no request journal yet (GET /__contract-kit/requests answered ${journal.status}); no journal line expected`);
        expect(answer.journal).toBeUndefined();
      }
    }, mock.url);
  }, PAGE_TEST_TIMEOUT_MS);

  it('alluxio-coordinator: try-it lists the mount table', async () => {
    const mock = mockOf('alluxio-coordinator');
    const before = mock.received.length;
    await onPage(pageUrl('alluxio-coordinator'), async ({ page }) => {
      const answer = await tryIt(page, 'query_mount_points/list');
      expect(answer.status).toBe('200');
    });
    expect(mock.received.slice(before)).toEqual(['query_mount_points/list']);
  }, PAGE_TEST_TIMEOUT_MS);

  it("klustron-cluster-manager: try-it sends get_meta_mode's documented body and the mock routes it to that job type", async () => {
    const mock = mockOf('klustron-cluster-manager');
    const before = mock.received.length;
    await onPage(pageUrl('klustron-cluster-manager'), async ({ page }) => {
      const answer = await tryIt(page, 'emit/get_meta_mode');
      expect(answer.status).toBe('200');
      // The document's success: error_code "0" (a string).
      expect(JSON.parse(answer.body).error_code).toBe('0');
    });
    expect(mock.received.slice(before)).toEqual(['emit/get_meta_mode']);
  }, PAGE_TEST_TIMEOUT_MS);

  it('klustron-cluster-manager: an accepted create_cluster offers to poll get_status with its job_id, and the poll reaches the mock', async () => {
    const mock = mockOf('klustron-cluster-manager');
    await onPage(pageUrl('klustron-cluster-manager'), async ({ page }) => {
      const before = mock.received.length;
      const answer = await tryIt(page, 'emit/create_cluster');
      // The documents' immediate answer of an async job: status "accept" with a job_id.
      const accepted = JSON.parse(answer.body) as { status: string; job_id: string };
      expect(accepted.status).toBe('accept');
      await byId(page, 'emit/create_cluster').locator('button.ck-try-poll').click();
      const poll = byId(page, 'emit/get_status').locator('details.ck-try');
      await poll.locator('.ck-try-status').waitFor();
      expect(JSON.parse(await poll.locator('textarea[name="body"]').inputValue()).job_id).toBe(accepted.job_id);
      expect(mock.received.slice(before)).toEqual(['emit/create_cluster', 'emit/get_status']);
    });
  }, PAGE_TEST_TIMEOUT_MS);

  it('the exported site works from a plain file server (search, navigation, try-it) and from file://', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'contract-kit-docs-'));
    const files = await serveDirectory(outDir);
    try {
      await exportDocsSite(outDir, { mockUrls: mockUrls() });
      await onPage(files.url, async ({ page }) => {
        await searchAndGo(page, 'create_cluster', 'klustron-cluster-manager.html#emit/create_cluster');
        await expectInView(page, 'emit/create_cluster');
        const answer = await tryIt(page, 'emit/get_meta_mode');
        expect(answer.status).toBe('200');
      });
      await onPage(pathToFileURL(join(outDir, 'index.html')).href, async ({ page }) => {
        expect(await page.locator('a.ck-api-link').count()).toBe(API_IDS.length);
        await page.locator('#ck-search').fill('set_cluster_status');
        expect(await page.locator('#ck-search-results a').first().getAttribute('href')).toBe('doris-meta-service.html#set_cluster_status');
      });
    } finally {
      await files.close();
      rmSync(outDir, { recursive: true, force: true });
    }
  }, PAGE_TEST_TIMEOUT_MS);

  it("the Swagger UI view's try-it works first time for the Meta Service: the documents' token is pre-filled", async () => {
    const mock = mockOf('doris-meta-service');
    await onPage(new URL('doris-meta-service.swagger.html', docs.url).href, async ({ page }) => {
      const block = page.locator('#operations-instance-get_instance');
      await block.locator('.opblock-summary').first().click();
      await block.locator('.try-out__btn').click();
      const answered = page.waitForResponse((response) => response.url().startsWith(`${mock.url}/MetaService/http/get_instance`));
      await block.locator('.execute').click();
      const response = await answered;
      expect(new URL(response.url()).searchParams.get('token')).toBe('greedisgood9999');
      // Accepted (the instance may or may not exist): not the wrong-token answer.
      expect(response.status()).not.toBe(403);
    }, mock.url);
  }, PAGE_TEST_TIMEOUT_MS);

  it('the Swagger UI view renders every operation, its try-it pointed at the mock', async () => {
    const api = 'klustron-cluster-manager';
    await onPage(new URL(`${api}.swagger.html`, docs.url).href, async ({ page }) => {
      await page.locator('.opblock').first().waitFor();
      const shownIds = (await page.locator('.opblock-summary-operation-id').allInnerTexts()).map((id) => id.trim());
      const allIds = Object.values(rawSpec(api).paths as Node).flatMap((item: Node) => METHODS.flatMap((m) => (item[m] ? [item[m].operationId] : [])));
      expect(shownIds.sort()).toEqual(allIds.sort());
      expect(await page.locator('.servers select').inputValue()).toBe(mockOf(api).url);
    });
  }, PAGE_TEST_TIMEOUT_MS);
});

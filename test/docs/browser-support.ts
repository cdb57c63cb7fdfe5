import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`; `.ci/run` installs it). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissingReason(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

// Nothing in the background may phone home, so that the "no request leaves 127.0.0.1" check
// measures the docs site and not the browser.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  /** Requests to anything but 127.0.0.1 (http, https, ws): each was blocked and recorded. */
  offMachineRequests: string[];
  close(): Promise<void>;
}

function leavesMachine(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:' || protocol === 'file:') return false;
  return hostname !== '127.0.0.1';
}

/** Headless chromium with a fresh profile; every request leaving 127.0.0.1 is blocked and recorded. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'contract-kit-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const offMachineRequests: string[] = [];
  // Recorded from the request event (it sees every request, service workers' included); the route
  // only blocks them so that nothing actually leaves.
  context.on('request', (request) => {
    if (leavesMachine(request.url())) offMachineRequests.push(request.url());
  });
  await context.route((url) => leavesMachine(url.href), (route) => route.abort('blockedbyclient'));
  return {
    context,
    offMachineRequests,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions of the page. */
  errors: string[];
}

export async function openWatchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('websocket', (socket) => {
    if (leavesMachine(socket.url())) errors.push(`websocket off the machine: ${socket.url()}`);
  });
  return { page, errors };
}

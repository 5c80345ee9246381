import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with the flags this closed network needs (Playwright gives
 * each launch a fresh profile of its own).
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** One message the page wrote to the browser console. */
export interface ConsoleEntry {
  /** `log`, `warning`, `error`, … as Playwright names them. */
  type: string;
  text: string;
  /** The script that wrote it, where the browser knows. */
  url: string;
}

/** What the page threw at the top level, and wrote to its console, while a test drove it. */
export interface PageErrors {
  /** Uncaught errors and unhandled rejections, with the dev server overlay's text. */
  uncaught: string[];
  /** Every console message, in order. */
  console: ConsoleEntry[];
}

/**
 * A page for a test walk: a 120 s safety stop per action (not a speed check: with both
 * cores busy the dev server compiles lazy chunks slowly, and Playwright's 30 s default
 * ran out while a page was still loading), and a record of uncaught errors and console
 * messages.
 *
 * On any uncaught error the dev server covers the page with an overlay (React Refresh's
 * or webpack-dev-server's) that swallows every later click, while the app itself carries
 * on (production builds have none). The handler writes the overlay's text to `errors` and
 * removes it, so the walk goes on and the log says what was thrown.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<{ page: Page; errors: PageErrors }> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(120_000);
  const errors: PageErrors = { uncaught: [], console: [] };
  page.on('pageerror', error => {
    errors.uncaught.push(`${error.name}: ${error.message}`);
  });
  page.on('console', message => {
    errors.console.push({
      type: message.type(),
      text: message.text(),
      url: message.location().url,
    });
  });
  const overlayIds = [
    'react-refresh-overlay',
    'webpack-dev-server-client-overlay',
  ];
  const overlay = page.locator(overlayIds.map(id => `#${id}`).join(', '));
  await page.addLocatorHandler(overlay, async () => {
    const text = await overlay
      .first()
      .contentFrame()
      .locator('body')
      .innerText({ timeout: 5_000 })
      .catch(() => '(overlay text unreadable)');
    errors.uncaught.push(`dev server overlay: ${text.slice(0, 2_000)}`);
    await page.evaluate(ids => {
      for (const id of ids) document.getElementById(id)?.remove();
    }, overlayIds);
  });
  return { page, errors };
}

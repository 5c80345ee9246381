import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { artifactPath } from '../lib/artifacts.ts';
import {
  entityRoutable,
  guestToken,
  startBackend,
  type RunningBackend,
} from '../lib/backend.ts';
import { launchBrowser } from '../lib/browser.ts';
import { waitFor } from '../lib/processes.ts';

// A port of its own, so this can run beside the other walks.
const BACKEND_PORT = 7957;
const HOSTILE =
  '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

let backend: RunningBackend;
let browser: Browser;

before(
  async () => {
    backend = await startBackend({ port: BACKEND_PORT });
    // The demo catalog names payments-api "Card payments" on the status page.
    await waitFor(
      () => entityRoutable(backend.baseUrl, 'component:default/payments-api'),
      600_000,
      2_000,
    );
    browser = await launchBrowser();
  },
  { timeout: 900_000 },
);

after(async () => {
  await browser?.close();
  await backend?.stop();
});

async function api(method: string, path: string, body?: unknown) {
  const token = await guestToken(backend.baseUrl);
  const res = await fetch(`${backend.baseUrl}/api/incidents${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path} answered ${res.status}`);
  return res.json();
}

test('a public update shows on the status page without signing in; internal ones never; hostile text stays text', async () => {
  const incident = await api('POST', '/incidents', {
    title: 'Acquirer refuses cards from one BIN range',
    severity: 'P1',
    entityRef: 'component:default/payments-api',
  });
  await api('POST', `/incidents/${incident.id}/status-updates`, {
    message: 'Internal: the acquirer contact is on the bridge',
  });
  const published = await api(
    'POST',
    `/incidents/${incident.id}/status-updates`,
    {
      message: `Some card payments fail; we are on it. ${HOSTILE}`,
      public: true,
    },
  );
  assert.equal(published.public, true);

  // A fresh browser profile: no Backstage session, no token, nothing.
  for (const [name, viewport, colorScheme] of [
    ['status-page.png', { width: 1280, height: 900 }, 'light'],
    ['status-page-phone.png', { width: 390, height: 844 }, 'light'],
    ['status-page-dark.png', { width: 1280, height: 900 }, 'dark'],
  ] as const) {
    const context = await browser.newContext({ viewport, colorScheme });
    try {
      const page = await context.newPage();
      const res = await page.goto(
        `${backend.baseUrl}/api/incidents/status-page`,
      );
      assert.equal(res?.status(), 200);
      const text = await page.locator('body').innerText();
      assert.match(text, /Major outage in progress/);
      assert.match(text, /Card payments\s+Major outage/);
      assert.ok(
        text.includes(`Some card payments fail; we are on it. ${HOSTILE}`),
        'the public update, hostile markup shown as text',
      );
      assert.ok(!text.includes('Internal: the acquirer'), 'no internal update');
      assert.ok(!text.includes('Acquirer refuses'), 'no internal title');
      assert.ok(!text.includes(incident.ref), 'no incident ref');
      // The markup in the update neither became elements nor ran.
      assert.equal(await page.locator('main img, main script').count(), 0);
      assert.equal(await page.evaluate(() => (window as any).pwned), undefined);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
      await page.screenshot({ path: artifactPath(name), fullPage: true });

      if (name === 'status-page.png') {
        // The Atom feed, as linked, read by the browser's own XML parser.
        const href = await page
          .getByRole('link', { name: 'Atom feed' })
          .getAttribute('href');
        const res = await fetch(href!);
        const body = await res.text();
        const feed = await page.evaluate(source => {
          const xml = new DOMParser().parseFromString(
            source,
            'application/xml',
          );
          return {
            error: xml.querySelector('parsererror')?.textContent ?? null,
            titles: [...xml.querySelectorAll('entry > title')].map(
              t => t.textContent,
            ),
            contents: [...xml.querySelectorAll('entry > content')].map(
              c => c.textContent,
            ),
          };
        }, body);
        const type = res.headers.get('content-type');
        assert.equal(type, 'application/atom+xml; charset=utf-8');
        assert.equal(feed.error, null);
        assert.ok(feed.titles.includes('Card payments: Investigating'));
        assert.ok(
          feed.contents.includes(
            `Some card payments fail; we are on it. ${HOSTILE}`,
          ),
        );
        assert.ok(!feed.contents.some(c => c?.includes('Internal:')));
      }
    } finally {
      await context.close();
    }
  }
});

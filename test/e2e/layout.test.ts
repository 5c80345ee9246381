import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../lib/app.ts';
import { guestToken } from '../lib/backend.ts';
import { launchBrowser } from '../lib/browser.ts';
import { artifactPath } from '../lib/artifacts.ts';

// Every page of the plugin at a desktop and a phone width, light and dark: nothing may
// make the document wider than the screen, and people and services are shown by name.
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const THEMES = ['light', 'dark'] as const;

const ALERT_TOKEN = 'local-alert-sender-token-change-me';

let app: RunningApp;
let browser: Browser;
/** What the setup created, for the pages to open. */
let incidentRef: string;
let postmortemIncidentRef: string;

/**
 * Calls the incidents API as the guest, who is also the browser's user. A 503 says a
 * service it depends on (the catalog, on a busy machine) did not answer in time and to
 * retry, so it is retried a few times.
 */
async function api(method: string, path: string, body?: unknown) {
  const token = await guestToken(app.backendUrl);
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${app.backendUrl}/api/incidents${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 503 && attempt < 5) {
      await new Promise(r => setTimeout(r, 2_000));
      continue;
    }
    assert.ok(res.ok, `${method} ${path} answered ${res.status}`);
    return res.json();
  }
}

before(async () => {
  app = await startApp({ frontendPort: 3967, backendPort: 7967 });
  browser = await launchBrowser();

  // An open incident whose roles, timeline and status updates name people and teams
  const open = await api('POST', '/incidents', {
    title: 'Layout check: card payments failing for some EU customers',
    severity: 'P2',
    entityRef: 'component:default/payments-api',
  });
  incidentRef = open.ref;
  await api('POST', `/incidents/${open.id}/roles`, {
    role: 'commander',
    userRef: 'user:default/alice',
  });
  await api('POST', `/incidents/${open.id}/timeline`, {
    message: 'Paged the payments team',
  });
  await api('POST', `/incidents/${open.id}/status-updates`, {
    message:
      'Card payments fail for about one in five EU customers; a rollback of the 14:05 deploy is under way.',
  });

  // A resolved P2 with a postmortem that has a reviewer and an action item with an owner
  const resolved = await api('POST', '/incidents', {
    title: 'Layout check: checkout errors after a deploy',
    severity: 'P2',
    entityRef: 'component:default/payments-api',
  });
  postmortemIncidentRef = resolved.ref;
  await api('POST', `/incidents/${resolved.id}/transitions`, {
    to: 'resolved',
  });
  const postmortem = await api(
    'GET',
    `/incidents/${resolved.id}/postmortem`,
  ).catch(() => api('POST', `/incidents/${resolved.id}/postmortem`));
  await api('PUT', `/postmortems/${postmortem.id}/reviewers`, {
    userRef: 'user:default/alice',
  });
  await api('POST', '/action-items', {
    incidentId: String(resolved.id),
    postmortemId: postmortem.id,
    title: 'Add a canary stage to the payments deploy',
    ownerRef: 'group:default/payments',
    dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });

  // Alerts for the open incident's entity join it, so its page shows an alert table; and
  // an alert no rule routes, for the inbox
  await sendAlerts([
    {
      name: 'PaymentLatencyHigh',
      summary: 'p99 authorisation latency above 800 ms for 10 minutes',
      labels: { service: 'payments-api', env: 'prod' },
    },
    {
      name: 'CertificateExpiringSoon',
      summary: 'TLS certificate expires within 14 days',
      labels: { service: 'payments-api', env: 'prod' },
    },
    {
      name: 'LayoutCheckDiskFull',
      summary: 'Disk above 95% on an unlabelled host',
      labels: { host: 'db-7', region: 'eu-west-1' },
    },
  ]);
});

async function sendAlerts(alerts: object[]) {
  const res = await fetch(`${app.backendUrl}/api/incidents/alerts/generic`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${ALERT_TOKEN}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ alerts }),
  });
  assert.equal(res.status, 202, 'the alerts were taken');
}

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** One page to check: where it is and what shows it has loaded. */
interface PageCase {
  name: string;
  path: () => string;
  ready: (page: Page) => Promise<void>;
  /** Opens a dialog or the like after the page is ready. */
  then?: (page: Page) => Promise<void>;
}

const ENTITY_TAB = '/catalog/default/component/payments-api/incidents';

const PAGES: PageCase[] = [
  {
    name: 'entity-tab',
    path: () => ENTITY_TAB,
    ready: p => p.getByText('On call').first().waitFor(),
  },
  {
    name: 'declare-dialog',
    path: () => ENTITY_TAB,
    ready: p =>
      p.getByRole('button', { name: 'Declare incident' }).first().waitFor(),
    then: async p => {
      await p.getByRole('button', { name: 'Declare incident' }).first().click();
      await p.getByRole('dialog', { name: 'Declare incident' }).waitFor();
    },
  },
  {
    name: 'incident',
    path: () => `/incidents/${incidentRef}`,
    ready: async p => {
      await p.getByText('Paged the payments team').first().waitFor();
      await p
        .getByText(/a rollback of the 14:05 deploy/)
        .first()
        .waitFor();
      await p.getByText('PaymentLatencyHigh').first().waitFor();
    },
  },
  {
    name: 'incident-list',
    path: () => '/incidents',
    ready: p =>
      p.getByRole('link', { name: incidentRef, exact: true }).first().waitFor(),
  },
  {
    name: 'unrouted-inbox',
    path: () => '/incidents/alerts/unrouted',
    ready: p => p.getByText('LayoutCheckDiskFull').first().waitFor(),
  },
  {
    name: 'action-items',
    path: () => '/incidents/action-items',
    ready: p =>
      p
        .getByText('Add a canary stage to the payments deploy')
        .first()
        .waitFor(),
  },
  {
    name: 'metrics',
    path: () => '/incidents/metrics',
    ready: p =>
      p.getByRole('group', { name: 'Incidents', exact: true }).waitFor(),
  },
  {
    name: 'oncall',
    // A daily rotation through the week the clocks change, with the names resolved.
    path: () =>
      '/incidents/oncall?group=group:default/storefront&from=2027-03-22',
    ready: async p => {
      await p.getByRole('table', { name: 'Shifts' }).waitFor();
      await p.getByRole('link', { name: 'Grace Green' }).first().waitFor();
      await p.getByRole('link', { name: 'Storefront' }).first().waitFor();
    },
  },
  {
    name: 'postmortem-editor',
    path: () => `/incidents/${postmortemIncidentRef}/postmortem`,
    ready: p =>
      p
        .getByRole('heading', {
          name: new RegExp(`Postmortem: ${postmortemIncidentRef}`),
        })
        .waitFor(),
  },
];

/** How far the document and the page's own scroll area reach past the viewport. */
function measureOverflow(page: Page) {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const documentWidth = Math.max(
      document.documentElement.scrollWidth,
      document.body.scrollWidth,
    );
    // Backstage scrolls its content in <main>, so a wide table widens it, not the body
    const main = document.querySelector('main');
    const mainOverflow = main ? main.scrollWidth - main.clientWidth : 0;
    // The widest elements, to say in the failure what is too wide
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const rect = el.getBoundingClientRect();
      if (rect.right > viewport + 1 && rect.width > 0 && culprits.length < 5) {
        const name =
          el.tagName.toLowerCase() +
          (el.id ? `#${el.id}` : '') +
          (typeof el.className === 'string' && el.className
            ? `.${el.className.split(/\s+/).slice(0, 2).join('.')}`
            : '');
        culprits.push(`${name} (${Math.round(rect.right)}px)`);
      }
    }
    return { viewport, documentWidth, mainOverflow, culprits };
  });
}

/**
 * Text cut off or scrolled sideways inside its box: an element whose content is wider
 * than it and does not overflow visibly. Controls made to scroll (scrollable tabs), code
 * and form fields are exempt, as are the visually hidden labels of screen readers.
 */
function clippedText(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (el.clientWidth <= 1 || el.scrollWidth <= el.clientWidth + 1) continue;
      if (getComputedStyle(el).overflowX === 'visible') continue;
      if (el.closest('pre, code, input, textarea, .MuiTabs-scrollable'))
        continue;
      const text = (el.textContent ?? '').trim();
      if (!text) continue;
      found.push(
        `${el.tagName.toLowerCase()} ${el.clientWidth}px showing ${
          el.scrollWidth
        }px: "${text.slice(0, 60)}"`,
      );
    }
    return found;
  });
}

/**
 * Visible text that is an entity ref (`kind:namespace/name`): a person or service that
 * should have been shown by its name. Code (routing snippets, YAML) is exempt.
 */
function visibleRefs(page: Page) {
  return page.evaluate(() => {
    const ref =
      /\b(?:user|group|component|resource|system|domain|api):[\w-]+\/[\w.-]+/gi;
    const found: string[] = [];
    const walker = document.createTreeWalker(
      document.body,
      NodeFilter.SHOW_TEXT,
    );
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const matches = text.match(ref);
      if (!matches) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest('code, pre, textarea, script, style'))
        continue;
      if (!parent.checkVisibility({ visibilityProperty: true } as never))
        continue;
      found.push(...matches.map(m => `${m} in "${text.trim().slice(0, 80)}"`));
    }
    return found;
  });
}

for (const viewport of VIEWPORTS) {
  for (const theme of THEMES) {
    describe(`${viewport.name} ${viewport.width}×${viewport.height}, ${theme}`, () => {
      let context: BrowserContext;
      let page: Page;

      before(async () => {
        context = await browser.newContext({
          viewport: { width: viewport.width, height: viewport.height },
          colorScheme: theme,
        });
        // The app keeps the chosen theme in localStorage under `theme`
        await context.addInitScript(t => {
          window.localStorage.setItem('theme', t);
        }, theme);
        page = await context.newPage();
        page.setDefaultTimeout(120_000);
        await page.goto(app.frontendUrl);
        await page.getByRole('button', { name: 'Enter' }).click();
        await page
          .getByRole('link', { name: 'Payments API' })
          .first()
          .waitFor();
      });

      after(async () => {
        await context?.close();
      });

      for (const pageCase of PAGES) {
        test(pageCase.name, async () => {
          await page.goto(`${app.frontendUrl}${pageCase.path()}`);
          await pageCase.ready(page).catch(async error => {
            // What the page showed instead, for whoever reads the failure
            await page.screenshot({
              path: artifactPath(
                `layout-${pageCase.name}-${viewport.name}-${theme}-not-ready.png`,
              ),
              fullPage: true,
            });
            throw error;
          });
          await pageCase.then?.(page);
          // Fonts and late layout settle before measuring
          await page.evaluate(() => document.fonts.ready);
          await page.screenshot({
            path: artifactPath(
              `layout-${pageCase.name}-${viewport.name}-${theme}.png`,
            ),
            // A dialog is judged by what fits on the screen: its actions must show
            fullPage: !pageCase.then,
          });
          const overflow = await measureOverflow(page);
          assert.ok(
            overflow.documentWidth <= overflow.viewport &&
              overflow.mainOverflow <= 0,
            `${pageCase.name} is ${
              overflow.documentWidth
            }px wide (main overflows by ${overflow.mainOverflow}px) in a ${
              overflow.viewport
            }px viewport; too wide: ${overflow.culprits.join(', ')}`,
          );
          assert.deepEqual(
            await clippedText(page),
            [],
            `${pageCase.name} cuts text off or scrolls it sideways`,
          );
          assert.deepEqual(
            await visibleRefs(page),
            [],
            `${pageCase.name} shows entity refs where names exist`,
          );
        });
      }
    });
  }
}

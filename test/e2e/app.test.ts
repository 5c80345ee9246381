import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../lib/app.ts';
import { launchBrowser } from '../lib/browser.ts';
import { artifactPath } from '../lib/artifacts.ts';

// One app (dev server + backend with demo data) for the whole file: starting it is the slow part.
let app: RunningApp;
let browser: Browser;
let page: Page;

/** The entity page's Incidents tab (the sidebar has a global "Incidents" link too). */
const incidentsTab = (p: Page) =>
  p.locator('a[href*="/catalog/"][href$="/incidents"]');

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('a guest signs in and sees the example catalog', async () => {
  await page.goto(app.frontendUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('link', { name: 'Payments API' })
    .waitFor({ timeout: 60_000 });
  // The guest is a member of Payments, so its services are listed as owned
  for (const name of ['Ledger worker', 'Legacy reports']) {
    assert.ok(
      await page.getByRole('link', { name }).isVisible(),
      `${name} is listed`,
    );
  }
  await page.screenshot({ path: artifactPath('catalog.png') });
});

test('people do not get an Incidents tab', async () => {
  await page.goto(`${app.frontendUrl}/catalog/default/user/alice`);
  await page.getByText('Alice Adams').first().waitFor({ timeout: 30_000 });
  assert.ok(
    await page.getByRole('link', { name: 'Overview', exact: true }).isVisible(),
  );
  assert.equal(await incidentsTab(page).count(), 0);
});

test('a responder declares, acknowledges, notes and resolves an incident', async () => {
  const title = `E2E card payments failing ${Date.now()}`;
  await page.goto(`${app.frontendUrl}/catalog/default/component/payments-api`);
  await incidentsTab(page).click();
  // The tab: status strip, on-call from the Payments rotation, and the policy
  await page.getByText('P1 · Critical').first().waitFor({ timeout: 60_000 });
  await page.getByText('On call').waitFor();

  await page.getByRole('button', { name: 'Declare incident' }).click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Severity').selectOption('P3');
  await dialog.getByRole('button', { name: 'Declare' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The new incident is listed among the open ones; open its page
  const row = page.getByRole('row').filter({ hasText: title });
  await row.waitFor({ timeout: 30_000 });
  const ref = (await row
    .getByRole('link', { name: /^INC-\d+$/ })
    .textContent())!;
  await page.screenshot({
    path: artifactPath('entity-incidents-tab.png'),
    fullPage: true,
  });
  await row.getByRole('link', { name: ref }).click();
  await page
    .getByRole('heading', { name: new RegExp(`${ref} · ${title}`) })
    .waitFor({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Move to acknowledged' }).click();
  await page
    .getByRole('button', { name: 'Move to acknowledged' })
    .waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Move to investigating' }).waitFor();

  await page.getByLabel('Note').fill('Rolled back the 14:02 deploy');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Rolled back the 14:02 deploy').waitFor();

  await page.getByRole('button', { name: 'Move to resolved' }).click();
  await page
    .getByRole('button', { name: 'Move to resolved' })
    .waitFor({ state: 'detached' });
  assert.equal(
    await page.getByRole('button', { name: /^Move to / }).count(),
    1,
    'only reopening is left',
  );
  await page.screenshot({
    path: artifactPath('incident-page.png'),
    fullPage: true,
  });

  // Back on the tab it sits in the resolved list, not among the open ones
  await page.goto(
    `${app.frontendUrl}/catalog/default/component/payments-api/incidents`,
  );
  const card = (heading: string) =>
    page
      .locator('.MuiPaper-root')
      .filter({ has: page.getByRole('heading', { name: heading }) })
      .last();
  await card('Recently resolved')
    .getByRole('link', { name: ref })
    .waitFor({ timeout: 30_000 });
  assert.ok(await card('Open incidents').isVisible());
  assert.equal(
    await card('Open incidents').getByRole('link', { name: ref }).count(),
    0,
  );
});

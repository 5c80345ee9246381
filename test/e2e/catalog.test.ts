import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../lib/app.ts';
import { launchBrowser } from '../lib/browser.ts';
import { artifactPath } from '../lib/artifacts.ts';

let app: RunningApp;
let browser: Browser;
let page: Page;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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

test('a component page has an Incidents tab served by the incidents backend', async () => {
  await page.goto(`${app.frontendUrl}/catalog/default/component/payments-api`);
  await page.getByRole('link', { name: 'Incidents', exact: true }).click();
  await page.getByText('P1 · Critical').waitFor({ timeout: 30_000 });
  assert.ok(await page.getByText('Severity policy').isVisible());
  await page.screenshot({ path: artifactPath('entity-incidents-tab.png') });
});

test('people do not get an Incidents tab', async () => {
  await page.goto(`${app.frontendUrl}/catalog/default/user/alice`);
  await page.getByText('Alice Adams').first().waitFor({ timeout: 30_000 });
  assert.ok(
    await page.getByRole('link', { name: 'Overview', exact: true }).isVisible(),
  );
  assert.equal(
    await page.getByRole('link', { name: 'Incidents', exact: true }).count(),
    0,
  );
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../lib/app.ts';
import { launchBrowser, openPage, type PageErrors } from '../lib/browser.ts';
import { artifactPath } from '../lib/artifacts.ts';

// The metrics dashboard and the entity tab's metrics and runbooks, light and dark, at
// desktop and phone widths, on the demo history: figures worded alike, charts readable.
let app: RunningApp;
let browser: Browser;
const errors: PageErrors[] = [];

const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
};
const COVERAGE =
  /^(Own runbook for \d+ of \d+ fired alerts? \(\d+%\) · fallback only \d+ · none \d+|No alerts fired (in the last 90 days|in this range))$/;

before(async () => {
  app = await startApp({ frontendPort: 3917, backendPort: 7918 });
  browser = await launchBrowser();
});

after(async () => {
  const uncaught = errors.flatMap(e => e.uncaught);
  if (uncaught.length) {
    // eslint-disable-next-line no-console
    console.log(`# uncaught in the numbers walk:\n${uncaught.join('\n')}`);
  }
  await browser?.close();
  await app?.stop();
});

/** A signed-in guest's page in the given theme. */
async function guestPage(
  viewport: { width: number; height: number },
  theme: 'light' | 'dark',
): Promise<Page> {
  const opened = await openPage(browser, viewport);
  errors.push(opened.errors);
  const { page } = opened;
  await page.emulateMedia({ colorScheme: theme });
  // The app's theme picker keeps its choice here; set it so "auto" cannot decide.
  await page.addInitScript(t => localStorage.setItem('theme', t), theme);
  await page.goto(app.frontendUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Payments API' }).first().waitFor();
  return page;
}

/**
 * Every Y-axis tick label of the charts in `scope`, with whether it lies wholly inside
 * its chart (a clipped "400" reads "00").
 */
async function yTicks(page: Page, scope: string) {
  return page.evaluate(sel => {
    const root = document.querySelector(sel) ?? document.body;
    return [...root.querySelectorAll('.recharts-yAxis')].flatMap(axis => {
      const svg = axis.closest('svg')!.getBoundingClientRect();
      return [
        ...axis.querySelectorAll('.recharts-cartesian-axis-tick-value'),
      ].map(tick => {
        const box = tick.getBoundingClientRect();
        return {
          text: tick.textContent ?? '',
          inside: box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5,
        };
      });
    });
  }, scope);
}

for (const theme of ['light', 'dark'] as const) {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    test(`the dashboard's figures read true, ${theme}, ${width}`, async () => {
      const page = await guestPage(viewport, theme);
      await page.goto(`${app.frontendUrl}/incidents/metrics?range=90`);
      await page
        .getByRole('group', { name: 'Incidents', exact: true })
        .waitFor();
      await page.locator('svg.recharts-surface').first().waitFor();

      const coverage = page
        .locator('.MuiCard-root', { hasText: 'Runbook coverage' })
        .getByText(COVERAGE);
      assert.equal(await coverage.count(), 1, 'coverage worded as on the tab');
      const noise = await page.getByText(/per incident$/).textContent();
      assert.match(noise!, /, (—|\d+(\.\d)?) per incident$/, noise!);

      const ticks = await yTicks(page, 'main');
      assert.ok(ticks.length > 0, 'the charts have Y axes');
      for (const tick of ticks) {
        assert.ok(tick.inside, `tick "${tick.text}" is not clipped`);
        // Durations tick on whole units, counts on whole numbers.
        assert.match(tick.text, /^(\d+[smhd]?|[A-Z][\w' ]+)$/, tick.text);
      }
      // Tiles of one row are as tall as each other.
      const heights = await page
        .locator('[role="group"][aria-label]')
        .evaluateAll(tiles =>
          tiles.map(t => {
            const r = t.getBoundingClientRect();
            return { top: Math.round(r.top), height: Math.round(r.height) };
          }),
        );
      const rows = new Map<number, number[]>();
      for (const h of heights)
        rows.set(h.top, [...(rows.get(h.top) ?? []), h.height]);
      for (const [top, row] of rows) {
        assert.equal(new Set(row).size, 1, `tiles at ${top}px: ${row}`);
      }
      await page.screenshot({
        path: artifactPath(`numbers-dashboard-${theme}-${width}.png`),
        fullPage: true,
      });
      for (const [card, name] of [
        ['Mean time to resolve', 'mttr'],
        ['Runbook coverage', 'runbooks'],
      ]) {
        await page
          .locator('.MuiCard-root', { hasText: card })
          .first()
          .screenshot({
            path: artifactPath(
              `numbers-dashboard-${name}-${theme}-${width}.png`,
            ),
          });
      }
      await page.close();
    });

    test(`the tab's chart and runbook card, ${theme}, ${width}`, async () => {
      const page = await guestPage(viewport, theme);
      await page.goto(
        `${app.frontendUrl}/catalog/default/component/payments-api/incidents`,
      );
      // The runbook card is the first sub-tab; the metrics open on their own sub-tab.
      await page.getByText(COVERAGE).first().waitFor();
      await page.getByRole('tab', { name: 'Metrics', exact: true }).click();
      const metrics = page.locator('.MuiCard-root', {
        hasText: 'Incident metrics',
      });
      await metrics.locator('.recharts-wrapper').first().waitFor();
      // The weekly chart has axes and a legend now, not a bare sparkline.
      assert.ok(
        (await metrics
          .locator('.recharts-xAxis .recharts-cartesian-axis-tick')
          .count()) > 0,
        'the weekly chart has an X axis',
      );
      assert.ok(
        (await metrics.locator('.recharts-legend-item').count()) > 0,
        'the weekly chart has a legend',
      );
      assert.ok(
        await metrics
          .getByText('Incidents detected in the last 90 days')
          .isVisible(),
      );
      await metrics.scrollIntoViewIfNeeded();
      await metrics.screenshot({
        path: artifactPath(`numbers-tab-chart-${theme}-${width}.png`),
      });
      await page.screenshot({
        path: artifactPath(`numbers-tab-${theme}-${width}.png`),
        fullPage: true,
      });
      await page.close();
    });
  }
}

test('the incident list shows service and owner, most severe first', async () => {
  const page = await guestPage(VIEWPORTS.desktop, 'light');
  await page.goto(`${app.frontendUrl}/incidents?status=all`);
  await page.getByRole('columnheader', { name: 'Service' }).waitFor();
  assert.ok(
    await page.getByRole('columnheader', { name: 'Owner' }).isVisible(),
  );
  await page.locator('tbody tr .MuiChip-label').first().waitFor();
  const severities = await page.locator('tbody tr').evaluateAll(rows =>
    rows
      // The first chip of a row is its severity, e.g. "P1 · Critical".
      .map(r =>
        /^P(\d)/.exec(r.querySelector('.MuiChip-label')?.textContent ?? ''),
      )
      .map(m => m?.[1])
      .filter(Boolean)
      .map(Number),
  );
  assert.ok(severities.length > 1, `rows: ${severities}`);
  assert.deepEqual(
    severities,
    [...severities].sort((a, b) => a - b),
    'most severe first',
  );
  await page.screenshot({ path: artifactPath('numbers-list.png') });
  await page.close();
});

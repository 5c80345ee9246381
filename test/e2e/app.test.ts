import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, startApp, type RunningApp } from '../lib/app.ts';
import { entityRoutable, guestToken } from '../lib/backend.ts';
import { waitFor } from '../lib/processes.ts';
import {
  launchBrowser,
  openPage,
  type ConsoleEntry,
  type PageErrors,
} from '../lib/browser.ts';
import { artifactPath } from '../lib/artifacts.ts';

// One app (dev server + backend with demo data) for the whole file: starting it is the slow part.
let app: RunningApp;
let browser: Browser;
let page: Page;
let pageErrors: PageErrors;

/** The entity page's Incidents tab (the sidebar has a global "Incidents" link too). */
const incidentsTab = (p: Page) =>
  p.locator('a[href*="/catalog/"][href$="/incidents"]');

/**
 * A catalog location of the test's own, beside the demo's: its component's alert table
 * gains a runbook during the runbook follow-up walk.
 */
const followUpCatalog = join(
  mkdtempSync(join(tmpdir(), 'firebreak-e2e-catalog-')),
  'reconciler.yaml',
);

function writeReconciler(runbook?: string) {
  writeFileSync(
    followUpCatalog,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: e2e-reconciler',
      '  title: Ledger reconciler',
      '  annotations:',
      '    firebreak.dev/alerts: |',
      '      - alert: ReconcilerLag',
      '        severity: P2',
      '        description: Reconciliation runs behind',
      ...(runbook ? [`        runbook: ${runbook}`] : []),
      'spec:',
      '  type: service',
      '  owner: group:default/payments',
      '  lifecycle: production',
      '',
    ].join('\n'),
  );
}

before(async () => {
  writeReconciler();
  app = await startApp({
    config: {
      catalog: {
        // Re-read locations every few seconds, so a changed file shows within the walk.
        processingInterval: { seconds: 3 },
        // Arrays replace rather than merge: the demo's locations, then ours.
        locations: [
          { type: 'file', target: join(REPO_ROOT, 'examples/entities.yaml') },
          {
            type: 'file',
            target: join(REPO_ROOT, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
          { type: 'file', target: followUpCatalog },
        ],
      },
      incidents: { runbookLinks: { followUpCheckEvery: 'PT3S' } },
    },
  });
  browser = await launchBrowser();
  ({ page, errors: pageErrors } = await openPage(browser, {
    width: 1400,
    height: 1000,
  }));
});

after(async () => {
  // pageErrors is unset when the browser failed to start; the app must stop all the same.
  if (pageErrors?.uncaught.length) {
    // eslint-disable-next-line no-console
    console.log(
      `# uncaught in the browser walk:\n${pageErrors.uncaught.join('\n')}`,
    );
  }
  await browser?.close();
  await app?.stop();
});

test('a guest signs in and sees the example catalog', async () => {
  await page.goto(app.frontendUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Payments API' }).waitFor();
  // The guest is a member of Payments, so its services are listed as owned
  for (const name of ['Ledger worker', 'Legacy reports']) {
    assert.ok(
      await page.getByRole('link', { name }).isVisible(),
      `${name} is listed`,
    );
  }
  await page.screenshot({ path: artifactPath('catalog.png') });
  // One sidebar entry for Incidents: action items and metrics are tabs of its page
  const sidebar = page.getByRole('navigation');
  await sidebar.getByRole('link', { name: 'Incidents', exact: true }).waitFor();
  for (const name of ['Action items', 'Incident metrics']) {
    assert.equal(await sidebar.getByRole('link', { name }).count(), 0, name);
  }
});

test('people do not get an Incidents tab', async () => {
  await page.goto(`${app.frontendUrl}/catalog/default/user/alice`);
  await page.getByText('Alice Adams').first().waitFor();
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
  await page.getByText('P1 · Critical').first().waitFor();
  await page.getByText('On call').waitFor();

  await page.getByRole('button', { name: 'Declare incident' }).click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Severity').selectOption('P3');
  await dialog.getByRole('button', { name: 'Declare' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // Declaring opens the new incident; back on the tab it is listed among the open ones
  const declared = page.getByRole('heading', {
    name: new RegExp(`INC-\\d+ · ${title}`),
  });
  await declared.waitFor();
  const ref = (await declared.textContent())!.match(/INC-\d+/)![0];
  await page.goBack();
  const row = page.getByRole('row').filter({ hasText: title });
  await row.waitFor();
  await page.screenshot({
    path: artifactPath('entity-incidents-tab.png'),
    fullPage: true,
  });
  await row.getByRole('link', { name: ref }).click();
  await page
    .getByRole('heading', { name: new RegExp(`${ref} · ${title}`) })
    .waitFor();

  // The next natural step leads: acknowledge, then resolve; the rest is in a menu
  await page
    .getByRole('button', { name: 'Acknowledge' })
    .waitFor()
    .catch(async error => {
      await page.screenshot({
        path: artifactPath('incident-page-no-acknowledge.png'),
        fullPage: true,
      });
      throw error;
    });
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await page
    .getByRole('button', { name: 'Acknowledge' })
    .waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Resolve', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Other status changes' }).click();
  await page.getByRole('menuitem', { name: 'Mark investigating' }).waitFor();
  await page.keyboard.press('Escape');

  await page.getByLabel('Note').fill('Rolled back the 14:02 deploy');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Rolled back the 14:02 deploy').first().waitFor();

  // A posted status update leaves the composer empty, so it cannot go out twice
  const composer = page.getByRole('textbox', { name: 'Status update' });
  // prefilled from the template once the variables have loaded
  await page.waitForFunction(
    incidentRef =>
      (
        document.getElementById(
          'incident-status-update',
        ) as HTMLTextAreaElement | null
      )?.value.startsWith(incidentRef) ?? false,
    ref,
  );
  const update = await composer.inputValue();
  await page.getByRole('button', { name: 'Post status update' }).click();
  await page
    .getByRole('list', { name: 'Past status updates' })
    .getByText(update)
    .waitFor();
  assert.equal(await composer.inputValue(), '');
  assert.ok(
    await page.getByRole('button', { name: 'Post status update' }).isDisabled(),
  );

  // Resolving asks for a summary, which the timeline and the status card then show
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  const resolveDialog = page.getByRole('dialog', { name: `Resolve ${ref}` });
  await resolveDialog
    .getByLabel(/Resolution summary/)
    .fill('Rolled back the deploy; errors gone');
  await resolveDialog.getByRole('button', { name: 'Resolve' }).click();
  await resolveDialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Reopen' }).waitFor();
  assert.equal(
    await page.getByRole('button', { name: 'Other status changes' }).count(),
    0,
    'only reopening is left',
  );
  await page
    .getByText(/acknowledged → resolved: Rolled back the deploy; errors gone/)
    .first()
    .waitFor();
  // acknowledged straight to resolved: the three steps between were skipped
  const stepper = page.getByLabel('Incident status');
  await stepper.getByText('skipped').nth(2).waitFor();
  assert.equal(await stepper.getByText('skipped').count(), 3);
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
  await card('Recently resolved').getByRole('link', { name: ref }).waitFor();
  assert.ok(await card('Open incidents').isVisible());
  assert.equal(
    await card('Open incidents').getByRole('link', { name: ref }).count(),
    0,
  );
});

// Hostile text arrives through the API (alert labels, titles, notes, postmortem
// Markdown); the pages must show it as text and run none of it.
const HOSTILE_TITLE =
  'E2E <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>';
const HOSTILE_MARKDOWN = [
  '[click me](javascript:window.__pwned=3)',
  '<img src=x onerror="window.__pwned=4">',
  '<iframe src="javascript:window.__pwned=5"></iframe>',
  '![x](x" onerror="window.__pwned=6)',
].join('\n\n');

/** Calls the incidents API as the guest, who is also the browser's user. */
async function api(method: string, path: string, body?: unknown) {
  const token = await guestToken(app.backendUrl);
  const res = await fetch(`${app.backendUrl}/api/incidents${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path} answered ${res.status}`);
  return res.json();
}

test('an SRE writes, reviews and publishes the postmortem of a resolved P2 and finds its action item on the review page', async () => {
  const stamp = Date.now();
  const incident = await api('POST', '/incidents', {
    title: `E2E checkout errors ${stamp}`,
    severity: 'P2',
    entityRef: 'component:default/payments-api',
  });
  await api('POST', `/incidents/${incident.id}/transitions`, {
    to: 'resolved',
  });

  await page.goto(`${app.frontendUrl}/incidents/${incident.ref}/postmortem`);
  // P2 requires a postmortem, so resolving started one; otherwise start it here
  const summaryBox = page.getByRole('textbox', {
    name: 'Summary',
    exact: true,
  });
  const start = page.getByRole('button', { name: 'Start postmortem' });
  await summaryBox.or(start).waitFor();
  if (await start.isVisible()) await start.click();
  await page
    .getByRole('heading', { name: new RegExp(`Postmortem: ${incident.ref}`) })
    .waitFor();

  const summary = `A bad deploy broke card payments (${stamp})`;
  await page
    .getByRole('textbox', { name: 'Summary', exact: true })
    .fill(summary);
  await page.getByRole('button', { name: 'Save Summary' }).click();
  // Saved once the section no longer carries its "unsaved" mark
  await page.getByText('unsaved', { exact: true }).waitFor({ state: 'hidden' });

  const itemTitle = `Add a canary stage to the payments deploy ${stamp}`;
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Action item title').fill(itemTitle);
  await page
    .getByLabel('Owner', { exact: true })
    .fill('group:default/payments');
  await page.getByLabel('Action item due date').fill(due);
  await page.getByRole('button', { name: 'Add action item' }).click();
  await page.getByRole('textbox', { name: `Title of ${itemTitle}` }).waitFor();

  await page.getByLabel('Reviewer', { exact: true }).fill('user:default/guest');
  await page.getByRole('button', { name: 'Add reviewer' }).click();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('a published postmortem can no longer change').waitFor();
  await page.screenshot({
    path: artifactPath('postmortem-editor.png'),
    fullPage: true,
  });

  const stored = await api('GET', `/incidents/${incident.id}/postmortem`);
  assert.equal(stored.status, 'published');
  assert.equal(stored.sections.summary, summary);
  assert.deepEqual(
    stored.reviewers.map((r: { userRef: string }) => r.userRef),
    ['user:default/guest'],
  );

  // The SRE's review lists the new item among the outstanding ones
  await page.goto(`${app.frontendUrl}/incidents/action-items`);
  await page.getByText(itemTitle).waitFor();
  await page.screenshot({
    path: artifactPath('action-items.png'),
    fullPage: true,
  });
});

test('out of the box the demo history fills the metrics dashboard and the overdue action items', async () => {
  await page.goto(`${app.frontendUrl}/incidents/metrics`);
  const tile = (name: string) =>
    page.getByRole('group', { name, exact: true }).locator('div').nth(2);
  await tile('Incidents').waitFor();
  const incidents = Number(await tile('Incidents').textContent());
  assert.ok(incidents > 0, `the dashboard counts ${incidents} incidents`);
  assert.match((await tile('MTTR p50').textContent())!, /\d/);
  assert.ok(
    (await page.locator('svg.recharts-surface').count()) >= 3,
    'the trend, severity and breach charts are drawn',
  );
  await page.screenshot({
    path: artifactPath('metrics-dashboard.png'),
    fullPage: true,
  });

  await page.goto(`${app.frontendUrl}/incidents/action-items`);
  await page
    .getByText(/\d+ days? overdue/)
    .first()
    .waitFor();
});

test('an alert without a runbook opens a P2; its postmortem makes a runbook follow-up that closes itself once the catalog has the runbook', async () => {
  const entityRef = 'component:default/e2e-reconciler';
  await waitFor(() => entityRoutable(app.backendUrl, entityRef), 300_000, 2000);
  const sent = await fetch(
    `${app.backendUrl}/api/incidents/alerts/alertmanager`,
    {
      method: 'POST',
      headers: {
        Authorization: 'Bearer local-alert-sender-token-change-me',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        version: '4',
        groupKey: '{}:{service="e2e-reconciler"}',
        status: 'firing',
        receiver: 'firebreak',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://alertmanager.example.com',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'ReconcilerLag', service: 'e2e-reconciler' },
            annotations: { summary: 'Reconciliation is 20 minutes behind' },
            startsAt: new Date().toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus.example.com/graph',
            fingerprint: `reconciler-${Date.now()}`,
          },
        ],
      }),
    },
  );
  assert.equal(sent.status, 202);
  const incidentsOf = async () =>
    (await api('GET', `/incidents?entityRef=${encodeURIComponent(entityRef)}`))
      .items;
  await waitFor(async () => (await incidentsOf()).length > 0, 60_000);
  const [incident] = await incidentsOf();
  assert.equal(incident.severity, 'P2', 'the table row says P2');
  await api('POST', `/incidents/${incident.id}/transitions`, {
    to: 'resolved',
  });

  // The postmortem (P2 requires one) lists the alert without a runbook.
  await page.goto(`${app.frontendUrl}/incidents/${incident.ref}/postmortem`);
  const runbooks = page.getByRole('list', {
    name: 'Alerts and their runbooks',
  });
  await runbooks.getByText('No runbook').waitFor();
  await runbooks.getByText('ReconcilerLag', { exact: false }).waitFor();
  await page
    .getByRole('button', { name: 'Add runbook follow-up for ReconcilerLag' })
    .click();
  await runbooks.getByText(/Follow-up #\d+: open/).waitFor();
  // The follow-up is an action item of the postmortem, owned by the entity's owner.
  await page
    .getByRole('textbox', {
      name: 'Title of Add a runbook for ReconcilerLag on e2e-reconciler',
    })
    .waitFor();
  await runbooks.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: artifactPath('runbook-follow-up.png'),
    fullPage: true,
  });
  const [item] = (
    await api(
      'GET',
      `/action-items?kind=add_runbook&followUpEntityRef=${encodeURIComponent(
        entityRef,
      )}`,
    )
  ).items;
  assert.equal(item.ownerRef, 'group:default/payments');
  assert.equal(item.status, 'open');

  // The owner adds the runbook to the catalog; the follow-up closes by itself.
  writeReconciler('https://wiki.example.com/runbooks/reconciler-lag');
  await waitFor(
    async () =>
      (
        await api(
          'GET',
          `/action-items?kind=add_runbook&incidentId=${incident.id}`,
        )
      ).items[0]?.status === 'done',
    300_000,
    2000,
  );
  const timeline = await api('GET', `/incidents/${incident.id}/timeline`);
  assert.ok(
    timeline.items.some(
      (e: { type: string; message: string }) =>
        e.type === 'follow_up_closed' &&
        e.message.includes('https://wiki.example.com/runbooks/reconciler-lag'),
    ),
    'the incident timeline says the follow-up closed itself',
  );
  await page.reload();
  await page.getByText(/^Closed by Firebreak: /).waitFor();
  await runbooks.getByText(/Follow-up #\d+: done/).waitFor();
  await page.screenshot({
    path: artifactPath('runbook-follow-up-closed.png'),
    fullPage: true,
  });
});

test('hostile titles, notes and postmortem Markdown render as inert text', async () => {
  const incident = await api('POST', '/incidents', {
    title: HOSTILE_TITLE,
    severity: 'P4',
    entityRef: 'component:default/payments-api',
    description: HOSTILE_MARKDOWN,
  });
  await api('POST', `/incidents/${incident.id}/timeline`, {
    message: HOSTILE_MARKDOWN,
  });
  const postmortem = await api('POST', `/incidents/${incident.id}/postmortem`);
  await api('PATCH', `/postmortems/${postmortem.id}`, {
    sections: { summary: HOSTILE_MARKDOWN },
  });

  const dialogs: string[] = [];
  page.on('dialog', dialog => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  const assertInert = async (where: string) => {
    assert.equal(
      await page.evaluate(() => (window as { __pwned?: unknown }).__pwned),
      undefined,
      `no injected script ran on ${where}`,
    );
    assert.equal(
      await page
        .locator('a[href^="javascript:"], iframe, img[onerror]')
        .count(),
      0,
      `no live javascript: link, iframe or onerror image on ${where}`,
    );
    assert.deepEqual(dialogs, [], `no dialog opened on ${where}`);
  };

  await page.goto(`${app.frontendUrl}/incidents/${incident.ref}`);
  // The title is shown verbatim, tags and all, as text
  await page
    .getByRole('heading', { name: `${incident.ref} · ${HOSTILE_TITLE}` })
    .waitFor();
  await page
    .getByText('[click me](javascript:window.__pwned=3)')
    .first()
    .waitFor();
  await assertInert('the incident page');

  await page.goto(`${app.frontendUrl}/incidents/${incident.ref}/postmortem`);
  await page
    .getByRole('tablist', { name: 'Summary mode' })
    .getByRole('tab', { name: 'Preview' })
    .click();
  await page.getByText('click me').first().waitFor();
  await assertInert('the postmortem editor');
  await page.screenshot({
    path: artifactPath('hostile-postmortem.png'),
    fullPage: true,
  });
});

/** Deprecation notices, wherever they come from: React, Backstage, Node, webpack. */
const DEPRECATION = /deprecat/i;
/**
 * Our code: the plugin's id and packages, and the app's own sources, which the dev
 * server names `./src/…` (webpack's context is packages/app).
 */
const OURS = /incidents|firebreak|webpack-internal:\/\/\/\.\/src\//i;

/**
 * Whether a console notice comes from our code: its message names us, or the code that
 * used the deprecated API is ours: the script that logged it or, for React's notices, the
 * first component of the stack that names its file (host elements such as `button` name
 * none). Frames further down only say who rendered that code (React warns once per
 * component per page load, for whichever instance came first).
 */
function isOurs(notice: ConsoleEntry): boolean {
  const [message, ...frames] = notice.text.split(/\n\s+at /);
  const component = frames.find(frame => frame.includes('(')) ?? '';
  return OURS.test(message) || OURS.test(notice.url) || OURS.test(component);
}

// Last in the file: by now the walk has visited every page of the plugin.
test('the walk left no deprecation warnings of ours in the browser console or the backend log', () => {
  const browserNotices = pageErrors.console.filter(m =>
    DEPRECATION.test(m.text),
  );
  const logNotices = readFileSync(join(app.workDir, 'app.log'), 'utf8')
    .split('\n')
    .filter(line => DEPRECATION.test(line));
  // Others' notices are kept for reading, not failed: they are Backstage's to fix.
  writeFileSync(
    artifactPath('deprecations.json'),
    JSON.stringify({ browser: browserNotices, log: logNotices }, null, 2),
  );
  // eslint-disable-next-line no-console
  console.log(
    `# deprecation notices: ${browserNotices.length} in the browser console, ${logNotices.length} in the app log (test/artifacts/deprecations.json)`,
  );
  assert.deepEqual(
    browserNotices.filter(isOurs),
    [],
    'no deprecation warning of ours in the browser console',
  );
  assert.deepEqual(
    logNotices.filter(line => OURS.test(line)),
    [],
    'no deprecation warning of ours in the backend log',
  );
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../lib/app.ts';
import { launchBrowser, openPage, type PageErrors } from '../lib/browser.ts';
import { artifactPath } from '../lib/artifacts.ts';
import { waitFor } from '../lib/processes.ts';

// Ports of this file's own, so it can run beside the other browser walks.
const FRONTEND_PORT = 3947;
const BACKEND_PORT = 7947;
const OPEN_STATUSES = [
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
];

let app: RunningApp;
let browser: Browser;
let page: Page;
let pageErrors: PageErrors;

/** The guest's Backstage token and identity, as the sign-in page gets them. */
async function guestIdentity(): Promise<{
  token: string;
  userEntityRef: string;
  ownershipEntityRefs: string[];
}> {
  const res = await fetch(`${app.backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.ok(res.ok, `guest sign-in answered ${res.status}`);
  const { backstageIdentity } = await res.json();
  return {
    token: backstageIdentity.token,
    userEntityRef: backstageIdentity.identity.userEntityRef,
    ownershipEntityRefs: backstageIdentity.identity.ownershipEntityRefs,
  };
}

/** GETs the incidents API as the guest, who is also the browser's user. */
async function api(path: string, query: [string, string][] = []) {
  const { token } = await guestIdentity();
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(
    `${app.backendUrl}/api/incidents${path}${qs ? `?${qs}` : ''}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  assert.ok(res.ok, `GET ${path} answered ${res.status}`);
  return res.json();
}

/** The widget's format for instants (`format.ts` `utc`). */
function utc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The home page card with this title. */
function card(title: string): Locator {
  return (
    page
      // Development builds number MUI's class names (MuiCard-root-123).
      .locator('[class*="MuiCard-root"]')
      .filter({ has: page.getByText(title, { exact: true }) })
  );
}

before(
  async () => {
    app = await startApp({
      frontendPort: FRONTEND_PORT,
      backendPort: BACKEND_PORT,
    });
    // The demo history is seeded in the background after startup; the ongoing
    // api-gateway incident reaching "monitoring" is its last write. On a busy machine
    // seeding took over ten minutes, so the limit is a safety stop, not a speed check;
    // polling every 5 s with one token keeps the wait from slowing the seeding down.
    let token: string | undefined;
    await waitFor(
      async () => {
        token ??= await guestIdentity()
          .then(identity => identity.token)
          .catch(() => undefined);
        if (!token) return false;
        const res = await fetch(
          `${app.backendUrl}/api/incidents/incidents?${new URLSearchParams({
            entityRef: 'component:default/api-gateway',
            status: 'monitoring',
          })}`,
          { headers: { Authorization: `Bearer ${token}` } },
        ).catch(() => undefined);
        return !!res?.ok && (await res.json()).items.length > 0;
      },
      1_800_000,
      5_000,
    );
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await openPage(browser, {
      width: 1400,
      height: 1000,
    }));
  },
  { timeout: 2_400_000 },
);

after(async () => {
  if (pageErrors?.uncaught.length) {
    // eslint-disable-next-line no-console
    console.log(
      `# uncaught in the home walk:\n${pageErrors.uncaught.join('\n')}`,
    );
  }
  await browser?.close();
  await app?.stop();
});

test('the guest signs in, keeps the catalog at the root and opens Home from the sidebar', async () => {
  await page.goto(app.frontendUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Payments API' }).waitFor();
  // The sidebar entry (the logo links to the root, which stays the catalog).
  await page.locator('a[href="/home"]').first().click();
  await page.waitForURL(/\/home$/);
  await card('My on-call shifts').waitFor();
});

test("on-call shifts: the guest's shift now and next in the Payments rotation", async () => {
  const shifts = await api('/oncall/shifts');
  // The guest is in the Payments rotation, so a shift is always in force or coming.
  assert.ok(shifts.items.length > 0, 'the guest has on-call shifts');
  const widget = card('My on-call shifts');
  for (const team of shifts.items) {
    const name = team.groupRef.split('/').pop();
    const row = widget
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: new RegExp(name, 'i') }) });
    await row.waitFor();
    if (team.current) {
      await row.getByText('On call now').waitFor();
      await row.getByText(`until ${utc(team.current.end)}`).waitFor();
    }
    if (team.next) {
      await row
        .getByText(`${utc(team.next.start)} to ${utc(team.next.end)}`)
        .waitFor();
    }
  }
  assert.equal(await widget.getByRole('listitem').count(), shifts.items.length);
});

test('calendar feed: the widget hands out a link any calendar can read without signing in, until revoked', async () => {
  const shifts = await api('/oncall/shifts');
  const first = shifts.items[0].current ?? shifts.items[0].next;
  const widget = card('My on-call shifts');
  await widget.getByRole('button', { name: 'Add to my calendar' }).click();
  const dialog = page.getByRole('dialog', { name: 'Calendar feeds' });
  const link = dialog.getByText(/\/oncall-calendar\/[^/]+\/shifts\.ics$/);
  const url = (await link.textContent())!.trim();
  // The dialog fades in: the capture fast-forwards the transition
  await page.screenshot({
    path: artifactPath('home-calendar-feeds.png'),
    animations: 'disabled',
  });

  // As a calendar app: no Backstage token, only the link
  const feed = await fetch(url);
  assert.equal(feed.status, 200);
  assert.equal(
    feed.headers.get('content-type'),
    'text/calendar; charset=utf-8',
  );
  const text = await feed.text();
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  // iCalendar's UTC form of the guest's first shift, e.g. 20261207T090000Z
  const stamp = `${first.start.replace(/[-:]/g, '').slice(0, 15)}Z`;
  assert.ok(text.includes(`DTSTART:${stamp}`), `the feed holds ${stamp}`);

  await dialog.getByRole('button', { name: 'Revoke links' }).click();
  await dialog.getByText(/Your calendar links are revoked/).waitFor();
  assert.equal((await fetch(url)).status, 404);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
});

test('open incidents on services the guest owns', async () => {
  const { ownershipEntityRefs } = await guestIdentity();
  assert.ok(ownershipEntityRefs.includes('group:default/payments'));
  const open = await api('/incidents', [
    ...ownershipEntityRefs.map((ref): [string, string] => ['ownerRef', ref]),
    ...OPEN_STATUSES.map((s): [string, string] => ['status', s]),
    ['limit', '5'],
  ]);
  // The demo keeps an incident on payments-api going.
  assert.ok(
    open.items.some(
      (i: { entityRef: string }) =>
        i.entityRef === 'component:default/payments-api',
    ),
    'an open payments-api incident is seeded',
  );
  const widget = card('Open incidents on my services');
  for (const incident of open.items) {
    await widget
      .getByRole('link', { name: `${incident.ref} · ${incident.title}` })
      .waitFor();
  }
  assert.equal(await widget.getByRole('listitem').count(), open.items.length);
  // Other teams' ongoing incidents (storefront, platform) are not listed.
  const others = await api('/incidents', [
    ['ownerRef', 'group:default/platform'],
    ...OPEN_STATUSES.map((s): [string, string] => ['status', s]),
  ]);
  assert.ok(others.items.length > 0, 'platform has open incidents');
  for (const incident of others.items) {
    assert.equal(
      await widget
        .getByRole('link', { name: new RegExp(incident.ref) })
        .count(),
      0,
      `${incident.ref} of another team is not listed`,
    );
  }
});

test("the guest's overdue action items", async () => {
  const { userEntityRef } = await guestIdentity();
  const overdue = await api('/action-items', [
    ['ownerRef', userEntityRef],
    ['overdue', 'true'],
    ['limit', '5'],
  ]);
  // The demo gives the guest one late follow-up of an incident of their team.
  assert.ok(
    overdue.items.some(
      (i: { ownerRef: string }) => i.ownerRef === userEntityRef,
    ),
    "the guest's late follow-up is seeded",
  );
  const widget = card('My overdue action items');
  for (const item of overdue.items) {
    const row = widget
      .getByRole('listitem')
      .filter({ hasText: item.title })
      .filter({ hasText: `due ${utc(item.dueAt)}` });
    await row.first().waitFor();
    await row
      .first()
      .getByRole('link', { name: `INC-${item.incidentId}` })
      .waitFor();
  }
  assert.equal(
    await widget.getByRole('listitem').count(),
    overdue.items.length,
  );
});

test('incidents the guest holds a role in, with the role', async () => {
  const { userEntityRef } = await guestIdentity();
  const mine = await api('/incidents', [
    ['roleHolderRef', userEntityRef],
    ['limit', '5'],
  ]);
  // The demo makes the guest scribe of the ongoing payments-api incident.
  const ongoing = mine.items.find(
    (i: { entityRef: string; status: string }) =>
      i.entityRef === 'component:default/payments-api' &&
      OPEN_STATUSES.includes(i.status),
  );
  assert.ok(ongoing, 'the guest holds a role in the ongoing incident');
  const widget = card('Incidents I hold a role in');
  for (const incident of mine.items) {
    const roles = incident.roles
      .filter((r: { userRef: string }) => r.userRef === userEntityRef)
      .map((r: { role: string }) => r.role)
      .join(', ');
    const row = widget.getByRole('listitem').filter({
      has: page.getByRole('link', {
        name: `${incident.ref} · ${incident.title}`,
      }),
    });
    await row.getByText(`you are ${roles}`, { exact: false }).waitFor();
    await row.getByText(incident.status, { exact: true }).waitFor();
  }
  assert.equal(await widget.getByRole('listitem').count(), mine.items.length);

  // A widget link leads to the incident.
  await widget
    .getByRole('link', { name: `${ongoing.ref} · ${ongoing.title}` })
    .click();
  await page
    .getByRole('heading', { name: new RegExp(`${ongoing.ref} · `) })
    .waitFor();
});

test("on-call page: the widget's link opens the guest's team schedule and their shifts", async () => {
  await page.goto(`${app.frontendUrl}/home`);
  await card('My on-call shifts')
    .getByRole('link', { name: 'All my shifts and schedules' })
    .click();
  await page.waitForURL(/\/incidents\/oncall$/);
  // The guest's team with a rotation is Payments: its schedule opens first.
  const schedule = page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.getByRole('table', { name: 'Shifts' }) });
  await schedule.getByRole('link', { name: 'Payments' }).first().waitFor();
  const mine = page.getByRole('list', { name: 'My shifts' });
  await mine.waitFor();
  // Every shift of the guest's the list shows is one the backend lists for them.
  const { items } = await api('/oncall/shifts', [
    ['until', new Date(Date.now() + 28 * 24 * 3600_000).toISOString()],
  ]);
  const expected = items.flatMap((t: any) => t.upcoming ?? []).length;
  const shown = await mine.getByRole('listitem').count();
  // The page asked a moment before this test did: a shift may start in between.
  assert.ok(
    Math.abs(shown - expected) <= 1 && shown > 0,
    `the page lists ${shown} of the guest's shifts, the backend ${expected}`,
  );
});

test('on-call page in Berlin: 09:00 handovers on both sides of the change to summer time', async () => {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    timezoneId: 'Europe/Berlin',
  });
  try {
    const berlin = await context.newPage();
    berlin.setDefaultTimeout(120_000);
    await berlin.goto(app.frontendUrl);
    await berlin.getByRole('button', { name: 'Enter' }).click();
    await berlin.getByRole('link', { name: 'Payments API' }).waitFor();
    // Storefront hands over daily at 09:00 Europe/Berlin; summer time starts 28 March 2027.
    await berlin.goto(
      `${app.frontendUrl}/incidents/oncall?group=group:default/storefront&from=2027-03-22`,
    );
    const table = berlin.getByRole('table', { name: 'Shifts' });
    await table.waitFor();
    const { shifts } = await api('/oncall/schedule', [
      ['groupRef', 'group:default/storefront'],
      ['from', '2027-03-21T23:00:00.000Z'],
      ['to', '2027-04-18T22:00:00.000Z'],
    ]);
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), shifts.length);
    const names: Record<string, string> = {
      'user:default/grace': 'Grace Green',
      'user:default/heidi': 'Heidi Hall',
    };
    for (let i = 0; i < shifts.length; i++) {
      const cells = rows.nth(i).locator('td');
      const when = await cells.nth(0).innerText();
      // Both ends at 09:00, the end in the offset of its side of the change.
      const offset = shifts[i].end < '2027-03-28T01:00:00Z' ? 'GMT+1' : 'GMT+2';
      assert.match(when, /^\w{3} \d+ \w{3}, 09:00 .*→ \w{3} \d+ \w{3}, 09:00 /);
      assert.ok(when.includes(`09:00 ${offset}`), `${when} ends in ${offset}`);
      await cells
        .nth(1)
        .getByRole('link', { name: names[shifts[i].userRef] })
        .waitFor();
    }
    const change = rows.filter({
      has: berlin.getByText('Clocks go forward 1 hr (GMT+1 → GMT+2)'),
    });
    assert.equal(await change.count(), 1);
    assert.match(
      await change.locator('td').first().innerText(),
      /^Sat 27 Mar, 09:00 GMT\+1 → Sun 28 Mar, 09:00 GMT\+2\s+23 hr$/,
    );

    // Who is on call at 10:30 on the first summer morning, as the backend says.
    const at = await api('/oncall', [
      ['groupRef', 'group:default/storefront'],
      ['at', '2027-03-28T08:30:00.000Z'],
    ]);
    await berlin
      .getByLabel('Date and time (your time zone)')
      .fill('2027-03-28T10:30');
    await berlin.getByRole('button', { name: 'Look up' }).click();
    const answer = berlin.getByRole('status', { name: 'On call then' });
    await answer.getByRole('link', { name: names[at.primary] }).waitFor();
    assert.match(
      await answer.innerText(),
      /Shift Sun 28 Mar, 09:00 GMT\+2 → Mon 29 Mar, 09:00 GMT\+2/,
    );

    for (const [name, viewport, colorScheme] of [
      ['oncall-berlin-dst.png', { width: 1400, height: 1000 }, 'light'],
      ['oncall-berlin-dst-phone.png', { width: 390, height: 844 }, 'light'],
      ['oncall-berlin-dst-dark.png', { width: 1400, height: 1000 }, 'dark'],
    ] as const) {
      await berlin.setViewportSize(viewport);
      await berlin.emulateMedia({ colorScheme });
      await table.waitFor();
      const overflow = await berlin.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
      await berlin.screenshot({ path: artifactPath(name), fullPage: true });
    }
  } finally {
    await context.close();
  }
});

test('screenshots of the home page: desktop, phone and dark theme', async () => {
  const shoot = async (
    name: string,
    viewport: { width: number; height: number },
    colorScheme: 'light' | 'dark' = 'light',
  ) => {
    await page.setViewportSize(viewport);
    // The app follows the system's colour scheme while the user has not picked a theme.
    await page.emulateMedia({ colorScheme });
    await page.goto(`${app.frontendUrl}/home`);
    for (const title of [
      'My on-call shifts',
      'Open incidents on my services',
      'My overdue action items',
      'Incidents I hold a role in',
    ]) {
      const widget = card(title);
      await widget
        .getByRole('listitem')
        .or(widget.getByText(/^(No |None |You have no |You hold no )/))
        .first()
        .waitFor()
        .catch(async error => {
          // What the page showed instead, for whoever reads the failure
          await page.screenshot({
            path: artifactPath(name.replace('.png', '-not-ready.png')),
            fullPage: true,
          });
          throw error;
        });
    }
    // Nothing may stick out sideways, on a phone least of all.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
    // The whole page in one viewport: a full-page capture would paint the phone
    // layout's fixed bottom navigation in the middle of the page.
    const height = await page.evaluate(
      () => document.documentElement.scrollHeight,
    );
    await page.setViewportSize({ width: viewport.width, height });
    await page.screenshot({ path: artifactPath(name) });
  };
  await shoot('home.png', { width: 1400, height: 1000 });
  await shoot('home-phone.png', { width: 390, height: 844 });
  await shoot('home-dark.png', { width: 1400, height: 1000 }, 'dark');
});

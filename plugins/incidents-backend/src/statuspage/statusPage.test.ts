import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { startIncidentsBackend } from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const ALICE = 'user:default/alice';
const HOSTILE = `<script>alert("x")</script> & <img src=x onerror=alert(1)>`;

const service = (name: string, statusPage?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    ...(statusPage && {
      annotations: { 'firebreak.dev/status-page': statusPage },
    }),
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
});

const entities: Entity[] = [
  service('payments-api', 'Card payments'),
  service('checkout-web', 'Checkout'),
  service('search-api', 'Search'),
  service('ledger-worker'),
];

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'public status page on %p',
  databaseId => {
    async function start() {
      const { server } = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
      });
      const as = (method: 'get' | 'post', path: string) =>
        request(server)
          [method](`/api/incidents${path}`)
          .set('Authorization', mockCredentials.user.header(ALICE));
      const declare = async (
        entityRef: string,
        severity: string,
        title: string,
      ) => {
        const res = await as('post', '/incidents').send({
          title,
          severity,
          entityRef: `component:default/${entityRef}`,
        });
        expect(res.status).toBe(201);
        return res.body;
      };
      const update = async (id: number, message: string, pub: boolean) => {
        const res = await as('post', `/incidents/${id}/status-updates`).send({
          message,
          ...(pub && { public: true }),
        });
        expect(res.status).toBe(201);
        expect(res.body.public).toBe(pub);
      };
      // The page is public: no Authorization header at all.
      const page = (path = '/status-page') =>
        request(server).get(`/api/incidents${path}`);
      return { as, declare, update, page };
    }

    it('shows opted-in components, their state, and only public updates, escaped, without sign-in', async () => {
      const { declare, update, page, as } = await start();
      const p1 = await declare(
        'payments-api',
        'P1',
        'Acquirer X refuses card 4111',
      );
      await update(
        p1.id,
        'Internal: acquirer contact is Bob, ticket SEC-42',
        false,
      );
      await update(
        p1.id,
        `Card payments fail for some customers. ${HOSTILE}`,
        true,
      );
      const p3 = await declare(
        'checkout-web',
        'P3',
        'Slow checkout for user:default/dana',
      );
      await update(p3.id, 'Only an internal note here', false);
      // An incident on an entity not on the page shows nowhere, public update or not.
      const hidden = await declare('ledger-worker', 'P1', 'Ledger backlog');
      await update(hidden.id, 'Ledger public words', true);
      // A resolved incident with a public update is in the history.
      const past = await declare('search-api', 'P2', 'Search index rebuild');
      await update(past.id, 'Search results may be incomplete', true);
      for (const to of ['acknowledged', 'resolved']) {
        const current = (await as('get', `/incidents/${past.id}`)).body;
        expect(
          (
            await as('post', `/incidents/${past.id}/transitions`).send({
              to,
              version: current.version,
              ...(to === 'resolved' && { message: 'Index rebuilt' }),
            })
          ).status,
        ).toBe(200);
      }

      const res = await page();
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=30');
      expect(res.headers['content-security-policy']).toContain(
        "default-src 'none'",
      );
      const html: string = res.text;
      // Components and states: P1 → major outage, P3 → degraded, nothing → operational.
      expect(html).toContain(
        '<li><span>Card payments</span><span class="state-major_outage">Major outage</span></li>',
      );
      expect(html).toContain(
        '<li><span>Checkout</span><span class="state-degraded">Degraded performance</span></li>',
      );
      expect(html).toContain(
        '<li><span>Search</span><span class="state-operational">Operational</span></li>',
      );
      expect(html).toContain('Major outage in progress');
      // The public update, escaped; the markup it carried is text, not markup.
      expect(html).toContain(
        'Card payments fail for some customers. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
      );
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
      expect(html).toContain('Search: Resolved');
      expect(html).toContain('Search results may be incomplete');
      // Nothing internal: updates, titles, refs, people, entities off the page.
      for (const secret of [
        'Internal: acquirer',
        'Only an internal note',
        'Acquirer X',
        'Slow checkout',
        'Ledger',
        'INC-',
        'user:',
        'component:',
        'group:',
        'alice',
        `>${p1.id}<`,
      ]) {
        expect([secret, html.includes(secret)]).toEqual([secret, false]);
      }

      const feed = await page('/status-page/feed.atom');
      expect(feed.status).toBe(200);
      expect(feed.headers['content-type']).toBe(
        'application/atom+xml; charset=utf-8',
      );
      expect(XMLValidator.validate(feed.text)).toBe(true);
      const parsed = new XMLParser({ ignoreAttributes: false }).parse(
        feed.text,
      );
      const entries = [parsed.feed.entry].flat();
      expect(entries.map((e: any) => e.title)).toEqual([
        'Search: Investigating',
        'Card payments: Investigating',
      ]);
      expect(entries[1].content['#text']).toBe(
        `Card payments fail for some customers. ${HOSTILE}`,
      );
      expect(feed.text).not.toContain('Internal: acquirer');
    });

    it('lists as past an incident resolved lately that began more than 14 days ago', async () => {
      const { as, update, page } = await start();
      // Twenty days before the backend's clock: older than the 14 days a past incident shows.
      const began = new Date(Date.now() - 20 * 24 * 3600_000).toISOString();
      const res = await as('post', '/incidents').send({
        title: 'Slow search since the migration',
        severity: 'P3',
        entityRef: 'component:default/search-api',
        detectedAt: began,
      });
      expect(res.status).toBe(201);
      await update(res.body.id, 'Search is slower than usual', true);
      for (const to of ['acknowledged', 'resolved']) {
        const current = (await as('get', `/incidents/${res.body.id}`)).body;
        expect(
          (
            await as('post', `/incidents/${res.body.id}/transitions`).send({
              to,
              version: current.version,
              ...(to === 'resolved' && { message: 'Fixed' }),
            })
          ).status,
        ).toBe(200);
      }
      const html = (await page()).text;
      expect(html).toContain('Search: Resolved');
      expect(html).toContain('Search is slower than usual');
    });

    it('lists every component as operational when nothing is open', async () => {
      const { page } = await start();
      const html = (await page()).text;
      expect(html).toContain('All systems operational');
      expect(html).toContain('No incidents right now.');
      expect(html.match(/class="state-operational"/g)).toHaveLength(3);
    });
  },
);

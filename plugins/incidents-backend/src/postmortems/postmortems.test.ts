import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  declareIncident,
  startIncidentsBackend,
} from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const alice = 'user:default/alice';
const bob = 'user:default/bob';
const carol = 'user:default/carol';
const team = 'group:default/payments';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: alice },
      { type: 'hasMember', targetRef: bob },
    ],
  },
  ...['payments-api', 'checkout-web'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name },
      spec: { type: 'service', owner: team, lifecycle: 'production' },
      relations: [{ type: 'ownedBy', targetRef: team }],
    }),
  ),
];

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

describe.each(databases.eachSupportedId())(
  'postmortems API on %p',
  databaseId => {
    let knex: Knex;

    async function startBackend(extra: any[] = []) {
      knex = await databases.init(databaseId);
      return (await startIncidentsBackend({ knex, entities, extra })).server;
    }

    const as = (user = alice) => mockCredentials.user.header(user);

    const declare = (server: any, body: Record<string, unknown> = {}) =>
      declareIncident(server, as(), { severity: 'P3', ...body });

    async function resolve(server: any, id: number) {
      const res = await request(server)
        .post(`/api/incidents/incidents/${id}/transitions`)
        .set('Authorization', as())
        .send({ to: 'resolved' });
      expect(res.status).toBe(200);
      return res.body;
    }

    it('takes a postmortem from draft through review to a published Markdown document', async () => {
      const server = await startBackend();
      const incident = await declare(server);
      const base = `/api/incidents/incidents/${incident.id}`;
      await request(server)
        .post(`${base}/timeline`)
        .set('Authorization', as())
        .send({ message: 'Gateway looks slow' });
      await request(server)
        .post(`${base}/timeline`)
        .set('Authorization', as())
        .send({ message: 'Rolled back release 42', pinned: true });
      await resolve(server, incident.id);

      // P3 does not require one, so nothing exists until someone starts it.
      const none = await request(server)
        .get(`${base}/postmortem`)
        .set('Authorization', as());
      expect(none.status).toBe(404);

      const created = await request(server)
        .post(`${base}/postmortem`)
        .set('Authorization', as());
      expect(created.status).toBe(201);
      const pm = created.body;
      expect(pm).toMatchObject({
        incidentId: incident.id,
        status: 'draft',
        version: 1,
        createdBy: alice,
        sections: expect.objectContaining({ summary: '', rootCause: '' }),
        reviewers: [],
      });
      // In time order (declared, the two notes, the resolution), pinned ones flagged.
      expect(
        pm.timeline.map((e: any) => [e.type, e.pinned, e.message]),
      ).toEqual([
        ['declared', true, expect.stringMatching(/^Declared P3 on /)],
        ['note', false, 'Gateway looks slow'],
        ['note', true, 'Rolled back release 42'],
        ['status_changed', true, expect.any(String)],
      ]);
      const times = pm.timeline.map((e: any) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));

      const again = await request(server)
        .post(`${base}/postmortem`)
        .set('Authorization', as());
      expect(again.status).toBe(409);

      const path = `/api/incidents/postmortems/${pm.id}`;
      const edited = await request(server)
        .patch(path)
        .set('Authorization', as())
        .send({
          sections: {
            summary: 'Card payments failed for an hour.',
            rootCause: 'An expired certificate.',
          },
          fiveWhys: [{ question: 'Why did it fail?', answer: 'Cert expired' }],
          version: 1,
        });
      expect(edited.status).toBe(200);
      expect(edited.body.version).toBe(2);
      expect(edited.body.sections.summary).toBe(
        'Card payments failed for an hour.',
      );

      const stale = await request(server)
        .patch(path)
        .set('Authorization', as())
        .send({ sections: { impact: 'lost' }, version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain('has changed');

      const noReviewer = await request(server)
        .post(`${path}/transitions`)
        .set('Authorization', as())
        .send({ to: 'in_review', version: 2 });
      expect(noReviewer.status).toBe(409);
      expect(noReviewer.body.error.message).toBe(
        'Add at least one reviewer before sending the postmortem to review',
      );

      const skipped = await request(server)
        .post(`${path}/transitions`)
        .set('Authorization', as())
        .send({ to: 'published' });
      expect(skipped.status).toBe(409);

      for (const userRef of ['bob', carol]) {
        const added = await request(server)
          .put(`${path}/reviewers`)
          .set('Authorization', as())
          .send({ userRef });
        expect(added.status).toBe(200);
      }
      const removed = await request(server)
        .delete(`${path}/reviewers`)
        .query({ userRef: carol })
        .set('Authorization', as());
      expect(removed.body.reviewers).toEqual([{ userRef: bob }]);

      const inReview = await request(server)
        .post(`${path}/transitions`)
        .set('Authorization', as())
        .send({ to: 'in_review' });
      expect(inReview.status).toBe(200);
      expect(inReview.body.status).toBe('in_review');

      const early = await request(server)
        .post(`${path}/transitions`)
        .set('Authorization', as())
        .send({ to: 'published' });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toContain(bob);

      const notReviewer = await request(server)
        .post(`${path}/approvals`)
        .set('Authorization', as(alice));
      expect(notReviewer.status).toBe(403);

      const approved = await request(server)
        .post(`${path}/approvals`)
        .set('Authorization', as(bob));
      expect(approved.status).toBe(200);
      expect(approved.body.reviewers[0].approvedAt).toBeDefined();

      const published = await request(server)
        .post(`${path}/transitions`)
        .set('Authorization', as())
        .send({ to: 'published' });
      expect(published.status).toBe(200);
      expect(published.body.status).toBe('published');
      expect(published.body.publishedAt).toBeDefined();

      const frozen = await request(server)
        .patch(path)
        .set('Authorization', as())
        .send({ sections: { summary: 'rewritten' } });
      expect(frozen.status).toBe(409);

      const markdown = await request(server)
        .get(`${path}/markdown`)
        .set('Authorization', as());
      expect(markdown.status).toBe(200);
      expect(markdown.headers['content-type']).toMatch(/^text\/markdown/);
      const text: string = markdown.text;
      expect(text).toContain(`# Postmortem: INC-${incident.id}`);
      expect(text).toContain('## Summary\n\nCard payments failed for an hour.');
      expect(text).toContain('## Root cause\n\nAn expired certificate.');
      expect(text).toContain('1. **Why did it fail?** Cert expired');
      expect(text.indexOf('Rolled back release 42')).toBeGreaterThan(
        text.indexOf('## Timeline'),
      );
      // In time order there too: the earlier note first
      expect(text.indexOf('Gateway looks slow')).toBeLessThan(
        text.indexOf('Rolled back release 42'),
      );

      const listed = await request(server)
        .get('/api/incidents/postmortems')
        .query({ status: 'published', ownerRef: team })
        .set('Authorization', as());
      expect(listed.body.items.map((p: any) => p.id)).toEqual([pm.id]);
    });

    it('starts the postmortem when an incident that requires one resolves', async () => {
      const server = await startBackend();
      const p1 = await declare(server, { severity: 'P1' });
      const p3 = await declare(server, { severity: 'P3', title: 'Slow' });
      const resolved = await resolve(server, p1.id);
      await resolve(server, p3.id);

      const pm = await request(server)
        .get(`/api/incidents/incidents/${p1.ref}/postmortem`)
        .set('Authorization', as());
      expect(pm.status).toBe(200);
      expect(pm.body).toMatchObject({
        status: 'draft',
        createdBy: 'plugin:incidents',
      });
      // P1's postmortemDueWithin is P5D, counted from the resolution.
      expect(Date.parse(pm.body.dueAt)).toBe(
        Date.parse(resolved.resolvedAt) + 5 * 24 * 3600_000,
      );
      const none = await request(server)
        .get(`/api/incidents/incidents/${p3.id}/postmortem`)
        .set('Authorization', as());
      expect(none.status).toBe(404);

      const overdue = await request(server)
        .get('/api/incidents/postmortems')
        .query({ overdue: 'true' })
        .set('Authorization', as());
      expect(overdue.body.items).toEqual([]);
    });

    it('lists the postmortems of given incidents in one request', async () => {
      const server = await startBackend();
      const p1 = await declare(server, { severity: 'P1' });
      const p2 = await declare(server, { severity: 'P2', title: 'Refunds' });
      const p3 = await declare(server, { severity: 'P3', title: 'Slow' });
      for (const incident of [p1, p2, p3]) await resolve(server, incident.id);

      const list = (incidentIds: string[]) =>
        request(server)
          .get('/api/incidents/postmortems')
          .query({ incidentId: incidentIds })
          .set('Authorization', as());
      // p3 (P3) has none: it is left out, not an error
      const some = await list([String(p1.id), p3.ref]);
      expect(some.status).toBe(200);
      expect(some.body.items.map((pm: any) => pm.incidentId)).toEqual([p1.id]);
      const both = await list([p1.ref, String(p2.id), String(p3.id)]);
      expect(both.body.items.map((pm: any) => pm.incidentId).sort()).toEqual(
        [p1.id, p2.id].sort(),
      );

      const bad = await list(['INC-x']);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/INC-x/);
      const huge = await list(['99999999999']);
      expect(huge.status).toBe(400);
    });

    it('suggests earlier incidents on the same entity or with the same alert', async () => {
      const server = await startBackend();
      const day = (n: number) =>
        new Date(Date.now() - n * 24 * 3600_000).toISOString();
      const a = await declare(server, { title: 'A', detectedAt: day(4) });
      const b = await declare(server, {
        title: 'B',
        entityRef: 'component:checkout-web',
        detectedAt: day(3),
      });
      await declare(server, { title: 'D', detectedAt: day(2) });
      const c = await declare(server, {
        title: 'C',
        entityRef: 'component:checkout-web',
        detectedAt: day(1),
      });
      const later = await declare(server, {
        title: 'later',
        entityRef: 'component:checkout-web',
      });
      const alert = (incidentId: number, dedupKey: string) => ({
        source: 'generic',
        dedup_key: dedupKey,
        route_key: '',
        name: 'HighErrorRate',
        status: 'resolved',
        labels: '{}',
        annotations: '{}',
        first_seen_at: day(5),
        last_seen_at: day(5),
        resolved_at: day(5),
        incident_id: incidentId,
      });
      await knex('alerts').insert([alert(a.id, 'a'), alert(c.id, 'c')]);

      const pm = await request(server)
        .post(`/api/incidents/incidents/${c.id}/postmortem`)
        .set('Authorization', as());
      const res = await request(server)
        .get(`/api/incidents/postmortems/${pm.body.id}/recurrence`)
        .set('Authorization', as());
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: any) => i.id)).toEqual([b.id, a.id]);
      expect(later.id).toBeGreaterThan(c.id);
    });

    it('ranks the most alike earlier incidents first: entity and alert, then title', async () => {
      const server = await startBackend();
      const day = (n: number) =>
        new Date(Date.now() - n * 24 * 3600_000).toISOString();
      // Oldest: the same problem (entity, alert and title)
      const same = await declare(server, {
        title: 'Card processor refusing authorisations',
        detectedAt: day(6),
      });
      // Same entity and alert, another title
      const sameAlert = await declare(server, {
        title: 'Payments API pods crash-looping',
        detectedAt: day(5),
      });
      // Newer, same entity only, a like title
      const likeTitle = await declare(server, {
        title: 'Card processor refusing requests',
        detectedAt: day(4),
      });
      // Newest, same entity only
      const other = await declare(server, {
        title: 'Ledger backlog',
        detectedAt: day(3),
      });
      const now = await declare(server, {
        title: 'Card processor refusing authorisations',
        detectedAt: day(1),
      });
      const alert = (incidentId: number, dedupKey: string) => ({
        source: 'generic',
        dedup_key: dedupKey,
        route_key: '',
        name: 'CardProcessorDown',
        status: 'resolved',
        labels: '{}',
        annotations: '{}',
        first_seen_at: day(7),
        last_seen_at: day(7),
        resolved_at: day(7),
        incident_id: incidentId,
      });
      await knex('alerts').insert([
        alert(same.id, 's'),
        alert(sameAlert.id, 'a'),
        alert(now.id, 'n'),
      ]);

      const pm = await request(server)
        .post(`/api/incidents/incidents/${now.id}/postmortem`)
        .set('Authorization', as());
      const res = await request(server)
        .get(`/api/incidents/postmortems/${pm.body.id}/recurrence`)
        .set('Authorization', as());
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: any) => i.id)).toEqual([
        same.id,
        sameAlert.id,
        likeTitle.id,
        other.id,
      ]);
    });

    it('lists action items by owner, team, entity, status, priority and overdue, page by page', async () => {
      const server = await startBackend();
      const onApi = await declare(server);
      const onWeb = await declare(server, {
        entityRef: 'component:checkout-web',
      });
      const pm = (
        await request(server)
          .post(`/api/incidents/incidents/${onApi.id}/postmortem`)
          .set('Authorization', as())
      ).body;
      const past = new Date(Date.now() - 3600_000).toISOString();
      const future = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
      const create = async (body: Record<string, unknown>) => {
        const res = await request(server)
          .post('/api/incidents/action-items')
          .set('Authorization', as())
          .send(body);
        expect(res.status).toBe(201);
        return res.body;
      };
      const i1 = await create({
        incidentId: onApi.ref,
        postmortemId: pm.id,
        title: 'Renew certificates automatically',
        ownerRef: 'alice',
        priority: 'P1',
        dueAt: past,
        ticketUrl: 'https://jira.example.com/browse/PAY-1',
      });
      expect(i1).toMatchObject({
        ownerRef: alice,
        status: 'open',
        postmortemId: pm.id,
        incidentId: onApi.id,
        ticketUrl: 'https://jira.example.com/browse/PAY-1',
      });
      const i2 = await create({
        incidentId: String(onApi.id),
        title: 'Alert on certificate expiry',
        ownerRef: team,
        priority: 'P2',
        dueAt: future,
      });
      const i3 = await create({
        incidentId: String(onWeb.id),
        title: 'Document the rollback',
        ownerRef: 'user:bob',
        dueAt: past,
      });
      expect(i3.priority).toBe('P3');
      const i4 = await create({
        incidentId: String(onWeb.id),
        title: 'Chaos test the gateway',
        ownerRef: team,
        priority: 'P2',
        dueAt: past,
      });
      const done = await request(server)
        .patch(`/api/incidents/action-items/${i4.id}`)
        .set('Authorization', as())
        .send({ status: 'done' });
      expect(done.status).toBe(200);
      expect(done.body.completedAt).toBeDefined();
      const progressing = await request(server)
        .patch(`/api/incidents/action-items/${i3.id}`)
        .set('Authorization', as())
        .send({ status: 'in_progress', ticketUrl: null });
      expect(progressing.body.status).toBe('in_progress');

      const ids = async (query: Record<string, unknown>) => {
        const res = await request(server)
          .get('/api/incidents/action-items')
          .query(query)
          .set('Authorization', as());
        expect(res.status).toBe(200);
        return res.body.items.map((i: any) => i.id);
      };
      expect(await ids({})).toEqual([i4.id, i3.id, i2.id, i1.id]);
      expect(await ids({ ownerRef: 'user:default/alice' })).toEqual([i1.id]);
      expect(await ids({ ownerRef: [alice, bob] })).toEqual([i3.id, i1.id]);
      expect(await ids({ ownerRef: team })).toEqual([i4.id, i2.id]);
      expect(
        await ids({ entityRef: 'component:default/checkout-web' }),
      ).toEqual([i4.id, i3.id]);
      expect(await ids({ status: ['open', 'in_progress'] })).toEqual([
        i3.id,
        i2.id,
        i1.id,
      ]);
      expect(await ids({ priority: 'P2' })).toEqual([i4.id, i2.id]);
      expect(await ids({ overdue: 'true' })).toEqual([i3.id, i1.id]);
      // Done though past due, or not yet due
      expect(await ids({ overdue: 'false' })).toEqual([i4.id, i2.id]);
      expect(await ids({ incidentId: onApi.ref })).toEqual([i2.id, i1.id]);
      expect(await ids({ postmortemId: String(pm.id) })).toEqual([i1.id]);
      expect(
        await ids({
          ownerRef: [alice, team],
          entityRef: 'component:payments-api',
          status: 'open',
          priority: ['P1', 'P2'],
        }),
      ).toEqual([i2.id, i1.id]);
      expect(
        await ids({ overdue: 'true', ownerRef: [alice, bob], priority: 'P3' }),
      ).toEqual([i3.id]);

      const seen: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await request(server)
          .get('/api/incidents/action-items')
          .query({ limit: '1', status: ['open', 'in_progress'], cursor })
          .set('Authorization', as());
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((i: any) => i.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual([i3.id, i2.id, i1.id]);

      // An item without a due date is never overdue
      const undated = await create({
        incidentId: String(onWeb.id),
        title: 'Write the migration guide',
        ownerRef: team,
      });
      expect(await ids({ overdue: 'false' })).toEqual([
        undated.id,
        i4.id,
        i2.id,
      ]);
      expect(await ids({ overdue: 'true' })).toEqual([i3.id, i1.id]);
    });

    it('refuses bad action item input with 400', async () => {
      const server = await startBackend();
      const incident = await declare(server);
      const base = {
        incidentId: String(incident.id),
        title: 'Fix it',
        ownerRef: team,
      };
      const post = (body: Record<string, unknown>) =>
        request(server)
          .post('/api/incidents/action-items')
          .set('Authorization', as())
          .send({ ...base, ...body });

      const ftp = await post({ ticketUrl: 'ftp://tickets.example.com/1' });
      expect(ftp.status).toBe(400);
      expect(ftp.body.error.message).toBe('ticketUrl must be an http(s) URL');
      expect(
        (await post({ ticketUrl: `${'javascript'}:alert(1)` })).status,
      ).toBe(400);
      expect((await post({ ticketUrl: 'not a url' })).status).toBe(400);

      const component = await post({ ownerRef: 'component:payments-api' });
      expect(component.status).toBe(400);
      expect(component.body.error.message).toContain('must be a user or group');
      expect((await post({ ownerRef: 'user:' })).status).toBe(400);
      expect((await post({ priority: 'urgent' })).status).toBe(400);
      expect((await post({ unknown: true })).status).toBe(400);
      expect((await post({ dueAt: 'tomorrow' })).status).toBe(400);

      const item = await post({});
      expect(item.status).toBe(201);
      const badStatus = await request(server)
        .patch(`/api/incidents/action-items/${item.body.id}`)
        .set('Authorization', as())
        .send({ status: 'closed' });
      expect(badStatus.status).toBe(400);
      const badFilter = await request(server)
        .get('/api/incidents/action-items')
        .query({ status: 'closed' })
        .set('Authorization', as());
      expect(badFilter.status).toBe(400);
      const missing = await request(server)
        .patch('/api/incidents/action-items/9999')
        .set('Authorization', as())
        .send({ status: 'done' });
      expect(missing.status).toBe(404);

      const badSection = await request(server)
        .post(`/api/incidents/incidents/${incident.id}/postmortem`)
        .set('Authorization', as());
      const patch = await request(server)
        .patch(`/api/incidents/postmortems/${badSection.body.id}`)
        .set('Authorization', as())
        .send({ sections: { nonsense: 'x' } });
      expect(patch.status).toBe(400);
      const transition = await request(server)
        .post(`/api/incidents/postmortems/${badSection.body.id}/transitions`)
        .set('Authorization', as())
        .send({ to: 'archived' });
      expect(transition.status).toBe(400);
    });

    it('answers 403 when the permission policy denies', async () => {
      const server = await startBackend([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      const get = await request(server)
        .get('/api/incidents/incidents/1/postmortem')
        .set('Authorization', as());
      expect(get.status).toBe(403);
      const create = await request(server)
        .post('/api/incidents/incidents/1/postmortem')
        .set('Authorization', as());
      expect(create.status).toBe(403);
      expect(create.body.error.message).toBe(
        'Not allowed: incidents.incident.update',
      );
      const list = await request(server)
        .get('/api/incidents/action-items')
        .set('Authorization', as());
      expect(list.status).toBe(403);
      const postmortems = await request(server)
        .get('/api/incidents/postmortems')
        .set('Authorization', as());
      expect(postmortems.status).toBe(403);
      const item = await request(server)
        .post('/api/incidents/action-items')
        .set('Authorization', as())
        .send({ incidentId: '1', title: 'x', ownerRef: team });
      expect(item.status).toBe(403);
    });
  },
);

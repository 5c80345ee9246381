import { mockServices } from '@backstage/backend-test-utils';
import { parseSeverityPolicy } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { DatabasePostmortemStore } from './DatabasePostmortemStore';
import { PostmortemService } from './PostmortemService';
import { PostmortemStore } from './PostmortemStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const T = new Date('2026-03-02T10:00:00.000Z');
const AUTHOR = 'user:default/erin';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';

/**
 * The store `service` uses, with one hook: right after the service's next read of the
 * postmortem, `interleave` runs (another writer's whole change), so the service then
 * writes from a stale read, deterministically.
 */
function interleavingStore(real: PostmortemStore) {
  let pending: (() => Promise<unknown>) | undefined;
  const store: PostmortemStore = Object.create(real);
  store.getPostmortem = async id => {
    const read = await real.getPostmortem(id);
    const action = pending;
    pending = undefined;
    await action?.();
    return read;
  };
  return {
    store,
    afterNextRead(action: () => Promise<unknown>) {
      pending = action;
    },
  };
}

describe.each(databases.eachSupportedId())(
  'PostmortemService review races on %s',
  databaseId => {
    let knex: Knex;

    async function setup() {
      knex = await databases.init(databaseId);
      await migrateDatabase(mockServices.database({ knex }));
      const clock = () => T;
      const incidents = DatabaseIncidentStore.fromKnex(knex, { clock });
      const realStore = DatabasePostmortemStore.fromKnex(knex, { clock });
      const severities = parseSeverityPolicy(undefined);
      const other = new PostmortemService({
        store: realStore,
        incidents,
        severities,
        clock,
      });
      const interleaving = interleavingStore(realStore);
      const service = new PostmortemService({
        store: interleaving.store,
        incidents,
        severities,
        clock,
      });
      const incident = await incidents.createIncident({
        title: 'Checkout down',
        description: '',
        status: 'resolved',
        severity: 'P2',
        entityRef: 'component:default/checkout',
        affectedEntityRefs: [],
        source: 'manual',
        impact: {},
        links: [],
        createdBy: AUTHOR,
        detectedAt: new Date(T.getTime() - 3_600_000),
      });
      const postmortem = await other.create(incident.id, AUTHOR);
      await other.addReviewer(postmortem.id, BOB);
      await other.transition(postmortem.id, 'in_review');
      return { service, other, interleaving, id: postmortem.id };
    }

    it('refuses an approval that lands after the move back to draft (409)', async () => {
      const { service, other, interleaving, id } = await setup();
      // Bob's approval has read "in review"; the author pulls it back to draft first.
      interleaving.afterNextRead(() => other.transition(id, 'draft'));

      await expect(service.approve(id, BOB)).rejects.toMatchObject({
        name: 'ConflictError',
      });
      const after = await other.get(id);
      expect(after.status).toBe('draft');
      expect(
        after.reviewers.map(r => ({ userRef: r.userRef, at: r.approvedAt })),
      ).toEqual([{ userRef: BOB, at: undefined }]);
    });

    it('refuses a publish computed before a reviewer was added (409)', async () => {
      const { service, other, interleaving, id } = await setup();
      await other.approve(id, BOB);
      // The publish has read "everyone approved"; Carol joins as reviewer first.
      interleaving.afterNextRead(() => other.addReviewer(id, CAROL));

      await expect(service.transition(id, 'published')).rejects.toMatchObject({
        name: 'ConflictError',
      });
      const after = await other.get(id);
      expect(after.status).toBe('in_review');
      expect(after.publishedAt).toBeUndefined();
      expect(after.reviewers.map(r => r.userRef).sort()).toEqual([BOB, CAROL]);
    });

    it('bumps the version when reviewers change, so pinned writes see it', async () => {
      const { other, id } = await setup();
      const before = await other.get(id);
      const added = await other.addReviewer(id, CAROL);
      expect(added.version).toBe(before.version + 1);
      const removed = await other.removeReviewer(id, CAROL);
      expect(removed.version).toBe(before.version + 2);
      // Removing somebody who is not a reviewer changes nothing, the version included.
      await expect(other.removeReviewer(id, CAROL)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      expect((await other.get(id)).version).toBe(before.version + 2);
      await expect(
        other.transition(id, 'draft', before.version),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    });

    it('refuses a publish after the approvals were cleared by a round trip through draft (409)', async () => {
      const { service, other, interleaving, id } = await setup();
      await other.approve(id, BOB);
      interleaving.afterNextRead(async () => {
        await other.transition(id, 'draft');
        await other.transition(id, 'in_review');
      });

      await expect(service.transition(id, 'published')).rejects.toMatchObject({
        name: 'ConflictError',
      });
      expect((await other.get(id)).status).toBe('in_review');
      // In order, the same publish goes through once Bob approves again.
      await other.approve(id, BOB);
      expect((await other.transition(id, 'published')).status).toBe(
        'published',
      );
      await expect(other.addReviewer(id, CAROL)).rejects.toMatchObject({
        name: 'ConflictError',
      });
    });
  },
);

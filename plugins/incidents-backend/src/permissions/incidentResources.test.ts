import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import {
  declareIncident,
  startIncidentsBackend,
} from '../__testUtils__/startIncidentsBackend';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';

const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';

const entities: Entity[] = [
  ['payments-api', PAYMENTS],
  ['search-api', SEARCH],
].map(
  ([name, owner]): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  }),
);

// How the permission backend evaluates a conditional decision per resource (as search
// does for each incident result): the plugin loads the resources and applies the rule.
describe('conditional decisions on incident resources', () => {
  const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('decide each ref on its own incident; unknown and malformed refs are denied', async () => {
      const { server } = await startIncidentsBackend({
        knex: await databases.init(databaseId),
        entities,
      });
      const user = mockCredentials.user.header('user:default/alice');
      const theirs = await declareIncident(server, user, {
        entityRef: 'component:default/search-api',
      });
      const ours = await declareIncident(server, user, {
        entityRef: 'component:default/payments-api',
      });
      expect([theirs.ownerRef, ours.ownerRef]).toEqual([SEARCH, PAYMENTS]);

      const refs = [
        '999999', // no such incident
        'INC-x', // not an id
        '99999999999', // beyond int4
        String(theirs.id),
        String(ours.id),
        String(ours.id), // asked twice
      ];
      const res = await request(server)
        .post(
          '/api/incidents/.well-known/backstage/permissions/apply-conditions',
        )
        .set('Authorization', mockCredentials.service.header())
        .send({
          items: [
            {
              id: 'search-results',
              resourceType: 'incident',
              resourceRef: refs,
              conditions: {
                rule: 'IS_INCIDENT_OWNER',
                resourceType: 'incident',
                params: { ownerRefs: [PAYMENTS] },
              },
            },
          ],
        });

      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        {
          id: 'search-results',
          result: ['DENY', 'DENY', 'DENY', 'DENY', 'ALLOW', 'ALLOW'],
        },
      ]);
    });
  });
});

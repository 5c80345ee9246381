import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { incidentsPlugin } from './plugin';

describe('incidentsPlugin', () => {
  it('serves the default severity policy to signed-in users', async () => {
    const { server } = await startTestBackend({ features: [incidentsPlugin] });
    const res = await request(server)
      .get('/api/incidents/severities')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
    ]);
  });

  it('refuses calls without credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        incidentsPlugin,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const res = await request(server).get('/api/incidents/severities');
    expect(res.status).toBe(401);
  });

  it('fails startup with the bad key named when the policy is invalid', async () => {
    await expect(
      startTestBackend({
        features: [
          incidentsPlugin,
          mockServices.rootConfig.factory({
            data: {
              incidents: {
                severities: [{ id: 'P1', label: 'x', resolveWithin: 'soon' }],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow('incidents.severities[0].resolveWithin');
  });
});

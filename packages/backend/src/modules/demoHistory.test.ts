import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import incidentsPlugin from '@firebreak/plugin-incidents-backend';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import demoData from './demoData';
import {
  DEMO_SERVICES,
  OPEN_INCIDENTS,
  UNROUTED_ALERTS,
} from './demoScenarios';

// The whole history, seeded through the real incidents plugin, read back through its API.
// The example catalog, as the in-memory catalog takes it.
const entities: NonNullable<
  Parameters<typeof catalogServiceMock.factory>[0]
>['entities'] = ['entities.yaml', 'org.yaml'].flatMap(file =>
  parseAllDocuments(
    readFileSync(resolve(__dirname, '../../../../examples', file), 'utf8'),
  )
    .map(doc => doc.toJS())
    .filter(Boolean),
);

const scenarioOf = (incident: { entityRef: string; title: string }) =>
  DEMO_SERVICES.find(s => s.entityRef === incident.entityRef)?.scenarios.find(
    s => s.title === incident.title,
  );

type Incident = {
  id: number;
  ref: string;
  title: string;
  severity: string;
  status: string;
  entityRef: string;
  detectedAt: string;
};

describe('the demo history', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let incidents: Incident[] = [];
  const get = async (path: string) => {
    const res = await request(server)
      .get(`/api/incidents${path}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const listAll = async (path: string) => {
    const items = [];
    let cursor: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await get(
        `${path}${sep}limit=200${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const total = 320 + OPEN_INCIDENTS.length;

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        incidentsPlugin,
        demoData,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            firebreakDemo: { enabled: true },
          },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    }));
    // Seeding runs in the background after startup; the open incidents come last.
    const last = OPEN_INCIDENTS[OPEN_INCIDENTS.length - 1];
    for (;;) {
      incidents = await listAll('/incidents');
      const lastOpen = incidents.find(
        i => i.status === last.status && scenarioOf(i)?.id === last.scenarioId,
      );
      if (incidents.length >= total && lastOpen) break;
      await new Promise(r => setTimeout(r, 1000));
    }
  });

  it('gives every incident a title of its entity and a severity that fits it', () => {
    expect(incidents).toHaveLength(total);
    for (const incident of incidents) {
      const scenario = scenarioOf(incident);
      expect({ incident, scenario: !!scenario }).toEqual({
        incident,
        scenario: true,
      });
      expect(Object.keys(scenario!.severities)).toContain(incident.severity);
    }
    // Every severity occurs, the mild ones more often than the outages.
    const count = (s: string) => incidents.filter(i => i.severity === s).length;
    expect(count('P1')).toBeGreaterThan(0);
    expect(count('P1')).toBeLessThan(count('P3'));
    expect(count('P5')).toBeGreaterThan(0);
  });

  it('sends alerts with their own summaries, in and outside the entity’s table', async () => {
    const alerts = await listAll('/alerts');
    const routed = alerts.filter(a => a.incidentId !== undefined);
    expect(routed.length).toBeGreaterThan(100);
    const byId = new Map(incidents.map(i => [i.id, i]));
    for (const alert of routed) {
      const scenario = scenarioOf(byId.get(alert.incidentId)!)!;
      expect([alert.name, alert.summary]).toEqual([
        scenario.alert!.name,
        scenario.alert!.summary,
      ]);
    }
    expect(routed.map(a => a.name)).toContain('PodCrashLooping');
    const unrouted = await listAll('/alerts?unrouted=true');
    // A job failing again repeats its open alert, which then says what the latest run did.
    const latest = new Map(UNROUTED_ALERTS.map(a => [a.name, a.summary]));
    expect(Object.fromEntries(unrouted.map(a => [a.name, a.summary]))).toEqual(
      Object.fromEntries(latest),
    );
  });

  it('has recurring problems: a postmortem’s similar earlier incidents include the same trouble', async () => {
    const postmortems = await listAll('/postmortems');
    expect(postmortems.length).toBeGreaterThan(10);
    const byId = new Map(incidents.map(i => [i.id, i]));
    let recurring = 0;
    const unnamed: string[] = [];
    for (const postmortem of postmortems) {
      const incident = byId.get(postmortem.incidentId)!;
      const { items } = await get(`/postmortems/${postmortem.id}/recurrence`);
      const same = (items as Incident[]).filter(
        i => i.title === incident.title && i.entityRef === incident.entityRef,
      );
      if (same.length) recurring++;
      // The section names the newest of the same earlier incidents the card lists.
      unnamed.push(
        ...same
          .slice(0, 3)
          .filter(i => !postmortem.sections.recurrence.includes(i.ref))
          .map(i => `${incident.ref}: ${i.ref}`),
      );
      // Its own imported timeline reads in time order.
      const times = postmortem.timeline.map((e: { at: string }) => e.at);
      expect(times).toEqual([...times].sort());
      expect(postmortem.sections.rootCause).toBe(
        scenarioOf(incident)!.postmortem!.rootCause,
      );
    }
    expect(unnamed).toEqual([]);
    expect(recurring).toBeGreaterThan(postmortems.length / 3);
  });

  it('leaves varied action items: owners, priorities, some done, some overdue', async () => {
    const items = await listAll('/action-items');
    const now = Date.now();
    expect(new Set(items.map(i => i.title)).size).toBeGreaterThan(20);
    expect(new Set(items.map(i => i.ownerRef)).size).toBeGreaterThan(5);
    expect(new Set(items.map(i => i.priority))).toEqual(
      new Set(['P1', 'P2', 'P3']),
    );
    expect(items.some(i => i.status === 'done')).toBe(true);
    expect(
      items.some(i => i.status !== 'done' && Date.parse(i.dueAt) < now),
    ).toBe(true);
    expect(items.some(i => i.ticketUrl)).toBe(true);
  });
});

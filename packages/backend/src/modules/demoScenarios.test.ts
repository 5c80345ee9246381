import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { DEMO_SERVICES, OPEN_INCIDENTS } from './demoScenarios';

type ExampleEntity = {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { owner?: string; memberOf?: string[] };
};

const examples = (file: string): ExampleEntity[] =>
  parseAllDocuments(
    readFileSync(resolve(__dirname, '../../../../examples', file), 'utf8'),
  )
    .map(doc => doc.toJS())
    .filter(Boolean);

const entities = examples('entities.yaml');
const people = examples('org.yaml').filter(e => e.kind === 'User');

const refOf = (e: ExampleEntity) =>
  `${e.kind.toLowerCase()}:default/${e.metadata.name}`;

/** The entity's `firebreak.dev/alerts` table: alert name -> description. */
function alertTable(entityRef: string): Map<string, string> {
  const entity = entities.find(e => refOf(e) === entityRef);
  const rows: Array<{ alert: string; description?: string }> =
    parse(entity?.metadata.annotations?.['firebreak.dev/alerts'] ?? '[]') ?? [];
  return new Map(rows.map(row => [row.alert, row.description ?? '']));
}

const scenarios = DEMO_SERVICES.flatMap(service =>
  service.scenarios.map(scenario => ({ service, scenario })),
);
const major = (severities: object) =>
  Object.keys(severities).some(s => s === 'P1' || s === 'P2');

describe('the demo scenarios', () => {
  it.each(DEMO_SERVICES.map(s => [s.entityRef, s]))(
    '%s is an example entity, answered for by members of its owner',
    (entityRef, service) => {
      const entity = entities.find(e => refOf(e) === entityRef);
      expect(entity).toBeDefined();
      expect(
        `group:default/${entity!.spec!.owner!.replace(/^group:/, '')}`,
      ).toBe(service.ownerRef);
      const owner = service.ownerRef.split('/')[1];
      for (const name of service.team) {
        const person = people.find(p => p.metadata.name === name);
        expect(person?.spec?.memberOf).toContain(owner);
      }
    },
  );

  it.each(scenarios.map(s => [s.scenario.id, s]))(
    '%s: an alert of the entity’s table says what its row describes, in its own words',
    (_id, { service, scenario }) => {
      if (!scenario.alert) return;
      const { name, summary } = scenario.alert;
      expect(summary).not.toBe(scenario.title);
      const description = alertTable(service.entityRef).get(name);
      // Alerts outside the table are fine (PodCrashLooping, ...); the ones in it state
      // the row's thresholds, so the alert list and the runbook table agree.
      for (const threshold of description?.match(/\d+/g) ?? []) {
        expect(summary).toContain(threshold);
      }
      // No other row's description stands in for this alert's summary.
      const others = [...alertTable(service.entityRef)]
        .filter(([other]) => other !== name)
        .map(([, text]) => text);
      expect(others).not.toContain(summary);
    },
  );

  it('fires alerts outside the tables too', () => {
    const outside = scenarios.filter(
      ({ service, scenario }) =>
        scenario.alert &&
        !alertTable(service.entityRef).has(scenario.alert.name),
    );
    expect(outside.map(s => s.scenario.alert!.name)).toEqual(
      expect.arrayContaining(['PodCrashLooping', 'RedisEvictionsHigh']),
    );
  });

  it.each(scenarios.map(s => [s.scenario.id, s]))(
    '%s: a scenario that can be P1/P2 has its own postmortem and follow-ups',
    (_id, { scenario }) => {
      const severities = Object.keys(scenario.severities);
      expect(severities.length).toBeGreaterThan(0);
      for (const s of severities)
        expect(['P1', 'P2', 'P3', 'P4', 'P5']).toContain(s);
      if (!major(scenario.severities)) return;
      const postmortem = scenario.postmortem!;
      expect(postmortem).toBeDefined();
      expect(postmortem.fiveWhys.length).toBeGreaterThanOrEqual(3);
      expect(postmortem.rootCause.length).toBeGreaterThan(30);
      expect(scenario.actionItems.length).toBeGreaterThanOrEqual(2);
    },
  );

  it('gives every scenario its own title, root cause and follow-ups', () => {
    const titles = scenarios.map(s => s.scenario.title);
    expect(new Set(titles).size).toBe(titles.length);
    const rootCauses = scenarios.flatMap(
      s => s.scenario.postmortem?.rootCause ?? [],
    );
    expect(new Set(rootCauses).size).toBe(rootCauses.length);
    const items = scenarios.flatMap(s =>
      s.scenario.actionItems.map(i => i.title),
    );
    expect(new Set(items).size).toBe(items.length);
  });

  it('shares the canary root cause between Payments and other teams, as search expects', () => {
    const owners = new Set(
      scenarios
        .filter(
          s =>
            major(s.scenario.severities) &&
            s.scenario.postmortem?.rootCause.startsWith(
              'Configuration changes skipped the canary stage',
            ),
        )
        .map(s => s.service.ownerRef),
    );
    expect(owners).toContain('group:default/payments');
    expect(owners.size).toBeGreaterThan(1);
  });

  it.each(OPEN_INCIDENTS.map(o => [o.scenarioId, o]))(
    'the open incident of %s has a severity that fits it',
    (id, open) => {
      const found = scenarios.find(s => s.scenario.id === id);
      expect(Object.keys(found!.scenario.severities)).toContain(open.severity);
      expect(found!.scenario.alert).toBeDefined();
    },
  );
});

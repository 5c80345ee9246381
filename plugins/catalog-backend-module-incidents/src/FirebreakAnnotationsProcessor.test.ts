import { Entity } from '@backstage/catalog-model';
import { FirebreakAnnotationsProcessor } from './FirebreakAnnotationsProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
    spec: { type: 'service', owner: 'group:payments', lifecycle: 'production' },
  };
}

async function process(annotations: Record<string, string>) {
  const emitted: any[] = [];
  const entity = entityWith(annotations);
  const result = await new FirebreakAnnotationsProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  return { result, entity, emitted };
}

describe('FirebreakAnnotationsProcessor', () => {
  it('emits nothing for valid annotations and keeps the entity', async () => {
    const { result, entity, emitted } = await process({
      'firebreak.dev/alerts':
        '- alert: HighErrorRate\n  runbook: https://wiki/x\n',
      'firebreak.dev/runbook': 'https://wiki/y',
      'firebreak.dev/alert-match': 'service=payments-api',
      'firebreak.dev/heartbeats': '- name: nightly-backup\n  interval: P1D\n',
    });
    expect(emitted).toEqual([]);
    expect(result).toBe(entity);
  });

  it('turns each problem into a processing error naming line and field', async () => {
    const { result, entity, emitted } = await process({
      'firebreak.dev/alerts':
        '- alert: HighErrorRate\n  runbok: https://wiki/x\n',
      'firebreak.dev/oncall':
        'rotation: [user:alice]\nstart: 2026-01-05T09:00:00Z\nshift: weekly\n',
      'firebreak.dev/heartbeats': '- name: nightly-backup\n  interval: daily\n',
    });
    expect(result).toBe(entity);
    expect(emitted.map(e => [e.type, e.error.name, e.error.message])).toEqual([
      [
        'error',
        'InputError',
        expect.stringMatching(
          /^firebreak\.dev\/alerts line 2 \(runbok\): unknown field 'runbok'/,
        ),
      ],
      [
        'error',
        'InputError',
        expect.stringMatching(
          /^firebreak\.dev\/oncall line 3 \(shift\): 'shift' must be/,
        ),
      ],
      [
        'error',
        'InputError',
        expect.stringMatching(
          /^firebreak\.dev\/heartbeats line 1 \(interval\): 'interval' of heartbeat 'nightly-backup' must be/,
        ),
      ],
    ]);
  });

  it('checks escalation policy levels, naming line and field', async () => {
    const valid = await process({
      'firebreak.dev/oncall': [
        'rotation: [user:alice, user:bob]',
        'start: 2026-01-05T09:00:00Z',
        'shift: P7D',
        'escalation:',
        '  - after: PT5M',
        '    notify: [secondary]',
        '  - after: PT10M',
        '    notify: [group:payments-leads]',
      ].join('\n'),
    });
    expect(valid.emitted).toEqual([]);
    const { emitted } = await process({
      'firebreak.dev/oncall': [
        'rotation: [user:alice, user:bob]',
        'start: 2026-01-05T09:00:00Z',
        'shift: P7D',
        'escalation:',
        '  - after: PT5M',
        '    notify: [secondry]',
      ].join('\n'),
    });
    expect(emitted.map(e => e.error.message)).toEqual([
      "firebreak.dev/oncall line 6 (escalation.notify): 'secondry' in level 1 of 'escalation' is not primary, secondary or a user: or group: entity ref",
    ]);
  });

  it('checks firebreak.dev/jira-project', async () => {
    const { emitted } = await process({ 'firebreak.dev/jira-project': 'pay' });
    expect(emitted.map(e => e.error.message)).toEqual([
      "firebreak.dev/jira-project (project): 'pay' is not a Jira project key (capital letters, digits and _, starting with a letter), e.g. PAY or PAY/Task",
    ]);
    expect(
      (await process({ 'firebreak.dev/jira-project': 'PAY/Task' })).emitted,
    ).toEqual([]);
  });

  it('ignores entities without Firebreak annotations', async () => {
    const { emitted } = await process({ 'backstage.io/techdocs-ref': 'dir:.' });
    expect(emitted).toEqual([]);
  });
});

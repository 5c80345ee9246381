import { InputError } from '@backstage/errors';
import { formatIssuePath, genericSource } from './generic';

function refusal(body: unknown): string {
  try {
    genericSource.parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the payload to be refused');
}

const checkoutAlert = {
  action: 'trigger',
  name: 'Checkout p99 latency above 2s',
  summary: 'p99 latency of POST /checkout is 2.4s over the last 10 minutes',
  severity: 'P2',
  dedupKey: 'checkout-latency-p99',
  labels: { service: 'checkout', region: 'eu-west-1' },
  annotations: { runbook_url: 'https://runbooks.example.com/checkout' },
  entityRef: 'component:default/checkout',
  startsAt: '2026-03-01T09:00:00+01:00',
  sourceUrl: 'https://grafana.example.com/d/checkout?viewPanel=4',
};

describe('genericSource', () => {
  it('has its id and the default answer', () => {
    expect(genericSource.id).toBe('generic');
    expect(genericSource.respond).toBeUndefined();
  });

  it('maps a batch of alerts', () => {
    expect(
      genericSource.parse({
        alerts: [
          checkoutAlert,
          {
            action: 'resolve',
            name: 'Checkout p99 latency above 2s',
            dedupKey: 'checkout-latency-p99',
            endsAt: '2026-03-01T09:20:00+01:00',
          },
          {
            action: 'acknowledge',
            name: 'Nightly export failed',
            dedupKey: 'export-2026-03-01',
          },
        ],
      }),
    ).toEqual([
      {
        action: 'trigger',
        name: 'Checkout p99 latency above 2s',
        summary:
          'p99 latency of POST /checkout is 2.4s over the last 10 minutes',
        severity: 'P2',
        dedupKey: 'checkout-latency-p99',
        labels: { service: 'checkout', region: 'eu-west-1' },
        annotations: { runbook_url: 'https://runbooks.example.com/checkout' },
        entityRef: 'component:default/checkout',
        startsAt: '2026-03-01T08:00:00.000Z',
        sourceUrl: 'https://grafana.example.com/d/checkout?viewPanel=4',
      },
      {
        action: 'resolve',
        name: 'Checkout p99 latency above 2s',
        dedupKey: 'checkout-latency-p99',
        labels: {},
        annotations: {},
        endsAt: '2026-03-01T08:20:00.000Z',
      },
      {
        action: 'acknowledge',
        name: 'Nightly export failed',
        dedupKey: 'export-2026-03-01',
        labels: {},
        annotations: {},
      },
    ]);
  });

  it('keeps endsAt on resolves only', () => {
    const [trigger] = genericSource.parse({
      ...checkoutAlert,
      endsAt: '2026-03-01T09:30:00Z',
    });
    expect(trigger).not.toHaveProperty('endsAt');
  });

  it('accepts one alert without the wrapper, triggering by default', () => {
    expect(
      genericSource.parse({
        name: 'Disk almost full',
        labels: { host: 'db-1' },
        summary: null,
        severity: '',
      }),
    ).toEqual([
      {
        action: 'trigger',
        name: 'Disk almost full',
        labels: { host: 'db-1' },
        annotations: {},
      },
    ]);
  });

  it('refuses a missing or blank name', () => {
    expect(refusal({ alerts: [checkoutAlert, { severity: 'P1' }] })).toBe(
      'Invalid generic alert payload: alerts[1].name is required',
    );
    expect(refusal({ name: '   ' })).toBe(
      'Invalid generic alert payload: name must not be empty',
    );
    expect(refusal({})).toBe('Invalid generic alert payload: name is required');
  });

  it('refuses acknowledge and resolve without a dedupKey', () => {
    expect(refusal({ action: 'resolve', name: 'Disk almost full' })).toBe(
      'Invalid generic alert payload: dedupKey is required to resolve an alert',
    );
    expect(
      refusal({
        alerts: [checkoutAlert, { action: 'acknowledge', name: 'X' }],
      }),
    ).toBe(
      'Invalid generic alert payload: alerts[1].dedupKey is required to acknowledge an alert',
    );
  });

  it('refuses wrong types, naming the field and index', () => {
    expect(refusal({ ...checkoutAlert, action: 'fire' })).toBe(
      'Invalid generic alert payload: action must be one of trigger, acknowledge, resolve',
    );
    expect(
      refusal({
        alerts: [
          checkoutAlert,
          checkoutAlert,
          { ...checkoutAlert, labels: { service: 1 } },
        ],
      }),
    ).toBe(
      'Invalid generic alert payload: alerts[2].labels.service must be a string',
    );
    expect(refusal({ ...checkoutAlert, severity: 2 })).toBe(
      'Invalid generic alert payload: severity must be a string',
    );
    expect(refusal({ ...checkoutAlert, annotations: 'none' })).toBe(
      'Invalid generic alert payload: annotations must be an object with string values',
    );
    expect(refusal({ ...checkoutAlert, startsAt: 1740819600000 })).toBe(
      'Invalid generic alert payload: startsAt must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
    );
    expect(refusal({ ...checkoutAlert, endsAt: 'yesterday' })).toBe(
      'Invalid generic alert payload: endsAt must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
    );
    expect(
      refusal({ ...checkoutAlert, sourceUrl: 'ftp://example.com/x' }),
    ).toBe('Invalid generic alert payload: sourceUrl must be an http(s) URL');
    expect(refusal({ alerts: { name: 'X' } })).toBe(
      'Invalid generic alert payload: alerts must be an array of alerts',
    );
    expect(refusal({ alerts: [null] })).toBe(
      'Invalid generic alert payload: alerts[0] must be an alert object',
    );
    expect(refusal('name=X')).toBe(
      'Invalid generic alert payload: body must be a JSON object',
    );
  });

  it('reports several problems at once', () => {
    expect(
      refusal({
        alerts: [{ name: 5, severity: [], labels: { a: null } }],
      }),
    ).toBe(
      'Invalid generic alert payload: alerts[0].name must be a string; alerts[0].severity must be a string; alerts[0].labels.a must be a string',
    );
  });

  it('limits batch and field sizes', () => {
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `Alert ${i}` }));
    expect(genericSource.parse({ alerts: batch(1000) })).toHaveLength(1000);
    expect(refusal({ alerts: batch(1001) })).toBe(
      'Invalid generic alert payload: alerts must contain at most 1000 alerts (has 1001); send them in smaller batches',
    );
    expect(refusal({ alerts: [] })).toBe(
      'Invalid generic alert payload: alerts must contain at least one alert',
    );
    expect(
      refusal({ name: 'X', annotations: { note: 'n'.repeat(10_001) } }),
    ).toBe(
      'Invalid generic alert payload: annotations.note must be at most 10000 characters',
    );
    expect(refusal({ name: 'X', dedupKey: 'k'.repeat(256) })).toBe(
      'Invalid generic alert payload: dedupKey must be at most 255 characters',
    );
    expect(refusal({ name: 'X', severity: 's'.repeat(65) })).toBe(
      'Invalid generic alert payload: severity must be at most 64 characters',
    );
    expect(refusal({ name: 'X', entityRef: 'e'.repeat(256) })).toBe(
      'Invalid generic alert payload: entityRef must be at most 255 characters',
    );
    expect(refusal({ name: 'n'.repeat(10_001) })).toBe(
      'Invalid generic alert payload: name must be at most 10000 characters',
    );
    const longKey = 'k'.repeat(1001);
    expect(refusal({ name: 'X', labels: { [longKey]: 'v' } })).toBe(
      `Invalid generic alert payload: labels["${'k'.repeat(
        40,
      )}..."] name must be at most 1000 characters`,
    );
  });
});

describe('formatIssuePath', () => {
  it('writes paths as they would be written in JavaScript', () => {
    expect(formatIssuePath([])).toBe('body');
    expect(formatIssuePath(['alerts', 2, 'labels', 'alertname'])).toBe(
      'alerts[2].labels.alertname',
    );
    expect(formatIssuePath(['labels', 'app.kubernetes.io/name'])).toBe(
      'labels["app.kubernetes.io/name"]',
    );
    expect(formatIssuePath([0, 'name'])).toBe('[0].name');
  });
});

import { InputError } from '@backstage/errors';
import type { AlertIngestResult } from '@firebreak/plugin-incidents-node';
import { eventsV2Source } from './eventsV2';

/** The trigger example of PagerDuty's Events API v2 reference. */
function trigger(overrides: Record<string, unknown> = {}) {
  return {
    payload: {
      summary: 'DISK at 99% on machine prod-datapipe03.example.com',
      timestamp: '2015-07-17T08:42:58.315+0000',
      severity: 'critical',
      source: 'prod-datapipe03.example.com',
      component: 'mysql',
      group: 'prod-datapipe',
      class: 'disk',
      custom_details: {
        'free space': '1%',
        'ping time': '1500ms',
        'load avg': 0.75,
        mounts: ['/', '/var/lib/mysql'],
        backstage_entity: 'component:default/datapipe',
      },
    },
    routing_key: 'R015B8W4QSNJ2RW6EFA1Y9XBG2T9QK1E',
    dedup_key: 'datapipe03-disk',
    images: [
      {
        src: 'https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png',
        href: 'https://example.com/',
        alt: 'Example text',
      },
    ],
    links: [{ href: 'https://example.com/', text: 'Link text' }],
    event_action: 'trigger',
    client: 'Sample Monitoring Service',
    client_url: 'https://monitoring.example.com',
    ...overrides,
  };
}

function payload(overrides: Record<string, unknown>) {
  return { ...trigger().payload, ...overrides };
}

function refusal(body: unknown): string {
  try {
    eventsV2Source.parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the event to be refused');
}

function result(overrides: Partial<AlertIngestResult>): AlertIngestResult {
  return {
    outcome: 'opened',
    dedupKey: 'datapipe03-disk',
    alertId: 7,
    incidentId: 3,
    entityRef: 'component:default/datapipe',
    message: 'Opened alert 7 and incident 3',
    ...overrides,
  };
}

describe('eventsV2Source', () => {
  it('is served at alerts/events/v2', () => {
    expect(eventsV2Source.id).toBe('events/v2');
  });

  it('maps a trigger', () => {
    expect(eventsV2Source.parse(trigger())).toEqual([
      {
        action: 'trigger',
        dedupKey: 'datapipe03-disk',
        name: 'DISK at 99% on machine prod-datapipe03.example.com',
        summary: 'DISK at 99% on machine prod-datapipe03.example.com',
        severity: 'critical',
        labels: {
          source: 'prod-datapipe03.example.com',
          component: 'mysql',
          group: 'prod-datapipe',
          class: 'disk',
        },
        annotations: {
          'free space': '1%',
          'ping time': '1500ms',
          'load avg': '0.75',
          mounts: '["/","/var/lib/mysql"]',
          backstage_entity: 'component:default/datapipe',
        },
        startsAt: '2015-07-17T08:42:58.315Z',
        sourceUrl: 'https://monitoring.example.com',
        entityRef: 'component:default/datapipe',
        entityNames: ['mysql', 'prod-datapipe03.example.com'],
      },
    ]);
  });

  it('maps a minimal trigger without a dedup_key', () => {
    expect(
      eventsV2Source.parse({
        routing_key: 'R015B8W4QSNJ2RW6EFA1Y9XBG2T9QK1E',
        event_action: 'trigger',
        payload: {
          summary: 'Queue depth above 10k',
          source: 'orders-worker',
          severity: 'warning',
        },
      }),
    ).toEqual([
      {
        action: 'trigger',
        name: 'Queue depth above 10k',
        summary: 'Queue depth above 10k',
        severity: 'warning',
        labels: { source: 'orders-worker' },
        annotations: {},
        entityNames: ['orders-worker'],
      },
    ]);
  });

  it('takes the entity only from a string backstage_entity', () => {
    const [alert] = eventsV2Source.parse(
      trigger({
        payload: payload({
          custom_details: { backstage_entity: { kind: 'component' } },
        }),
      }),
    );
    expect(alert.entityRef).toBeUndefined();
    expect(alert.annotations).toEqual({
      backstage_entity: '{"kind":"component"}',
    });
  });

  it('keeps a custom_details string as one annotation', () => {
    const [alert] = eventsV2Source.parse(
      trigger({ payload: payload({ custom_details: 'disk /dev/sda1 full' }) }),
    );
    expect(alert.annotations).toEqual({
      custom_details: 'disk /dev/sda1 full',
    });
  });

  it.each(['acknowledge', 'resolve'] as const)(
    'maps %s with just a dedup_key',
    action => {
      expect(
        eventsV2Source.parse({
          routing_key: 'R015B8W4QSNJ2RW6EFA1Y9XBG2T9QK1E',
          dedup_key: 'datapipe03-disk',
          event_action: action,
        }),
      ).toEqual([
        {
          action,
          dedupKey: 'datapipe03-disk',
          name: 'datapipe03-disk',
          labels: {},
          annotations: {},
        },
      ]);
    },
  );

  it('keeps a payload sent with a resolve', () => {
    const [alert] = eventsV2Source.parse(trigger({ event_action: 'resolve' }));
    expect(alert).toMatchObject({
      action: 'resolve',
      dedupKey: 'datapipe03-disk',
      name: 'DISK at 99% on machine prod-datapipe03.example.com',
      severity: 'critical',
    });
  });

  it('refuses unknown or missing event actions, listing the allowed ones', () => {
    expect(refusal(trigger({ event_action: 'escalate' }))).toBe(
      'Invalid Events API v2 event: event_action must be one of trigger, acknowledge, resolve',
    );
    const { event_action: _a, ...withoutAction } = trigger();
    expect(refusal(withoutAction)).toBe(
      'Invalid Events API v2 event: event_action is required (one of trigger, acknowledge, resolve)',
    );
  });

  it('refuses a trigger without summary, source or severity', () => {
    const {
      summary: _s,
      source: _o,
      severity: _v,
      ...rest
    } = trigger().payload;
    expect(refusal(trigger({ payload: rest }))).toBe(
      'Invalid Events API v2 event: payload.summary is required; payload.source is required; payload.severity is required (one of critical, error, warning, info)',
    );
    const { payload: _p, ...withoutPayload } = trigger();
    expect(refusal(withoutPayload)).toBe(
      'Invalid Events API v2 event: payload is required',
    );
  });

  it('refuses unknown severities and wrong types', () => {
    expect(refusal(trigger({ payload: payload({ severity: 'P1' }) }))).toBe(
      'Invalid Events API v2 event: payload.severity must be one of critical, error, warning, info',
    );
    expect(refusal(trigger({ payload: payload({ summary: 42 }) }))).toBe(
      'Invalid Events API v2 event: payload.summary must be a string',
    );
    expect(refusal(trigger({ payload: payload({ component: ['a'] }) }))).toBe(
      'Invalid Events API v2 event: payload.component must be a string',
    );
    expect(refusal(trigger({ dedup_key: 12 }))).toBe(
      'Invalid Events API v2 event: dedup_key must be a string',
    );
    expect(refusal(trigger({ payload: 'disk full' }))).toBe(
      'Invalid Events API v2 event: payload must be an object',
    );
    expect(
      refusal(trigger({ payload: payload({ timestamp: 'yesterday' }) })),
    ).toBe(
      'Invalid Events API v2 event: payload.timestamp must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
    );
    expect(refusal(trigger({ links: { href: 'https://x' } }))).toBe(
      'Invalid Events API v2 event: links must be an array',
    );
    expect(
      refusal(
        trigger({ client_url: 'data:text/html,<script>alert(1)</script>' }),
      ),
    ).toBe('Invalid Events API v2 event: client_url must be an http(s) URL');
    expect(refusal([trigger()])).toBe(
      'Invalid Events API v2 event: body must be a JSON object',
    );
  });

  it.each(['acknowledge', 'resolve'])(
    'refuses %s without a dedup_key',
    action => {
      expect(refusal({ event_action: action })).toBe(
        'Invalid Events API v2 event: dedup_key is required',
      );
      expect(refusal({ event_action: action, dedup_key: '' })).toBe(
        'Invalid Events API v2 event: dedup_key must not be empty',
      );
    },
  );

  it('refuses absurd sizes', () => {
    expect(refusal(trigger({ dedup_key: 'k'.repeat(256) }))).toBe(
      'Invalid Events API v2 event: dedup_key must be at most 255 characters',
    );
    expect(
      refusal(trigger({ payload: payload({ summary: 's'.repeat(10_001) }) })),
    ).toBe(
      'Invalid Events API v2 event: payload.summary must be at most 10000 characters',
    );
    expect(
      refusal(
        trigger({
          payload: payload({
            custom_details: { dump: { lines: ['x'.repeat(10_000)] } },
          }),
        }),
      ),
    ).toBe(
      'Invalid Events API v2 event: payload.custom_details.dump must be at most 10000 characters as JSON',
    );
    expect(
      refusal(
        trigger({
          payload: payload({
            custom_details: Object.fromEntries(
              Array.from({ length: 201 }, (_, i) => [`d${i}`, i]),
            ),
          }),
        }),
      ),
    ).toBe(
      'Invalid Events API v2 event: payload.custom_details must have at most 200 entries (has 201)',
    );
    expect(
      refusal(
        trigger({
          payload: payload({
            custom_details: {
              backstage_entity: `component:${'c'.repeat(250)}`,
            },
          }),
        }),
      ),
    ).toBe(
      'Invalid Events API v2 event: payload.custom_details.backstage_entity must be at most 255 characters',
    );
    expect(
      refusal(
        trigger({
          links: Array.from({ length: 51 }, () => ({ href: 'https://x' })),
        }),
      ),
    ).toBe('Invalid Events API v2 event: links must have at most 50 entries');
  });

  describe('respond', () => {
    it('answers like PagerDuty with the dedup key', () => {
      for (const outcome of [
        'opened',
        'repeated',
        'acknowledged',
        'resolved',
      ] as const) {
        expect(eventsV2Source.respond!([result({ outcome })])).toEqual({
          status: 202,
          body: {
            status: 'success',
            message: 'Event processed',
            dedup_key: 'datapipe03-disk',
          },
        });
      }
    });

    it('returns the key Firebreak derived for a trigger without one', () => {
      expect(
        eventsV2Source.respond!([result({ dedupKey: 'derived-5f2a9c' })]).body,
      ).toEqual({
        status: 'success',
        message: 'Event processed',
        dedup_key: 'derived-5f2a9c',
      });
    });

    it('says when an acknowledge or resolve was dropped', () => {
      expect(
        eventsV2Source.respond!([
          result({
            outcome: 'ignored',
            alertId: undefined,
            incidentId: undefined,
            message: 'No open alert',
          }),
        ]),
      ).toEqual({
        status: 202,
        body: {
          status: 'success',
          message: 'Event dropped: no open alert with this dedup_key',
          dedup_key: 'datapipe03-disk',
        },
      });
    });
  });
});

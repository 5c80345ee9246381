import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import fs from 'fs';
import path from 'path';
import {
  AlertSource,
  incidentsAlertSourcesExtensionPoint,
} from '@firebreak/plugin-incidents-node';
import noData from './__fixtures__/no-data.json';
import reTriggered from './__fixtures__/re-triggered.json';
import recovered from './__fixtures__/recovered.json';
import template from './__fixtures__/template.json';
import triggered from './__fixtures__/triggered.json';
import warn from './__fixtures__/warn.json';
import {
  datadogAlertSource,
  monitorName,
  tagsToLabels,
} from './datadogAlertSource';
import datadogModule from './index';

const KEY = '9bd4ac313a4d1e8fae2482df7b77628';

function refusal(body: unknown): string {
  try {
    datadogAlertSource.parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the payload to be refused');
}

const summarise = (body: unknown) =>
  datadogAlertSource
    .parse(body)
    .map(a => `${a.action} ${a.dedupKey} ${a.name} ${a.severity ?? '-'}`);

describe('datadogAlertSource', () => {
  it('is the template the README tells users to paste', () => {
    const readme = fs.readFileSync(
      path.join(__dirname, '..', '..', '..', 'README.md'),
      'utf8',
    );
    const pasted = `${JSON.stringify(template, null, 2)}\n`;
    expect(readme).toContain(`\n\`\`\`json\n${pasted}\`\`\`\n`);
  });

  it('fills every field of the README template in each fixture', () => {
    for (const fixture of [triggered, reTriggered, warn, noData, recovered]) {
      expect(Object.keys(fixture).sort()).toEqual(Object.keys(template).sort());
    }
  });

  it('turns a Triggered notification into a labelled, linked trigger', () => {
    const [alert, ...others] = datadogAlertSource.parse(triggered);
    expect(alert).toEqual({
      action: 'trigger',
      dedupKey: KEY,
      name: 'HighErrorRate',
      severity: 'P2',
      summary:
        'trace.http.request.errors over service:payments-api was > 50 on average during the last 5m',
      labels: {
        env: 'prod',
        monitor: '',
        service: 'payments-api',
        team: 'payments',
      },
      annotations: {
        monitor_id: '1234',
        title: '[Triggered on {service:payments-api}] HighErrorRate',
        status:
          'trace.http.request.errors over service:payments-api was > 50 on average during the last 5m',
        message:
          '%%%\n5xx above 2% for 5 minutes on payments-api. @webhook-firebreak\n%%%',
        scope: 'service:payments-api',
        alert_cycle_key: '7040921484213830711',
        alert_type: 'error',
        priority: 'P2',
        org_id: '11023',
      },
      sourceUrl:
        'https://app.datadoghq.com/event/jump_to?event_id=7040921484213830711',
      startsAt: '2025-12-02T10:00:00.000Z',
    });
    // Leaving warn and no data behind: those alerts, if open, resolve.
    expect(others.map(a => `${a.action} ${a.dedupKey}`)).toEqual([
      `resolve ${KEY}:warn`,
      `resolve ${KEY}:no-data`,
    ]);
  });

  it('maps each transition to its state alert, resolving the states it leaves', () => {
    expect(summarise(reTriggered)).toEqual([
      `trigger ${KEY} HighErrorRate P2`,
      `resolve ${KEY}:warn HighErrorRate (warn) -`,
      `resolve ${KEY}:no-data HighErrorRate (no data) -`,
    ]);
    expect(summarise(warn)).toEqual([
      `trigger ${KEY}:warn HighErrorRate (warn) warning`,
      `resolve ${KEY} HighErrorRate -`,
      `resolve ${KEY}:no-data HighErrorRate (no data) -`,
    ]);
    expect(summarise(noData)).toEqual([
      `trigger ${KEY}:no-data HighErrorRate (no data) warning`,
      `resolve ${KEY} HighErrorRate -`,
      `resolve ${KEY}:warn HighErrorRate (warn) -`,
    ]);
    expect(summarise(recovered)).toEqual([
      `resolve ${KEY} HighErrorRate -`,
      `resolve ${KEY}:warn HighErrorRate (warn) -`,
      `resolve ${KEY}:no-data HighErrorRate (no data) -`,
    ]);
    // Recovery time is Datadog's
    expect(datadogAlertSource.parse(recovered)[0].endsAt).toBe(
      '2025-12-02T11:00:00.000Z',
    );
  });

  it('repeats the state the alert type names on Renotify, resolving nothing', () => {
    expect(summarise({ ...triggered, alert_transition: 'Renotify' })).toEqual([
      `trigger ${KEY} HighErrorRate P2`,
    ]);
    expect(
      summarise({
        ...warn,
        alert_transition: 'Renotify',
      }),
    ).toEqual([`trigger ${KEY}:warn HighErrorRate (warn) warning`]);
  });

  it('takes the alert type as severity without a priority, and error without either', () => {
    expect(summarise({ ...triggered, alert_priority: '' })[0]).toBe(
      `trigger ${KEY} HighErrorRate error`,
    );
    // An unset variable Datadog left in place counts as absent
    expect(
      summarise({
        ...triggered,
        alert_priority: '$ALERT_PRIORITY',
        alert_type: undefined,
      })[0],
    ).toBe(`trigger ${KEY} HighErrorRate error`);
  });

  it('routes by a backstage_entity tag, keeping the ref after its first colon', () => {
    const [alert] = datadogAlertSource.parse({
      ...triggered,
      tags: 'backstage_entity:component:default/ledger, env:prod',
      alert_scope: '',
    });
    expect(alert.entityRef).toBe('component:default/ledger');
    expect(alert.labels).toEqual({
      backstage_entity: 'component:default/ledger',
      env: 'prod',
    });
  });

  it('reads tags as labels', () => {
    expect(
      tagsToLabels(['service:a', 'service:a', 'service:b', 'x', 'k:v:w', ':v']),
    ).toEqual({ service: 'a,b', x: '', k: 'v:w' });
  });

  it('names the alert after the monitor, without the transition prefix', () => {
    expect(monitorName('[Triggered on {host:ip-012345}] Host is Down')).toBe(
      'Host is Down',
    );
    expect(monitorName('[P1] [Re-Triggered] Host is Down')).toBe(
      'Host is Down',
    );
    expect(monitorName('Host is Down')).toBe('Host is Down');
    expect(monitorName('[Triggered]')).toBe('[Triggered]');
  });

  it('accepts numbers where Datadog variables are numeric', () => {
    const [alert] = datadogAlertSource.parse({
      ...triggered,
      alert_id: 1234,
      date: 1764669600000,
    });
    expect(alert.annotations.monitor_id).toBe('1234');
    expect(alert.startsAt).toBe('2025-12-02T10:00:00.000Z');
  });

  it('refuses the template as written, naming the unsubstituted variables', () => {
    expect(refusal(template)).toBe(
      'Invalid Datadog webhook payload: alert_transition is the template variable $ALERT_TRANSITION, not its value; alert_id must be a numeric id; aggreg_key is the template variable $AGGREG_KEY, not its value; alert_title is the template variable $ALERT_TITLE, not its value; date must be epoch milliseconds, such as 1406662672000; org_id must be a numeric id',
    );
  });

  it('refuses bad payloads naming the field', () => {
    const { aggreg_key: _k, ...withoutKey } = triggered;
    expect(refusal(withoutKey)).toBe(
      'Invalid Datadog webhook payload: aggreg_key is required',
    );
    expect(refusal({ ...triggered, alert_transition: 'Resolved' })).toBe(
      'Invalid Datadog webhook payload: alert_transition must be one of Triggered, Re-Triggered, Warn, Re-Warn, No Data, Re-No Data, Recovered, Renotify',
    );
    expect(refusal({ ...triggered, alert_id: 'abc' })).toBe(
      'Invalid Datadog webhook payload: alert_id must be a numeric id',
    );
    expect(refusal({ ...triggered, tags: ['service:a'] })).toBe(
      'Invalid Datadog webhook payload: tags must be a string',
    );
    expect(
      refusal({
        ...triggered,
        link: 'data:text/html,<script>alert(1)</script>',
      }),
    ).toBe('Invalid Datadog webhook payload: link must be an http(s) URL');
    expect(refusal({ ...triggered, date: '2025-12-02' })).toBe(
      'Invalid Datadog webhook payload: date must be epoch milliseconds, such as 1406662672000',
    );
    expect(refusal({ ...triggered, aggreg_key: 'k'.repeat(240) })).toBe(
      'Invalid Datadog webhook payload: aggreg_key must be at most 239 characters',
    );
    expect(
      refusal({
        ...triggered,
        tags: `backstage_entity:component:default/${'x'.repeat(300)}`,
      }),
    ).toBe(
      'Invalid Datadog webhook payload: tags backstage_entity must be at most 255 characters',
    );
    expect(
      refusal({
        ...triggered,
        tags: Array.from({ length: 201 }, (_, i) => `t${i}`).join(','),
      }),
    ).toBe(
      'Invalid Datadog webhook payload: tags must have at most 200 tags (has 201)',
    );
    expect(refusal([triggered])).toBe(
      'Invalid Datadog webhook payload: body must be a JSON object',
    );
  });
});

describe('incidents-backend-module-datadog', () => {
  it('adds the datadog source through the extension point', async () => {
    const added: AlertSource[] = [];
    // Stands in for the incidents backend: only its extension point matters here.
    const incidentsStub = createBackendPlugin({
      pluginId: 'incidents',
      register(reg) {
        reg.registerExtensionPoint(incidentsAlertSourcesExtensionPoint, {
          addAlertSource: source => {
            added.push(source);
          },
        });
        reg.registerInit({ deps: {}, async init() {} });
      },
    });

    const backend = await startTestBackend({
      features: [incidentsStub, datadogModule],
    });
    try {
      expect(added).toEqual([datadogAlertSource]);
    } finally {
      await backend.stop();
    }
  });
});

import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  AlertSource,
  incidentsAlertSourcesExtensionPoint,
} from '@firebreak/plugin-incidents-node';
import fs from 'fs';
import Handlebars from 'handlebars';
import path from 'path';
import degradedRecovery from './__fixtures__/degraded-recovery.json';
import degraded from './__fixtures__/degraded.json';
import failureRemain from './__fixtures__/failure-remain.json';
import failure from './__fixtures__/failure.json';
import recovery from './__fixtures__/recovery.json';
import ssl from './__fixtures__/ssl.json';
import {
  checklyAlertSource,
  tagsToLabels,
  unescapeHandlebars,
} from './checklyAlertSource';
import checklyModule from './index';

const ID = '5f9a3b7e-2c41-4d8a-9e6f-0b1c2d3e4f50';
const TEMPLATE = fs.readFileSync(
  path.join(__dirname, '__fixtures__', 'template.txt'),
  'utf8',
);

function refusal(body: unknown): string {
  try {
    checklyAlertSource.parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the payload to be refused');
}

const summarise = (body: unknown) =>
  checklyAlertSource
    .parse(body)
    .map(a => `${a.action} ${a.dedupKey} ${a.name} ${a.severity ?? '-'}`);

describe('checklyAlertSource', () => {
  it('parses the README template as Handlebars renders it, escaping undone', () => {
    const rendered = Handlebars.compile(TEMPLATE)({
      ALERT_TYPE: 'ALERT_FAILURE',
      ALERT_TITLE: 'Check "Checkout <EU>" has failed',
      CHECK_ID: ID,
      CHECK_NAME: 'Checkout "EU" & friends',
      CHECK_TYPE: 'BROWSER',
      CHECK_RESULT_ID: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      GROUP_NAME: '',
      RESPONSE_TIME: 5012,
      RUN_LOCATION: 'Frankfurt',
      RESULT_LINK: `https://app.checklyhq.com/checks/${ID}/results?a=1&b=2`,
      STARTED_AT: '2026-12-02T09:00:00.000Z',
      TAGS: ['service:checkout', "team:o'brien"],
    });
    // Handlebars escapes for HTML, which keeps the JSON valid...
    expect(rendered).toContain('Checkout &quot;EU&quot; &amp; friends');
    // ...and the parser undoes it
    expect(checklyAlertSource.parse(JSON.parse(rendered))).toEqual([
      {
        action: 'trigger',
        dedupKey: ID,
        name: 'Checkout "EU" & friends',
        severity: 'error',
        summary: 'Check "Checkout <EU>" has failed',
        labels: { service: 'checkout', team: "o'brien" },
        annotations: {
          check_id: ID,
          title: 'Check "Checkout <EU>" has failed',
          check_type: 'BROWSER',
          check_result_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
          response_time_ms: '5012',
          run_location: 'Frankfurt',
        },
        sourceUrl: `https://app.checklyhq.com/checks/${ID}/results?a=1&b=2`,
        startsAt: '2026-12-02T09:00:00.000Z',
      },
      expect.objectContaining({
        action: 'resolve',
        dedupKey: `${ID}:degraded`,
      }),
    ]);
    // No tags render as an empty array
    const untagged = Handlebars.compile(TEMPLATE)({
      ALERT_TYPE: 'ALERT_RECOVERY',
      CHECK_ID: ID,
      CHECK_NAME: 'Checkout',
      TAGS: [],
    });
    expect(checklyAlertSource.parse(JSON.parse(untagged))[0].labels).toEqual(
      {},
    );
  });

  it('is the template the README tells users to paste', () => {
    const readme = fs.readFileSync(
      path.join(__dirname, '..', '..', '..', 'README.md'),
      'utf8',
    );
    expect(readme).toContain(`\n\`\`\`text\n${TEMPLATE}\`\`\`\n`);
  });

  it('fills every field of the README template in each fixture', () => {
    const keys = Object.keys(
      JSON.parse(Handlebars.compile(TEMPLATE)({ TAGS: [] })),
    ).sort();
    for (const fixture of [
      failure,
      failureRemain,
      degraded,
      recovery,
      degradedRecovery,
      ssl,
    ]) {
      expect(Object.keys(fixture).sort()).toEqual(keys);
    }
  });

  it('turns ALERT_FAILURE into a trigger keyed by the check id', () => {
    expect(checklyAlertSource.parse(failure)[0]).toEqual({
      action: 'trigger',
      dedupKey: ID,
      name: 'Payments API health',
      severity: 'error',
      summary: 'Check "Payments API health" has failed',
      labels: { service: 'payments-api', env: 'prod', critical: '' },
      annotations: {
        check_id: ID,
        title: 'Check "Payments API health" has failed',
        check_type: 'API',
        check_result_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
        group_name: 'Payments',
        response_time_ms: '5012',
        run_location: 'N. Virginia',
      },
      sourceUrl: `https://app.checklyhq.com/checks/${ID}/results/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d`,
      startsAt: '2026-12-02T09:00:00.000Z',
    });
  });

  it('maps each alert type to its state alert, resolving the state it leaves', () => {
    expect(summarise(failure)).toEqual([
      `trigger ${ID} Payments API health error`,
      `resolve ${ID}:degraded Payments API health (degraded) -`,
    ]);
    expect(summarise(failureRemain)).toEqual(summarise(failure));
    expect(
      summarise({ ...failure, alert_type: 'ALERT_DEGRADED_FAILURE' }),
    ).toEqual(summarise(failure));
    expect(summarise(degraded)).toEqual([
      `trigger ${ID}:degraded Payments API health (degraded) warning`,
      `resolve ${ID} Payments API health -`,
    ]);
    expect(
      summarise({ ...degraded, alert_type: 'ALERT_FAILURE_DEGRADED' }),
    ).toEqual(summarise(degraded));
    expect(summarise(recovery)).toEqual([
      `resolve ${ID} Payments API health -`,
      `resolve ${ID}:degraded Payments API health (degraded) -`,
    ]);
    expect(summarise(degradedRecovery)).toEqual(summarise(recovery));
    expect(checklyAlertSource.parse(recovery)[0].endsAt).toBe(
      '2026-12-02T09:30:00.000Z',
    );
    expect(summarise(ssl)).toEqual([
      `trigger ${ID}:ssl Payments API health (SSL certificate) warning`,
    ]);
  });

  it('takes a failure severity from a severity tag, never a degradation one', () => {
    const tagged = { tags: ['severity:critical', 'service:payments-api'] };
    expect(
      checklyAlertSource.parse({ ...failure, ...tagged })[0].severity,
    ).toBe('critical');
    expect(
      checklyAlertSource.parse({ ...degraded, ...tagged })[0].severity,
    ).toBe('warning');
  });

  it('routes by a backstage_entity tag and reads a comma-separated tag string', () => {
    const [alert] = checklyAlertSource.parse({
      ...failure,
      tags: 'backstage_entity:component:default/ledger, env:prod',
    });
    expect(alert.entityRef).toBe('component:default/ledger');
    expect(alert.labels).toEqual({
      backstage_entity: 'component:default/ledger',
      env: 'prod',
    });
  });

  it('reads tags as labels and undoes HTML escaping', () => {
    expect(
      tagsToLabels(['service:a', 'service:a', 'service:b', 'x', 'k:v:w', ':v']),
    ).toEqual({ service: 'a,b', x: '', k: 'v:w' });
    expect(
      unescapeHandlebars(
        'a&#x3D;1&amp;b&#x3D;2 &quot;x&quot; &#x27;y&#x27; &#x60;z&#x60; &lt;&gt; &#0; &bogus;',
      ),
    ).toBe('a=1&b=2 "x" \'y\' `z` <> &#0; &bogus;');
  });

  it('refuses bad payloads naming the field', () => {
    const { check_id: _c, ...withoutId } = failure;
    expect(refusal(withoutId)).toBe(
      'Invalid Checkly webhook payload: check_id is required',
    );
    expect(refusal({ ...failure, alert_type: 'ALERT_FAIL' })).toBe(
      'Invalid Checkly webhook payload: alert_type must be one of ALERT_FAILURE, ALERT_FAILURE_REMAIN, ALERT_DEGRADED_FAILURE, ALERT_DEGRADED, ALERT_DEGRADED_REMAIN, ALERT_FAILURE_DEGRADED, ALERT_RECOVERY, ALERT_DEGRADED_RECOVERY, ALERT_SSL',
    );
    expect(refusal({ ...failure, check_name: '  ' })).toBe(
      'Invalid Checkly webhook payload: check_name must not be empty',
    );
    expect(refusal({ ...failure, tags: ['ok', 7] })).toBe(
      'Invalid Checkly webhook payload: tags[1] must be a string',
    );
    expect(refusal({ ...failure, tags: { service: 'a' } })).toBe(
      'Invalid Checkly webhook payload: tags must be an array of strings',
    );
    expect(
      refusal({
        ...failure,
        result_link: 'data:text/html,<script>alert(1)</script>',
      }),
    ).toBe(
      'Invalid Checkly webhook payload: result_link must be an http(s) URL',
    );
    expect(refusal({ ...failure, started_at: '2026-02-30T09:00:00Z' })).toBe(
      'Invalid Checkly webhook payload: started_at must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00.000Z',
    );
    expect(refusal({ ...failure, response_time: 'fast' })).toBe(
      'Invalid Checkly webhook payload: response_time must be a number of milliseconds',
    );
    expect(refusal({ ...failure, check_id: 'c'.repeat(240) })).toBe(
      'Invalid Checkly webhook payload: check_id must be at most 239 characters',
    );
    expect(refusal({ ...failure, tags: [`severity:${'s'.repeat(65)}`] })).toBe(
      'Invalid Checkly webhook payload: tags severity must be at most 64 characters',
    );
    expect(
      refusal({
        ...failure,
        tags: Array.from({ length: 201 }, (_, i) => `t${i}`),
      }),
    ).toBe(
      'Invalid Checkly webhook payload: tags must have at most 200 tags (has 201)',
    );
    expect(refusal('ALERT_FAILURE')).toBe(
      'Invalid Checkly webhook payload: body must be a JSON object',
    );
  });
});

describe('incidents-backend-module-checkly', () => {
  it('adds the checkly source through the extension point', async () => {
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
      features: [incidentsStub, checklyModule],
    });
    try {
      expect(added).toEqual([checklyAlertSource]);
    } finally {
      await backend.stop();
    }
  });
});

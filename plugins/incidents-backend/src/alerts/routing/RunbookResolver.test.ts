import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parseAlertsAnnotation } from '@firebreak/plugin-incidents-common';
import { CatalogGateway } from '../../catalog/CatalogGateway';
import { RunbookResolver, runbookSnippet } from './RunbookResolver';

const PAYMENTS_TABLE = `
- alert: HighErrorRate
  description: 5xx above 2% for 5 minutes
  source: https://grafana.example.com/d/payments
  runbook: https://wiki.example.com/runbooks/payments-5xx
  severity: P2
- alert: "Disk: usage > 90% #prod"
  runbook: https://wiki.example.com/runbooks/disk
- alert: LatencyHigh
  description: p99 above 1s
  severity: P3
`;

function component(
  name: string,
  annotations: Record<string, string>,
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, annotations },
    spec: { type: 'service', owner: 'payments' },
  };
}

const testEntities: Entity[] = [
  component('payments-api', {
    'firebreak.dev/alerts': PAYMENTS_TABLE,
    'firebreak.dev/runbook': 'https://wiki.example.com/runbooks/payments',
  }),
  component('ledger', {
    'firebreak.dev/runbook': ' https://wiki.example.com/runbooks/ledger ',
  }),
  component('bare', {}),
  // one bad row (a non-URL runbook) makes the whole table unusable
  component('broken-table', {
    'firebreak.dev/alerts':
      '- alert: HighErrorRate\n  runbook: wiki/payments\n  severity: P1',
    'firebreak.dev/runbook': 'https://wiki.example.com/runbooks/broken',
  }),
  component('broken-all', {
    'firebreak.dev/alerts': 'alert: [unclosed',
    'firebreak.dev/runbook': 'ftp://wiki.example.com/runbooks/x',
  }),
  component(
    'payments-db',
    {
      'firebreak.dev/alerts':
        '- alert: ReplicationLag\n  runbook: https://wiki.example.com/db-lag',
    },
    'Resource',
  ),
];

function setup() {
  const catalog = catalogServiceMock({ entities: testEntities });
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  const logger = mockServices.logger.mock();
  const gateway = new CatalogGateway({
    catalog,
    auth: mockServices.auth(),
    logger,
  });
  const resolver = RunbookResolver.create({ gateway, logger });
  return { resolver, getEntityByRef, logger };
}

const noAnnotations = (name: string) => ({ name, annotations: {} });

describe('RunbookResolver.resolve', () => {
  it('uses the entity table row whose alert equals the alert name', async () => {
    const { resolver } = setup();
    expect(
      await resolver.resolve(
        'component:default/payments-api',
        noAnnotations('HighErrorRate'),
      ),
    ).toEqual({
      runbookUrl: 'https://wiki.example.com/runbooks/payments-5xx',
      runbookFrom: 'table',
      severity: 'P2',
      description: '5xx above 2% for 5 minutes',
      sourceUrl: 'https://grafana.example.com/d/payments',
    });
    // any characters in the name
    expect(
      await resolver.resolve(
        'component:default/payments-api',
        noAnnotations('Disk: usage > 90% #prod'),
      ),
    ).toEqual({
      runbookUrl: 'https://wiki.example.com/runbooks/disk',
      runbookFrom: 'table',
    });
    // any entity kind
    expect(
      await resolver.resolve(
        'resource:default/payments-db',
        noAnnotations('ReplicationLag'),
      ),
    ).toEqual({
      runbookUrl: 'https://wiki.example.com/db-lag',
      runbookFrom: 'table',
    });
  });

  it('matches names exactly', async () => {
    const { resolver } = setup();
    for (const name of ['higherrorrate', 'HighErrorRate2', 'Disk']) {
      expect(
        await resolver.resolve(
          'component:default/payments-api',
          noAnnotations(name),
        ),
      ).toEqual({
        runbookUrl: 'https://wiki.example.com/runbooks/payments',
        runbookFrom: 'entity',
      });
    }
  });

  it('keeps a row’s details and takes the entity fallback when the row has no runbook', async () => {
    const { resolver } = setup();
    expect(
      await resolver.resolve(
        'component:default/payments-api',
        noAnnotations('LatencyHigh'),
      ),
    ).toEqual({
      runbookUrl: 'https://wiki.example.com/runbooks/payments',
      runbookFrom: 'entity',
      severity: 'P3',
      description: 'p99 above 1s',
    });
  });

  it('prefers the table, then the entity fallback, over the alert’s own runbook', async () => {
    const { resolver } = setup();
    const annotations = { runbook_url: 'https://alerts.example.com/rb' };
    expect(
      await resolver.resolve('component:default/payments-api', {
        name: 'HighErrorRate',
        annotations,
      }),
    ).toMatchObject({ runbookFrom: 'table' });
    expect(
      await resolver.resolve('component:default/ledger', {
        name: 'HighErrorRate',
        annotations,
      }),
    ).toEqual({
      runbookUrl: 'https://wiki.example.com/runbooks/ledger',
      runbookFrom: 'entity',
    });
  });

  it('falls back to the alert’s runbook_url, then runbook, annotation when it is a URL', async () => {
    const { resolver } = setup();
    expect(
      await resolver.resolve('component:default/bare', {
        name: 'X',
        annotations: {
          runbook_url: 'https://alerts.example.com/rb-url',
          runbook: 'https://alerts.example.com/rb',
        },
      }),
    ).toEqual({
      runbookUrl: 'https://alerts.example.com/rb-url',
      runbookFrom: 'alert',
    });
    expect(
      await resolver.resolve(undefined, {
        name: 'X',
        annotations: {
          runbook_url: 'see the wiki',
          runbook: 'http://alerts.example.com/rb',
        },
      }),
    ).toEqual({
      runbookUrl: 'http://alerts.example.com/rb',
      runbookFrom: 'alert',
    });
    expect(
      await resolver.resolve(undefined, {
        name: 'X',
        annotations: { runbook: 'ftp://alerts.example.com/rb', summary: 'x' },
      }),
    ).toEqual({});
    expect(
      await resolver.resolve(
        'component:default/nope',
        noAnnotations('HighErrorRate'),
      ),
    ).toEqual({});
  });

  it('treats malformed annotations as absent and warns once about each', async () => {
    const { resolver, logger } = setup();
    expect(
      await resolver.resolve(
        'component:default/broken-table',
        noAnnotations('HighErrorRate'),
      ),
    ).toEqual({
      runbookUrl: 'https://wiki.example.com/runbooks/broken',
      runbookFrom: 'entity',
    });
    expect(
      await resolver.resolve('component:default/broken-all', {
        name: 'HighErrorRate',
        annotations: { runbook: 'https://alerts.example.com/rb' },
      }),
    ).toEqual({
      runbookUrl: 'https://alerts.example.com/rb',
      runbookFrom: 'alert',
    });
    await resolver.resolve(
      'component:default/broken-table',
      noAnnotations('Other'),
    );
    await resolver.getRunbookTable('component:default/broken-all');

    const messages = logger.warn.mock.calls.map(c => c[0]);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(
      /^Ignoring malformed firebreak\.dev\/alerts annotation of component:default\/broken-table: .*\(runbook\): 'runbook' of alert 'HighErrorRate' must be an http\(s\) URL/,
    );
    expect(messages[1]).toMatch(
      /^Ignoring malformed firebreak\.dev\/alerts annotation of component:default\/broken-all: /,
    );
    expect(messages[2]).toBe(
      'Ignoring malformed firebreak.dev/runbook annotation of component:default/broken-all: firebreak.dev/runbook: must be an http(s) URL',
    );
  });

  it('warns once even when each catalog read returns a fresh copy', async () => {
    const broken = testEntities.find(e => e.metadata.name === 'broken-table');
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => JSON.parse(JSON.stringify(broken))),
    });
    const logger = mockServices.logger.mock();
    const resolver = new RunbookResolver({
      // no caching: every resolve reads the catalog again
      gateway: new CatalogGateway({
        catalog,
        auth: mockServices.auth(),
        logger,
        cacheTtlMs: 0,
      }),
      logger,
    });
    for (const name of ['A', 'B', 'HighErrorRate']) {
      expect(
        await resolver.resolve('component:default/broken-table', {
          name,
          annotations: {},
        }),
      ).toEqual({
        runbookUrl: 'https://wiki.example.com/runbooks/broken',
        runbookFrom: 'entity',
      });
    }
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('still answers from the alert when the catalog is down', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn().mockRejectedValue(new Error('503')),
    });
    const logger = mockServices.logger.mock();
    const resolver = new RunbookResolver({
      gateway: new CatalogGateway({
        catalog,
        auth: mockServices.auth(),
        logger,
      }),
      logger,
    });
    expect(
      await resolver.resolve('component:default/payments-api', {
        name: 'HighErrorRate',
        annotations: { runbook_url: 'https://alerts.example.com/rb' },
      }),
    ).toEqual({
      runbookUrl: 'https://alerts.example.com/rb',
      runbookFrom: 'alert',
    });
    expect(
      await resolver.resolve(
        'component:default/payments-api',
        noAnnotations('HighErrorRate'),
      ),
    ).toEqual({});
  });

  it('does not throw for a ref that does not parse', async () => {
    const { resolver, logger } = setup();
    expect(
      await resolver.resolve('component:', {
        name: 'X',
        annotations: { runbook: 'https://alerts.example.com/rb' },
      }),
    ).toEqual({
      runbookUrl: 'https://alerts.example.com/rb',
      runbookFrom: 'alert',
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Cannot look up runbooks of 'component:'/),
    );
  });
});

describe('RunbookResolver.getRunbookTable', () => {
  it('returns the parsed table and the fallback runbook', async () => {
    const { resolver } = setup();
    expect(await resolver.getRunbookTable('component:payments-api')).toEqual({
      available: true,
      value: {
        entries: [
          {
            alert: 'HighErrorRate',
            description: '5xx above 2% for 5 minutes',
            source: 'https://grafana.example.com/d/payments',
            runbook: 'https://wiki.example.com/runbooks/payments-5xx',
            severity: 'P2',
          },
          {
            alert: 'Disk: usage > 90% #prod',
            runbook: 'https://wiki.example.com/runbooks/disk',
          },
          {
            alert: 'LatencyHigh',
            description: 'p99 above 1s',
            severity: 'P3',
          },
        ],
        fallbackRunbook: 'https://wiki.example.com/runbooks/payments',
      },
    });
    expect(await resolver.getRunbookTable('component:ledger')).toEqual({
      available: true,
      value: {
        entries: [],
        fallbackRunbook: 'https://wiki.example.com/runbooks/ledger',
      },
    });
  });

  it('returns no entries for entities without (valid) annotations or unknown ones', async () => {
    const { resolver } = setup();
    const empty = { available: true, value: { entries: [] } };
    expect(await resolver.getRunbookTable('component:default/bare')).toEqual(
      empty,
    );
    expect(await resolver.getRunbookTable('component:default/nope')).toEqual(
      empty,
    );
    expect(
      await resolver.getRunbookTable('component:default/broken-all'),
    ).toEqual(empty);
  });

  it('reports an outage and refuses refs that do not parse', async () => {
    const { resolver, getEntityByRef } = setup();
    getEntityByRef.mockRejectedValueOnce(new Error('ECONNREFUSED'));
    expect(await resolver.getRunbookTable('component:payments-api')).toEqual({
      available: false,
    });
    await expect(resolver.getRunbookTable('payments-api')).rejects.toThrow(
      InputError,
    );
  });

  it('reuses the gateway cache', async () => {
    const { resolver, getEntityByRef } = setup();
    await resolver.getRunbookTable('component:payments-api');
    await resolver.resolve(
      'component:default/payments-api',
      noAnnotations('HighErrorRate'),
    );
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
  });
});

describe('runbookSnippet', () => {
  it('writes a plain entry for a simple name', () => {
    expect(runbookSnippet('HighErrorRate', '5xx above 2%')).toBe(
      [
        '- alert: HighErrorRate',
        '  description: "5xx above 2%"',
        '  # runbook: https://...   <- the runbook URL; then uncomment',
        '',
      ].join('\n'),
    );
    expect(runbookSnippet('KubePodCrashLooping')).toBe(
      [
        '- alert: KubePodCrashLooping',
        '  # runbook: https://...   <- the runbook URL; then uncomment',
        '',
      ].join('\n'),
    );
  });

  it('quotes names that need it', () => {
    expect(runbookSnippet('Disk: usage #prod')).toMatch(
      /^- alert: "Disk: usage #prod"\n/,
    );
    expect(runbookSnippet('true')).toMatch(/^- alert: "true"\n/);
    expect(runbookSnippet('404')).toMatch(/^- alert: "404"\n/);
  });

  it.each([
    'HighErrorRate',
    'Disk: usage > 90%',
    'cpu #hot',
    'a: b # c',
    '- dash',
    '? question',
    '[list]',
    '{map}',
    '&anchor',
    '*alias',
    '!tag',
    '|block',
    '>folded',
    "'single'",
    '"double"',
    '%directive',
    '@at',
    '`tick`',
    'back\\slash',
    'line\nbreak',
    'tab\there',
    'true',
    'Yes',
    'null',
    '~',
    '404',
    '1e3',
    '0x1F',
    '.inf',
    'Ärger 🔥 über 90 %',
    'payments-api/HighErrorRate (5xx)',
  ])('round-trips the name %j through parseAlertsAnnotation', name => {
    const snippet = runbookSnippet(name, `about ${name}: #1`);
    const parsed = parseAlertsAnnotation(snippet);
    expect(parsed).toEqual({
      ok: true,
      value: [{ alert: name, description: `about ${name}: #1` }],
    });
  });

  it('appends cleanly to an existing table', () => {
    const parsed = parseAlertsAnnotation(
      `${PAYMENTS_TABLE.trim()}\n${runbookSnippet('New: alert')}`,
    );
    expect(parsed.ok && parsed.value.map(e => e.alert)).toEqual([
      'HighErrorRate',
      'Disk: usage > 90% #prod',
      'LatencyHigh',
      'New: alert',
    ]);
  });
});

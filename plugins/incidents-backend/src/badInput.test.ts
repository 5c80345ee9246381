import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import request from 'supertest';
import {
  declareIncident,
  IncidentsTestBackend,
  startIncidentsBackend,
} from './__testUtils__/startIncidentsBackend';
import { SANITISED_ANNOTATION } from './alerts/sources/sanitiseAlert';

// Bad input must get the same clear 400 on both engines: SQLite stores NUL and numbers
// beyond int4 without complaint, PostgreSQL fails the query (a 500) on both.

const alice = 'user:default/alice';
const team = 'group:default/payments';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: alice }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api' },
    spec: { type: 'service', owner: team, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: team }],
  },
];

const NUL = 'nul\u0000byte';
const LONE = 'lone \ud800 surrogate';
const BIG = 9007199254740993; // beyond int4 and not even a safe integer

const query = (params: Record<string, string>) =>
  new URLSearchParams(params).toString();

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('bad input on %p', databaseId => {
  let knex: Knex;
  let server: IncidentsTestBackend['server'];
  let incidentId: number;
  let postmortemId: number;
  const user = mockCredentials.user.header(alice);
  const sender = mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('external:alertmanager'),
  } as any);

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    ({ server } = await startIncidentsBackend({ knex, entities }));
    incidentId = (await declareIncident(server, user, { severity: 'P3' })).id;
    const pm = await request(server)
      .post(`/api/incidents/incidents/${incidentId}/postmortem`)
      .set('Authorization', user);
    if (pm.status !== 201) throw new Error(`postmortem: ${pm.text}`);
    postmortemId = pm.body.id;
  });

  const send = (method: string, path: string, body?: unknown) => {
    const req = (request(server) as any)
      [method.toLowerCase()](`/api/incidents${path}`)
      .set('Authorization', user);
    return body === undefined ? req : req.send(body);
  };

  const override = (fields: Record<string, unknown> = {}) => ({
    groupRef: team,
    userRef: alice,
    startsAt: '2030-01-05T09:00:00Z',
    endsAt: '2030-01-05T17:00:00Z',
    ...fields,
  });

  /** Every write route with text in its body, and where that text goes. */
  const textRoutes = (): [
    string,
    string,
    (text: string) => unknown,
    string,
  ][] => [
    [
      'POST',
      '/incidents',
      text => ({
        title: text,
        severity: 'P3',
        entityRef: 'component:payments-api',
      }),
      'body.title',
    ],
    [
      'PATCH',
      `/incidents/${incidentId}`,
      text => ({ description: text }),
      'body.description',
    ],
    [
      'POST',
      `/incidents/${incidentId}/transitions`,
      text => ({ to: 'investigating', message: text }),
      'body.message',
    ],
    [
      'POST',
      `/incidents/${incidentId}/roles`,
      text => ({ role: 'scribe', userRef: `user:default/${text}` }),
      'body.userRef',
    ],
    [
      'POST',
      `/incidents/${incidentId}/timeline`,
      text => ({ message: text }),
      'body.message',
    ],
    [
      'POST',
      `/incidents/${incidentId}/status-updates`,
      text => ({ message: text }),
      'body.message',
    ],
    [
      'POST',
      '/oncall/overrides',
      text => override({ reason: text }),
      'body.reason',
    ],
    [
      'POST',
      '/maintenance-windows',
      text => ({
        entityRef: 'component:payments-api',
        endsAt: '2030-01-05T17:00:00Z',
        reason: text,
      }),
      'body.reason',
    ],
    [
      'PATCH',
      `/postmortems/${postmortemId}`,
      text => ({ sections: { summary: text } }),
      'body.sections.summary',
    ],
    [
      'POST',
      '/action-items',
      text => ({ incidentId: String(incidentId), title: text, ownerRef: team }),
      'body.title',
    ],
  ];

  it.each([
    ['NUL', NUL, /must not contain the NUL character \(U\+0000\)/],
    ['a lone surrogate', LONE, /must be valid Unicode/],
  ])(
    'answers text holding %s with a 400 naming the field',
    async (_what, text, problem) => {
      for (const [method, path, body, field] of textRoutes()) {
        const res = await send(method, path, body(text));
        expect({ route: `${method} ${path}`, status: res.status }).toEqual({
          route: `${method} ${path}`,
          status: 400,
        });
        expect(res.body.error.message).toContain(field);
        expect(res.body.error.message).toMatch(problem);
      }
      // Nothing of it was stored.
      const titles = (await knex('incidents').select('title')).map(
        r => r.title,
      );
      expect(titles).toEqual(['Payments failing']);
    },
  );

  it('answers NUL in a query parameter or a path with a 400 naming it', async () => {
    const q = await send('GET', `/incidents?q=${encodeURIComponent(NUL)}`);
    expect(q.status).toBe(400);
    expect(q.body.error.message).toMatch(/^query\.q must not contain the NUL/);
    const role = await send(
      'DELETE',
      `/incidents/${incidentId}/roles/a%00b?userRef=${encodeURIComponent(
        alice,
      )}`,
    );
    expect(role.status).toBe(400);
    expect(role.body.error.message).toMatch(
      /^path\[\d\] must not contain the NUL/,
    );
  });

  it('refuses an override whose groupRef holds a lone surrogate instead of storing one nobody can read', async () => {
    const res = await send(
      'POST',
      '/oncall/overrides',
      override({ groupRef: 'group:default/pay\ud800' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^body\.groupRef must be valid Unicode/,
    );
    const [{ n }] = await knex('oncall_overrides').count({ n: '*' });
    expect(Number(n)).toBe(0);
  });

  it.each([
    ['an alertmanager alert', 'alertmanager'],
    ['a generic alert', 'generic'],
  ])(
    'stores %s with NUL and lone surrogates replaced, and says so on it',
    async (_what, source) => {
      const alertmanager = {
        version: '4',
        status: 'firing',
        receiver: 'firebreak',
        groupKey: '{}:{alertname="Nul"}',
        alerts: [
          {
            status: 'firing',
            labels: {
              alertname: `Nul\u0000${source}`,
              service: 'payments-api',
            },
            annotations: { summary: 'half \ud83d pair' },
            startsAt: '2026-11-23T01:00:00Z',
            fingerprint: `fp-${source}`,
          },
        ],
      };
      const generic = {
        name: `Nul\u0000${source}`,
        summary: 'half \ud83d pair',
        dedupKey: `dk-${source}`,
        labels: { service: 'payments-api' },
      };
      const res = await request(server)
        .post(`/api/incidents/alerts/${source}`)
        .set('Authorization', sender)
        .send(source === 'generic' ? generic : alertmanager);
      expect(res.status).toBe(202);
      const row = await knex('alerts')
        .where('name', `Nul\ufffd${source}`)
        .first();
      expect(row).toBeDefined();
      expect(row.summary).toBe('half \ufffd pair');
      const annotations = JSON.parse(row.annotations);
      expect(annotations[SANITISED_ANNOTATION]).toMatch(
        /^NUL or lone UTF-16 surrogates replaced by U\+FFFD in .*name/,
      );
    },
  );

  it.each([
    [
      'a version of 1e308',
      'PATCH',
      () => `/incidents/${incidentId}`,
      { title: 'x', version: 1e308 },
      /version/,
    ],
    [
      'a version beyond int4',
      'POST',
      () => `/incidents/${incidentId}/transitions`,
      { to: 'investigating', version: 2147483648 },
      /version/,
    ],
    [
      'an incident id beyond int4',
      'GET',
      () => `/incidents/${BIG}`,
      undefined,
      /id/,
    ],
    [
      'an INC- ref beyond int4',
      'GET',
      () => '/incidents/INC-9999999999',
      undefined,
      /INC-9999999999/,
    ],
    [
      'an event id beyond int4',
      'PATCH',
      () => `/incidents/${incidentId}/timeline/9999999999`,
      { pinned: true },
      /eventId/,
    ],
    [
      'a merge target beyond int4',
      'POST',
      () => `/incidents/${incidentId}/merge`,
      { into: '9999999999' },
      /9999999999/,
    ],
    [
      'an override id beyond int4',
      'DELETE',
      () => `/oncall/overrides/${BIG}`,
      undefined,
      /overrideId/,
    ],
    [
      'a maintenance window id beyond int4',
      'DELETE',
      () => `/maintenance-windows/${BIG}`,
      undefined,
      /windowId/,
    ],
    [
      'a postmortem id beyond int4',
      'PATCH',
      () => '/postmortems/9999999999',
      { sections: {} },
      /postmortemId/,
    ],
    [
      'a postmortem id of 1e308 in a body',
      'POST',
      () => '/action-items',
      () => ({
        incidentId: String(incidentId),
        postmortemId: 1e308,
        title: 'x',
        ownerRef: team,
      }),
      /postmortemId/,
    ],
    [
      'an incidentId query beyond int4',
      'GET',
      () => '/alerts?incidentId=9999999999',
      undefined,
      /9999999999/,
    ],
  ])('answers %s with a 400', async (_what, method, path, body, named) => {
    const res = await send(
      method,
      path(),
      typeof body === 'function' ? body() : body,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(named);
  });

  it.each([
    [
      '30 February on declare',
      'POST',
      () => '/incidents',
      {
        title: 'x',
        severity: 'P3',
        entityRef: 'component:payments-api',
        detectedAt: '2026-02-30T00:00:00Z',
      },
      /detectedAt/,
    ],
    [
      '30 February on update',
      'PATCH',
      () => `/incidents/${incidentId}`,
      { detectedAt: '2026-02-30T00:00:00Z' },
      /detectedAt/,
    ],
    [
      'hour 24 on update',
      'PATCH',
      () => `/incidents/${incidentId}`,
      { detectedAt: '2026-01-05T24:00:00Z' },
      /detectedAt/,
    ],
    [
      'a time without offset',
      'PATCH',
      () => `/incidents/${incidentId}`,
      { detectedAt: '2026-01-05T09:00:00' },
      /detectedAt/,
    ],
    [
      'year 0000 as a postmortem due date',
      'PATCH',
      () => `/postmortems/${postmortemId}`,
      { dueAt: '0000-01-01T00:00:00Z' },
      /dueAt must be between/,
    ],
    [
      'year 0000 as an action item due date',
      'POST',
      () => '/action-items',
      () => ({
        incidentId: String(incidentId),
        title: 'x',
        ownerRef: team,
        dueAt: '0000-01-01T00:00:00Z',
      }),
      /dueAt must be between/,
    ],
    [
      'year 9999 as an override end',
      'POST',
      () => '/oncall/overrides',
      override({ endsAt: '9999-12-31T00:00:00Z' }),
      /endsAt must be between/,
    ],
    [
      '31 April as an override start',
      'POST',
      () => '/oncall/overrides',
      override({ startsAt: '2030-04-31T09:00:00Z' }),
      /startsAt/,
    ],
    [
      'year 9999 as a maintenance window end',
      'POST',
      () => '/maintenance-windows',
      {
        entityRef: 'component:payments-api',
        endsAt: '9999-12-31T00:00:00Z',
        reason: 'Database upgrade',
      },
      /endsAt must be between/,
    ],
    [
      '30 February as a maintenance window start',
      'POST',
      () => '/maintenance-windows',
      {
        entityRef: 'component:payments-api',
        startsAt: '2030-02-30T09:00:00Z',
        endsAt: '2030-03-01T09:00:00Z',
        reason: 'Database upgrade',
      },
      /startsAt/,
    ],
    [
      '30 February as a list bound',
      'GET',
      () => `/incidents?${query({ from: '2026-02-30T00:00:00Z' })}`,
      undefined,
      /^from must be/,
    ],
    [
      'an unknown list order',
      'GET',
      () => `/incidents?${query({ sort: 'oldest' })}`,
      undefined,
      /sort/,
    ],
    [
      'an unreadable list bound',
      'GET',
      () => `/incidents?${query({ to: 'yesterday' })}`,
      undefined,
      /\bto must\b/,
    ],
    [
      '30 February as on-call time',
      'GET',
      () => `/oncall?${query({ groupRef: team, at: '2026-02-30T00:00:00Z' })}`,
      undefined,
      /^at must be/,
    ],
    [
      'year 0000 as an override list bound',
      'GET',
      () => `/oncall/overrides?${query({ from: '0000-01-01T00:00:00Z' })}`,
      undefined,
      /from must be between/,
    ],
    [
      '30 February as a metrics range',
      'GET',
      () =>
        `/metrics?${query({
          from: '2026-02-30T00:00:00Z',
          to: '2026-03-05T00:00:00Z',
        })}`,
      undefined,
      /^from must be/,
    ],
    [
      'year 0000 as a metrics range',
      'GET',
      () =>
        `/metrics?${query({
          from: '0000-01-01T00:00:00Z',
          to: '2026-03-05T00:00:00Z',
        })}`,
      undefined,
      /from must be between/,
    ],
  ])(
    'answers %s with a 400 naming the field',
    async (_what, method, path, body, named) => {
      const res = await send(
        method,
        path(),
        typeof body === 'function' ? body() : body,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(named);
    },
  );

  it('still takes a real date with an offset, and keeps its instant', async () => {
    const res = await send('POST', '/incidents', {
      title: 'Offset',
      severity: 'P3',
      entityRef: 'component:payments-api',
      detectedAt: '2026-01-05T10:00:00+01:00',
    });
    expect(res.status).toBe(201);
    expect(res.body.detectedAt).toBe('2026-01-05T09:00:00.000Z');
  });

  it.each([
    ['not a ref :: //'],
    ['component:default/'],
    ['component:bad namespace/payments'],
    ['com ponent:payments'],
    [`component:default/${'x'.repeat(64)}`],
  ])('refuses the malformed entity ref %p', async ref => {
    const res = await send('POST', '/incidents', {
      title: 'Malformed',
      severity: 'P3',
      entityRef: ref,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^entityRef '.*' is not an entity ref/,
    );
    const refused = await send('POST', '/oncall/overrides', {
      groupRef: ref.replace(/^component:/, 'group:'),
      userRef: alice,
      startsAt: '2030-01-05T09:00:00Z',
      endsAt: '2030-01-05T17:00:00Z',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/groupRef/);
  });

  it('declares on a well-formed ref the catalog does not know, with a warning that nobody was paged', async () => {
    const res = await send('POST', '/incidents', {
      title: 'Unknown service',
      severity: 'P1',
      entityRef: 'component:default/not-in-catalog',
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      'component:default/not-in-catalog is not in the catalog (or has no owner): nobody paged',
    ]);
    const known = await send('POST', '/incidents', {
      title: 'Known service',
      severity: 'P3',
      entityRef: 'component:payments-api',
    });
    expect(known.status).toBe(201);
    expect(known.body.warnings).toBeUndefined();
  });
});

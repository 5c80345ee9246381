import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { RunbookLinkHealth } from '@firebreak/plugin-incidents-common';
import { createServer, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { Knex } from 'knex';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { createPerTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseRunbookLinkStore } from './DatabaseRunbookLinkStore';
import {
  hostAllowed,
  readRunbookLinkSettings,
  RunbookLinkService,
} from './RunbookLinkService';

const databases = createPerTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const NOW = new Date('2026-12-04T10:00:00.000Z');

/** A wiki that answers 200, 404, 500, slowly (never, within the timeout) and redirects. */
let server: Server;
let base: string;
let closedBase: string;
const hits: string[] = [];
const held: Socket[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    switch (req.url) {
      case '/ok':
        res.writeHead(200).end('fine');
        return;
      case '/gone':
        res.writeHead(404).end();
        return;
      case '/broken':
        res.writeHead(500).end();
        return;
      case '/head-not-allowed':
        res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
        return;
      case '/moved':
        res.writeHead(301, { location: '/ok' }).end();
        return;
      case '/sso':
        res.writeHead(302, { location: 'https://login.example.org/sso' }).end();
        return;
      case '/slow':
        // Never answers: the check's timeout ends it.
        held.push(req.socket);
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: the connection is refused.
  const probe = createServer();
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
  closedBase = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise(resolve => probe.close(resolve));
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise(resolve => server.close(resolve));
});

function catalogWith(alerts: string[], fallback?: string) {
  const entityRef = 'component:default/payments-api';
  const table = alerts
    .map((url, i) => `- alert: Alert${i}\n  runbook: ${url}`)
    .join('\n');
  return {
    listAnnotated: async (annotation: string) => {
      if (annotation === 'firebreak.dev/alerts') {
        return [{ entityRef, value: table }];
      }
      return fallback ? [{ entityRef, value: fallback }] : [];
    },
  };
}

describe.each(databases.eachSupportedId())(
  'RunbookLinkService on %s',
  databaseId => {
    let knex: Knex;

    async function service(
      catalog: ReturnType<typeof catalogWith>,
      allowedHosts = [new URL(base).host],
    ) {
      knex = await databases.init(databaseId);
      await DatabaseIncidentStore.create({
        database: mockServices.database({ knex }),
      });
      return new RunbookLinkService({
        store: DatabaseRunbookLinkStore.fromKnex(knex),
        catalog,
        settings: {
          allowedHosts,
          timeoutMs: 300,
          concurrency: 3,
          checkEveryMs: 3600_000,
          followUpCheckEveryMs: 300_000,
        },
        logger: mockServices.logger.mock(),
        clock: () => NOW,
      });
    }

    it('flags 4xx, 5xx, timeouts and refused connections as dead, and 2xx as ok', async () => {
      const urls = {
        ok: `${base}/ok`,
        gone: `${base}/gone`,
        broken: `${base}/broken`,
        slow: `${base}/slow`,
        refused: `${closedBase}/runbook`,
        headNotAllowed: `${base}/head-not-allowed`,
        moved: `${base}/moved`,
        sso: `${base}/sso`,
      };
      const before = hits.length;
      const links = await service(catalogWith(Object.values(urls)), [
        new URL(base).host,
        new URL(closedBase).host,
      ]);
      expect(await links.check()).toEqual({
        checked: 8,
        dead: 4,
        skipped: 0,
        forgotten: 0,
      });
      const health = await links.healthOf(Object.values(urls));
      const at = NOW.toISOString();
      const expected: Record<keyof typeof urls, RunbookLinkHealth> = {
        ok: { state: 'ok', statusCode: 200, checkedAt: at },
        gone: {
          state: 'dead',
          statusCode: 404,
          problem: '404 Not Found',
          checkedAt: at,
        },
        broken: {
          state: 'dead',
          statusCode: 500,
          problem: '500 Internal Server Error',
          checkedAt: at,
        },
        slow: {
          state: 'dead',
          problem: 'timed out after 0.3 s',
          checkedAt: at,
        },
        refused: { state: 'dead', problem: 'ECONNREFUSED', checkedAt: at },
        headNotAllowed: { state: 'ok', statusCode: 200, checkedAt: at },
        moved: { state: 'ok', statusCode: 200, checkedAt: at },
        sso: {
          state: 'ok',
          statusCode: 302,
          problem:
            'redirects to login.example.org, outside the allow-list (not followed)',
          checkedAt: at,
        },
      };
      for (const [name, url] of Object.entries(urls)) {
        expect([name, health.get(url)]).toEqual([
          name,
          expected[name as keyof typeof urls],
        ]);
      }
      // HEAD first; GET only where HEAD is refused; the SSO host is never asked.
      expect(
        hits.slice(before).filter(h => h.endsWith('/head-not-allowed')),
      ).toEqual(['HEAD /head-not-allowed', 'GET /head-not-allowed']);
    });

    it('asks no host outside the allow-list, and forgets links the catalog no longer names', async () => {
      const before = hits.length;
      const outside = `http://localhost:${new URL(base).port}/ok`;
      const links = await service(catalogWith([outside], `${base}/ok`));
      expect(await links.check()).toEqual({
        checked: 1,
        dead: 0,
        skipped: 1,
        forgotten: 0,
      });
      expect(hits.slice(before)).toEqual(['HEAD /ok']);
      expect((await links.healthOf([outside])).get(outside)).toEqual({
        state: 'unchecked',
      });

      const later = new RunbookLinkService({
        ...(links as any).deps,
        catalog: catalogWith([]),
      });
      expect(await later.check()).toMatchObject({ checked: 0, forgotten: 1 });
      expect((await later.healthOf([`${base}/ok`])).get(`${base}/ok`)).toEqual({
        state: 'unchecked',
      });
    });
  },
);

describe('runbook link settings', () => {
  it('reads the allow-list and refuses bad values naming the key', () => {
    expect(
      readRunbookLinkSettings(
        new ConfigReader({
          incidents: {
            runbookLinks: {
              allowedHosts: ['Wiki.Example.com', '.corp.example'],
            },
          },
        }),
      ),
    ).toEqual({
      allowedHosts: ['wiki.example.com', '.corp.example'],
      timeoutMs: 5000,
      concurrency: 4,
      checkEveryMs: 3600_000,
      followUpCheckEveryMs: 300_000,
    });
    expect(() =>
      readRunbookLinkSettings(
        new ConfigReader({ incidents: { runbookLinks: { timeout: 'soon' } } }),
      ),
    ).toThrow('incidents.runbookLinks.timeout must be an ISO-8601 duration');
    expect(() =>
      readRunbookLinkSettings(
        new ConfigReader({
          incidents: { runbookLinks: { allowedHosts: ['https://wiki'] } },
        }),
      ),
    ).toThrow("incidents.runbookLinks.allowedHosts has 'https://wiki'");
  });

  it('matches hosts exactly, or a domain and its subdomains with a leading dot', () => {
    const allowed = ['wiki.example.com', '.corp.example'];
    const ok = (url: string) => hostAllowed(new URL(url), allowed);
    expect(ok('https://wiki.example.com/x')).toBe(true);
    expect(ok('https://evil-wiki.example.com/x')).toBe(false);
    expect(ok('https://docs.corp.example/x')).toBe(true);
    expect(ok('https://corp.example/x')).toBe(true);
    expect(ok('https://corp.example.evil.com/x')).toBe(false);
    expect(ok('ftp://wiki.example.com/x')).toBe(false);
  });
});

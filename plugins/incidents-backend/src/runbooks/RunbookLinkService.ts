import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ANNOTATION_ALERTS,
  ANNOTATION_RUNBOOK,
  parseAlertsAnnotation,
  parseRunbookAnnotation,
  RunbookLinkHealth,
} from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { checkLink } from './checkLink';
import { RunbookLinkStore } from './RunbookLinkStore';

/** `incidents.runbookLinks`: which hosts may be asked, how long and how many at once. */
export type RunbookLinkSettings = {
  /** `wiki.example.com` matches that host, `.example.com` it and every subdomain. */
  allowedHosts: string[];
  timeoutMs: number;
  concurrency: number;
  /** How often the scheduled check runs, in ms. */
  checkEveryMs: number;
  /** How often *add runbook* follow-ups are checked against the catalog, in ms. */
  followUpCheckEveryMs: number;
};

/** Longest URL stored (the column's width); longer ones stay unchecked. */
const MAX_URL = 2048;

/** Reads and validates `incidents.runbookLinks`; a bad value fails startup naming its key. */
export function readRunbookLinkSettings(config: Config): RunbookLinkSettings {
  const c = config.getOptionalConfig('incidents.runbookLinks');
  const key = (name: string) => `incidents.runbookLinks.${name}`;
  const allowedHosts = (c?.getOptionalStringArray('allowedHosts') ?? []).map(
    h => h.trim().toLowerCase(),
  );
  for (const host of allowedHosts) {
    if (!/^\.?[a-z0-9.-]+(:\d+)?$/.test(host)) {
      throw new Error(
        `${key(
          'allowedHosts',
        )} has '${host}': give host names such as wiki.example.com or .example.com`,
      );
    }
  }
  const duration = (name: string, fallback: string) => {
    const text = c?.getOptionalString(name) ?? fallback;
    const ms = Duration.fromISO(text).toMillis();
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new Error(
        `${key(name)} must be an ISO-8601 duration such as ${fallback}`,
      );
    }
    return ms;
  };
  const concurrency = c?.getOptionalNumber('concurrency') ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    throw new Error(
      `${key('concurrency')} must be a whole number from 1 to 32`,
    );
  }
  return {
    allowedHosts,
    timeoutMs: duration('timeout', 'PT5S'),
    concurrency,
    checkEveryMs: duration('checkEvery', 'PT1H'),
    followUpCheckEveryMs: duration('followUpCheckEvery', 'PT5M'),
  };
}

/** Whether `url` is http(s) on an allowed host. */
export function hostAllowed(url: URL, allowedHosts: string[]): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  const withPort = url.port ? `${host}:${url.port}` : host;
  return allowedHosts.some(entry =>
    entry.startsWith('.')
      ? host.endsWith(entry) || host === entry.slice(1)
      : entry === host || entry === withPort,
  );
}

/** What one scheduled check did. */
export type RunbookLinkRun = {
  checked: number;
  dead: number;
  /** Named in the catalog but not asked: host outside the allow-list, or too long. */
  skipped: number;
  forgotten: number;
};

/**
 * Runbook link health: a scheduled check of every runbook URL the catalog names (in
 * `firebreak.dev/alerts` and `firebreak.dev/runbook`), only on allowed hosts, a few at
 * a time with a timeout each; and the last result per URL for the runbook table.
 */
export class RunbookLinkService {
  constructor(
    private readonly deps: {
      store: RunbookLinkStore;
      catalog: Pick<CatalogGateway, 'listAnnotated'>;
      settings: RunbookLinkSettings;
      logger: LoggerService;
      clock: () => Date;
      fetch?: typeof fetch;
    },
  ) {}

  /** Checks every runbook link the catalog names and stores the results. */
  async check(): Promise<RunbookLinkRun> {
    const urls = await this.namedUrls();
    const allowed = (url: URL) =>
      hostAllowed(url, this.deps.settings.allowedHosts);
    const due = urls.filter(u => u.length <= MAX_URL && allowed(new URL(u)));
    const results = new Map<string, Awaited<ReturnType<typeof checkLink>>>();
    const queue = [...due];
    const worker = async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        results.set(
          url,
          await checkLink(url, {
            isAllowed: allowed,
            timeoutMs: this.deps.settings.timeoutMs,
            fetch: this.deps.fetch,
          }),
        );
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(this.deps.settings.concurrency, due.length) },
        worker,
      ),
    );
    const checkedAt = this.deps.clock();
    await this.deps.store.save(
      [...results].map(([url, r]) => ({ url, ...r, checkedAt })),
    );
    const forgotten = await this.deps.store.forgetOthers(due);
    const dead = [...results.values()].filter(r => r.state === 'dead').length;
    return {
      checked: results.size,
      dead,
      skipped: urls.length - due.length,
      forgotten,
    };
  }

  /** The last result per URL; URLs never checked are `unchecked`. */
  async healthOf(urls: string[]): Promise<Map<string, RunbookLinkHealth>> {
    const stored = await this.deps.store.healthOf(urls);
    return new Map(
      urls.map(url => [url, stored.get(url) ?? { state: 'unchecked' }]),
    );
  }

  private async namedUrls(): Promise<string[]> {
    const [tables, fallbacks] = await Promise.all([
      this.deps.catalog.listAnnotated(ANNOTATION_ALERTS),
      this.deps.catalog.listAnnotated(ANNOTATION_RUNBOOK),
    ]);
    const urls = new Set<string>();
    for (const { value } of tables) {
      const parsed = parseAlertsAnnotation(value);
      if (!parsed.ok) continue;
      for (const row of parsed.value) if (row.runbook) urls.add(row.runbook);
    }
    for (const { value } of fallbacks) {
      const parsed = parseRunbookAnnotation(value);
      if (parsed.ok) urls.add(parsed.value);
    }
    return [...urls].sort();
  }
}

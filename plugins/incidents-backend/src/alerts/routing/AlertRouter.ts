import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ALERT_MATCH,
  formatAnnotationProblem,
  parseAlertMatchAnnotation,
} from '@firebreak/plugin-incidents-common';
import { NormalizedAlert } from '@firebreak/plugin-incidents-node';
import {
  CatalogSnapshot,
  CatalogSnapshotStore,
} from '../../catalog/CatalogSnapshotStore';
import { withTimeout } from '../../catalog/withTimeout';

/** Which routing step picked the entity. */
export type AlertRouteVia =
  | 'explicit'
  | 'entity-label'
  | 'label-name'
  | 'source-name'
  | 'selector';

/** Where {@link AlertRouter.route} sent an alert. */
export interface AlertRoute {
  /** Full entity ref, e.g. `component:default/payments-api`; absent when unrouted. */
  entityRef?: string;
  via?: AlertRouteVia;
  /**
   * False when the catalog could not be read; the alert is then routed from the last
   * known catalog snapshot if that matches it, else left unrouted.
   */
  catalogAvailable: boolean;
  /** When routed from the snapshot: when the catalog last said so (ISO-8601 UTC). */
  snapshotAt?: string;
}

/** What the router reads from the last known catalog snapshot (it never writes it). */
export type AlertRouterSnapshots = Pick<
  CatalogSnapshotStore,
  'getSnapshot' | 'findSnapshotsByName' | 'listSnapshotsWithAlertMatch'
>;

/** Options of {@link AlertRouter}. */
export interface AlertRouterOptions {
  /** The `catalogServiceRef` service. */
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Alert labels whose value names an entity, tried in order; default `service`, `app`. */
  routingLabels?: string[];
  /** How long catalog reads are reused; default 30 s. Failures are never cached. */
  cacheTtlMs?: number;
  /** A catalog call taking longer counts as an outage; default 10 s. */
  timeoutMs?: number;
  /** Routes from the last known catalog snapshot while the catalog is down. */
  snapshots?: AlertRouterSnapshots;
  clock?: () => Date;
}

/** The alert label that names an entity outright. */
export const ENTITY_LABEL = 'backstage_entity';

const DEFAULT_ROUTING_LABELS = ['service', 'app'];
const DEFAULT_TTL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;
/** Above this many cached lookups, expired entries are dropped, then the oldest ones. */
const MAX_CACHE_ENTRIES = 5_000;
const PAGE_SIZE = 500;
/** Kinds an alert label value may name, most preferred first. */
const NAMED_KINDS = ['component', 'resource', 'system'];
const SELECTORS_KEY = 'selectors';
const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

interface Selector {
  entityRef: string;
  pairs: [string, string][];
  /** Set when read from the snapshot. */
  snapshotAt?: string;
}

/** An entity a routing step found; `snapshotAt` when the snapshot said so. */
interface Found {
  entityRef: string;
  snapshotAt?: string;
}

/** Where the routing steps look entities up: the live catalog or the snapshot. */
interface RouteLookups {
  byRef(ref: string): Promise<Found | undefined>;
  byName(name: string): Promise<Found | undefined>;
  selectors(): Promise<Selector[]>;
}

interface NamedEntity {
  kind: string;
  namespace?: string;
  name: string;
  snapshotAt?: string;
}

function compareRefs(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** The preferred Component / Resource / System named `name` among `entities`. */
function pickNamed(name: string, entities: NamedEntity[]): Found | undefined {
  const lower = name.toLocaleLowerCase('en-US');
  const candidates = entities
    .filter(
      e =>
        NAMED_KINDS.includes(e.kind?.toLocaleLowerCase('en-US')) &&
        e.name?.toLocaleLowerCase('en-US') === lower,
    )
    .map(e => ({
      rank: NAMED_KINDS.indexOf(e.kind.toLocaleLowerCase('en-US')),
      inDefault: (e.namespace ?? DEFAULT_NAMESPACE) === DEFAULT_NAMESPACE,
      entityRef: stringifyEntityRef(e),
      snapshotAt: e.snapshotAt,
    }))
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        Number(b.inDefault) - Number(a.inDefault) ||
        compareRefs(a.entityRef, b.entityRef),
    );
  const best = candidates[0];
  if (!best) return undefined;
  return best.snapshotAt
    ? { entityRef: best.entityRef, snapshotAt: best.snapshotAt }
    : { entityRef: best.entityRef };
}

/**
 * Decides which catalog entity an incoming alert belongs to:
 *
 * 1. `alert.entityRef`, then the `backstage_entity` label (an entity ref; kind defaults to
 *    component, namespace to default) — when that entity exists;
 * 2. each configured routing label in order, its value matched to the `metadata.name` of
 *    a Component, Resource or System (preferred in that order; then the default
 *    namespace; then ref order);
 * 3. `firebreak.dev/alert-match` selectors whose every `label=value` pair equals the
 *    alert's labels; the selector with the most pairs wins, ties go to the lowest ref.
 *
 * Catalog reads use the plugin's own credentials and are cached for a short while; the
 * selector list is one catalog query per TTL, not one per alert. When the catalog
 * cannot be read (or is too slow), the same steps run against the last known catalog
 * snapshot, so paging does not stop with the catalog; the answer then has
 * `catalogAvailable: false` and the snapshot's time. With nothing in the snapshot the
 * alert is reported unrouted. The router never throws.
 */
export class AlertRouter {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly logger: LoggerService;
  private readonly routingLabels: string[];
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly snapshots?: AlertRouterSnapshots;
  private readonly clock: () => Date;
  private readonly live: RouteLookups = {
    byRef: ref => this.cached(`ref:${ref}`, () => this.loadRef(ref)),
    byName: name =>
      this.cached(`name:${name.toLocaleLowerCase('en-US')}`, () =>
        this.loadByName(name),
      ),
    selectors: () => this.cached(SELECTORS_KEY, () => this.loadSelectors()),
  };
  private readonly cache = new Map<
    string,
    { expiresAt: number; result: Promise<unknown> }
  >();
  /** Malformed selectors already warned about (ref + value), so each warns once. */
  private readonly warned = new Set<string>();

  /** Creates a router; same as the constructor. */
  static create(options: AlertRouterOptions): AlertRouter {
    return new AlertRouter(options);
  }

  constructor(options: AlertRouterOptions) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.logger = options.logger;
    this.routingLabels = options.routingLabels ?? DEFAULT_ROUTING_LABELS;
    this.ttlMs = options.cacheTtlMs ?? DEFAULT_TTL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.snapshots = options.snapshots;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Routes one alert; never throws. */
  async route(alert: NormalizedAlert): Promise<AlertRoute> {
    let cause: Error;
    try {
      return await this.routeWith(alert, this.live);
    } catch (error) {
      cause = error as Error;
    }
    if (!this.snapshots) {
      this.logger.warn(
        `Catalog unavailable while routing alert '${alert.name}'; leaving it unrouted`,
        cause,
      );
      return { catalogAvailable: false };
    }
    try {
      const route = await this.routeWith(alert, this.fromSnapshot());
      this.logger.warn(
        route.entityRef
          ? `Catalog unavailable while routing alert '${alert.name}'; routed to ${route.entityRef} from the last known catalog snapshot of ${route.snapshotAt}`
          : `Catalog unavailable while routing alert '${alert.name}' and the last known catalog snapshot matches nothing; leaving it unrouted`,
        cause,
      );
      return { ...route, catalogAvailable: false };
    } catch (error) {
      this.logger.warn(
        `Catalog and its last known snapshot unavailable while routing alert '${alert.name}'; leaving it unrouted`,
        error as Error,
      );
      return { catalogAvailable: false };
    }
  }

  private async routeWith(
    alert: NormalizedAlert,
    lookups: RouteLookups,
  ): Promise<AlertRoute> {
    const routed = (found: Found, via: AlertRouteVia): AlertRoute => ({
      entityRef: found.entityRef,
      via,
      catalogAvailable: true,
      ...(found.snapshotAt && { snapshotAt: found.snapshotAt }),
    });
    const labels = alert.labels ?? {};
    const explicit: [string | undefined, AlertRouteVia][] = [
      [alert.entityRef, 'explicit'],
      [labels[ENTITY_LABEL], 'entity-label'],
    ];
    for (const [raw, via] of explicit) {
      const ref = raw?.trim() ? this.parseRef(raw.trim()) : undefined;
      if (!ref) continue;
      const found = await lookups.byRef(ref);
      if (found) return routed(found, via);
    }

    for (const label of this.routingLabels) {
      const value = labels[label]?.trim();
      if (!value) continue;
      const found = await lookups.byName(value);
      if (found) return routed(found, 'label-name');
    }
    for (const name of alert.entityNames ?? []) {
      const value = name.trim();
      if (!value) continue;
      const found = await lookups.byName(value);
      if (found) return routed(found, 'source-name');
    }

    const selectors = await lookups.selectors();
    // Sorted by specificity then ref, so the first match is the winner.
    const match = selectors.find(s =>
      s.pairs.every(
        ([key, value]) =>
          Object.prototype.hasOwnProperty.call(labels, key) &&
          labels[key] === value,
      ),
    );
    if (match) return routed(match, 'selector');
    return { catalogAvailable: true };
  }

  /** The routing steps' lookups against the snapshot; not cached, it is our database. */
  private fromSnapshot(): RouteLookups {
    const snapshots = this.snapshots!;
    const named = (s: CatalogSnapshot): NamedEntity => ({
      kind: s.kind,
      namespace: s.namespace,
      name: s.name,
      snapshotAt: s.refreshedAt,
    });
    return {
      byRef: async ref => {
        const found = await snapshots.getSnapshot(ref);
        return found
          ? { entityRef: found.entityRef, snapshotAt: found.refreshedAt }
          : undefined;
      },
      byName: async name =>
        pickNamed(name, (await snapshots.findSnapshotsByName(name)).map(named)),
      selectors: async () =>
        this.toSelectors(
          (await snapshots.listSnapshotsWithAlertMatch()).map(s => ({
            entityRef: s.entityRef,
            text: s.alertMatch,
            snapshotAt: s.refreshedAt,
          })),
        ),
    };
  }

  private parseRef(raw: string): string | undefined {
    try {
      return stringifyEntityRef(
        parseEntityRef(raw, {
          defaultKind: 'component',
          defaultNamespace: DEFAULT_NAMESPACE,
        }),
      );
    } catch {
      this.logger.debug(
        `Ignoring alert entity ref '${raw}': not an entity ref`,
      );
      return undefined;
    }
  }

  private async credentials() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  private call<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.timeoutMs, `Catalog ${what}`);
  }

  /** The entity's canonical ref when it exists. */
  private async loadRef(ref: string): Promise<Found | undefined> {
    const { items } = await this.call(
      this.catalog.getEntitiesByRefs(
        { entityRefs: [ref], fields: REF_FIELDS },
        await this.credentials(),
      ),
      `reading ${ref}`,
    );
    const entity = items[0];
    return entity ? { entityRef: stringifyEntityRef(entity) } : undefined;
  }

  /** The preferred Component / Resource / System named `name`, if any. */
  private async loadByName(name: string): Promise<Found | undefined> {
    const { items } = await this.call(
      this.catalog.getEntities(
        {
          // One filter per kind (filters are OR-ed), each requiring the name.
          filter: NAMED_KINDS.map(kind => ({ kind, 'metadata.name': name })),
          fields: REF_FIELDS,
        },
        await this.credentials(),
      ),
      `looking up '${name}'`,
    );
    return pickNamed(
      name,
      items
        .filter(e => e?.metadata)
        .map(e => ({
          kind: e.kind,
          namespace: e.metadata.namespace,
          name: e.metadata.name,
        })),
    );
  }

  /** Every entity with a valid selector, most specific first, then by ref. */
  private async loadSelectors(): Promise<Selector[]> {
    const annotationField = `metadata.annotations.${ANNOTATION_ALERT_MATCH}`;
    const fields = [...REF_FIELDS, annotationField];
    const { credentials } = await this.credentials();
    const entities: Entity[] = [];
    let page = await this.call(
      this.catalog.queryEntities(
        {
          filter: { [annotationField]: CATALOG_FILTER_EXISTS },
          fields,
          limit: PAGE_SIZE,
        },
        { credentials },
      ),
      'listing alert-match selectors',
    );
    entities.push(...page.items);
    while (page.pageInfo.nextCursor) {
      page = await this.call(
        this.catalog.queryEntities(
          { cursor: page.pageInfo.nextCursor, fields, limit: PAGE_SIZE },
          { credentials },
        ),
        'listing alert-match selectors',
      );
      entities.push(...page.items);
    }
    return this.toSelectors(
      entities.map(entity => ({
        entityRef: stringifyEntityRef(entity),
        text: entity.metadata.annotations?.[ANNOTATION_ALERT_MATCH],
      })),
    );
  }

  /** The valid selectors, most specific first, then by ref. */
  private toSelectors(
    entities: Array<{ entityRef: string; text?: unknown; snapshotAt?: string }>,
  ): Selector[] {
    const selectors: Selector[] = [];
    for (const { entityRef, text, snapshotAt } of entities) {
      if (typeof text !== 'string') continue;
      const parsed = parseAlertMatchAnnotation(text);
      if (parsed.ok) {
        selectors.push({
          entityRef,
          pairs: Object.entries(parsed.value),
          ...(snapshotAt && { snapshotAt }),
        });
      } else {
        this.warnOnce(
          `${entityRef}\n${text}`,
          `Ignoring malformed ${ANNOTATION_ALERT_MATCH} annotation of ${entityRef}: ${parsed.problems
            .map(formatAnnotationProblem)
            .join('; ')}`,
        );
      }
    }
    return selectors.sort(
      (a, b) =>
        b.pairs.length - a.pairs.length ||
        compareRefs(a.entityRef, b.entityRef),
    );
  }

  private warnOnce(key: string, message: string) {
    if (this.warned.has(key)) return;
    if (this.warned.size >= MAX_CACHE_ENTRIES) this.warned.clear();
    this.warned.add(key);
    this.logger.warn(message);
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.result as Promise<T>;
    // The pending promise is cached too, so concurrent alerts share one catalog call.
    const result = load();
    this.cache.set(key, { expiresAt: now + this.ttlMs, result });
    this.prune(now);
    result.catch(() => {
      if (this.cache.get(key)?.result === result) this.cache.delete(key);
    });
    return result;
  }

  private prune(now: number) {
    if (this.cache.size <= MAX_CACHE_ENTRIES) return;
    for (const [key, entry] of this.cache) {
      if (entry.expiresAt <= now) this.cache.delete(key);
    }
    for (const key of this.cache.keys()) {
      if (this.cache.size <= MAX_CACHE_ENTRIES) break;
      this.cache.delete(key);
    }
  }
}

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

/** Which routing step picked the entity. */
export type AlertRouteVia =
  | 'explicit'
  | 'entity-label'
  | 'label-name'
  | 'selector';

/** Where {@link AlertRouter.route} sent an alert. */
export interface AlertRoute {
  /** Full entity ref, e.g. `component:default/payments-api`; absent when unrouted. */
  entityRef?: string;
  via?: AlertRouteVia;
  /** False when the catalog could not be read; the alert then stays unrouted. */
  catalogAvailable: boolean;
}

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
  clock?: () => Date;
}

/** The alert label that names an entity outright. */
export const ENTITY_LABEL = 'backstage_entity';

const DEFAULT_ROUTING_LABELS = ['service', 'app'];
const DEFAULT_TTL_MS = 30_000;
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
}

function compareRefs(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
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
 * cannot be read the alert is reported unrouted with `catalogAvailable: false`; the
 * router never throws.
 */
export class AlertRouter {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly logger: LoggerService;
  private readonly routingLabels: string[];
  private readonly ttlMs: number;
  private readonly clock: () => Date;
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
    this.clock = options.clock ?? (() => new Date());
  }

  /** Routes one alert; never throws. */
  async route(alert: NormalizedAlert): Promise<AlertRoute> {
    try {
      return await this.routeOrThrow(alert);
    } catch (error) {
      this.logger.warn(
        `Catalog unavailable while routing alert '${alert.name}'; leaving it unrouted`,
        error as Error,
      );
      return { catalogAvailable: false };
    }
  }

  private async routeOrThrow(alert: NormalizedAlert): Promise<AlertRoute> {
    const labels = alert.labels ?? {};
    const explicit: [string | undefined, AlertRouteVia][] = [
      [alert.entityRef, 'explicit'],
      [labels[ENTITY_LABEL], 'entity-label'],
    ];
    for (const [raw, via] of explicit) {
      const ref = raw?.trim() ? this.parseRef(raw.trim()) : undefined;
      if (!ref) continue;
      const found = await this.cached(`ref:${ref}`, () => this.loadRef(ref));
      if (found) return { entityRef: found, via, catalogAvailable: true };
    }

    for (const label of this.routingLabels) {
      const value = labels[label]?.trim();
      if (!value) continue;
      const found = await this.cached(
        `name:${value.toLocaleLowerCase('en-US')}`,
        () => this.loadByName(value),
      );
      if (found)
        return { entityRef: found, via: 'label-name', catalogAvailable: true };
    }

    const selectors = await this.cached(SELECTORS_KEY, () =>
      this.loadSelectors(),
    );
    // Sorted by specificity then ref, so the first match is the winner.
    const match = selectors.find(s =>
      s.pairs.every(
        ([key, value]) =>
          Object.prototype.hasOwnProperty.call(labels, key) &&
          labels[key] === value,
      ),
    );
    if (match) {
      return {
        entityRef: match.entityRef,
        via: 'selector',
        catalogAvailable: true,
      };
    }
    return { catalogAvailable: true };
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

  /** The entity's canonical ref when it exists. */
  private async loadRef(ref: string): Promise<string | undefined> {
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: [ref], fields: REF_FIELDS },
      await this.credentials(),
    );
    const entity = items[0];
    return entity ? stringifyEntityRef(entity) : undefined;
  }

  /** The preferred Component / Resource / System named `name`, if any. */
  private async loadByName(name: string): Promise<string | undefined> {
    const { items } = await this.catalog.getEntities(
      {
        // One filter per kind (filters are OR-ed), each requiring the name.
        filter: NAMED_KINDS.map(kind => ({ kind, 'metadata.name': name })),
        fields: REF_FIELDS,
      },
      await this.credentials(),
    );
    const lower = name.toLocaleLowerCase('en-US');
    const candidates = items
      .filter(
        e =>
          NAMED_KINDS.includes(e.kind?.toLocaleLowerCase('en-US')) &&
          e.metadata?.name?.toLocaleLowerCase('en-US') === lower,
      )
      .map(e => ({
        rank: NAMED_KINDS.indexOf(e.kind.toLocaleLowerCase('en-US')),
        inDefault:
          (e.metadata.namespace ?? DEFAULT_NAMESPACE) === DEFAULT_NAMESPACE,
        ref: stringifyEntityRef(e),
      }))
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          Number(b.inDefault) - Number(a.inDefault) ||
          compareRefs(a.ref, b.ref),
      );
    return candidates[0]?.ref;
  }

  /** Every entity with a valid selector, most specific first, then by ref. */
  private async loadSelectors(): Promise<Selector[]> {
    const annotationField = `metadata.annotations.${ANNOTATION_ALERT_MATCH}`;
    const fields = [...REF_FIELDS, annotationField];
    const { credentials } = await this.credentials();
    const entities: Entity[] = [];
    let page = await this.catalog.queryEntities(
      {
        filter: { [annotationField]: CATALOG_FILTER_EXISTS },
        fields,
        limit: PAGE_SIZE,
      },
      { credentials },
    );
    entities.push(...page.items);
    while (page.pageInfo.nextCursor) {
      page = await this.catalog.queryEntities(
        { cursor: page.pageInfo.nextCursor, fields, limit: PAGE_SIZE },
        { credentials },
      );
      entities.push(...page.items);
    }

    const selectors: Selector[] = [];
    for (const entity of entities) {
      const text = entity.metadata.annotations?.[ANNOTATION_ALERT_MATCH];
      if (typeof text !== 'string') continue;
      const entityRef = stringifyEntityRef(entity);
      const parsed = parseAlertMatchAnnotation(text);
      if (parsed.ok) {
        selectors.push({ entityRef, pairs: Object.entries(parsed.value) });
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

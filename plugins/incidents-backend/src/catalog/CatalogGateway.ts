import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ALERT_MATCH,
  ANNOTATION_ALERTS,
  ANNOTATION_ONCALL,
  ANNOTATION_RUNBOOK,
  formatAnnotationProblem,
  OncallRotation,
  parseOncallAnnotation,
} from '@firebreak/plugin-incidents-common';
import {
  CatalogSnapshotStore,
  NewCatalogSnapshot,
} from './CatalogSnapshotStore';
import { withTimeout } from './withTimeout';

/** Marks an answer taken from the last known catalog snapshot during an outage. */
export interface SnapshotOrigin {
  /** When the catalog last said this (ISO-8601 UTC). */
  takenAt: string;
  /** How old that was when read, in ms. */
  ageMs: number;
}

/**
 * The outcome of a catalog read: `available: false` when the catalog could not be
 * reached and no snapshot knew the answer (the gateway never throws for that),
 * otherwise the value read; `snapshot` is set when the value came from the last known
 * catalog snapshot because the catalog could not be reached.
 */
export type CatalogResult<T> =
  | { available: true; value: T; snapshot?: SnapshotOrigin }
  | { available: false };

type EntityRead = CatalogResult<Entity | undefined>;

/** A team (Group entity) as the incidents plugin needs it. */
export interface TeamInfo {
  /** Full ref, e.g. `group:default/payments`. */
  groupRef: string;
  title?: string;
  /** Full user refs from the group's `hasMember` relations. */
  members: string[];
  /** The parsed `firebreak.dev/oncall` annotation; absent when missing or malformed. */
  rotation?: OncallRotation;
}

/** Options of {@link CatalogGateway}. */
export interface CatalogGatewayOptions {
  /** The `catalogServiceRef` service. */
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /**
   * How long a read that found the entity is reused; default 30 s. Failures and
   * missing entities are never cached.
   */
  cacheTtlMs?: number;
  /** A catalog call taking longer counts as an outage; default 10 s. */
  timeoutMs?: number;
  /**
   * The last known catalog snapshot: refreshed by every successful read and by
   * {@link CatalogGateway.refreshSnapshot}, answered from while the catalog is down.
   */
  snapshots?: CatalogSnapshotStore;
  clock?: () => Date;
}

/** Kinds {@link CatalogGateway.refreshSnapshot} copies: what alerts route to, and owners. */
export const SNAPSHOT_KINDS = [
  'component',
  'resource',
  'system',
  'api',
  'group',
];

const DEFAULT_TTL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const SNAPSHOT_PAGE_SIZE = 500;
const SNAPSHOT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.profile',
  'relations',
];
/** Above this many cached refs, expired entries are dropped, then the oldest ones. */
const MAX_CACHE_ENTRIES = 5_000;

function refsOf(entity: Entity, type: string): string[] {
  const refs = (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => {
      // The catalog writes full refs; normalising keeps comparisons exact anyway.
      try {
        return stringifyEntityRef(parseEntityRef(r.targetRef));
      } catch {
        return r.targetRef.toLocaleLowerCase('en-US');
      }
    });
  return [...new Set(refs)];
}

/** The `ownedBy` target, else `spec.owner` read as a group in the entity's namespace. */
function ownerOf(entity: Entity): string | undefined {
  const ownedBy = refsOf(entity, RELATION_OWNED_BY)[0];
  if (ownedBy) return ownedBy;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function titleOf(entity: Entity): string | undefined {
  const profile = entity.spec?.profile as { displayName?: unknown } | undefined;
  return (
    entity.metadata.title ??
    (typeof profile?.displayName === 'string' ? profile.displayName : undefined)
  );
}

function annotationOf(entity: Entity, name: string): string | undefined {
  const value = entity.metadata.annotations?.[name];
  return typeof value === 'string' ? value : undefined;
}

function toSnapshot(entity: Entity): NewCatalogSnapshot {
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  const title = titleOf(entity);
  const ownerRef = ownerOf(entity);
  const alertMatch = annotationOf(entity, ANNOTATION_ALERT_MATCH);
  const alerts = annotationOf(entity, ANNOTATION_ALERTS);
  const runbook = annotationOf(entity, ANNOTATION_RUNBOOK);
  const oncall = isGroup ? annotationOf(entity, ANNOTATION_ONCALL) : undefined;
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    ...(title !== undefined && { title }),
    ...(ownerRef !== undefined && { ownerRef }),
    ...(alertMatch !== undefined && { alertMatch }),
    ...(alerts !== undefined && { alerts }),
    ...(runbook !== undefined && { runbook }),
    ...(oncall !== undefined && { oncall }),
    members: isGroup ? refsOf(entity, RELATION_HAS_MEMBER) : [],
  };
}

/**
 * The entity as far as the snapshot knows it, shaped like a catalog read so every
 * method derives its answer the same way from either. Dependencies are not kept.
 */
function entityFromSnapshot(snapshot: NewCatalogSnapshot): Entity {
  const annotations: Record<string, string> = {};
  if (snapshot.alertMatch !== undefined)
    annotations[ANNOTATION_ALERT_MATCH] = snapshot.alertMatch;
  if (snapshot.alerts !== undefined)
    annotations[ANNOTATION_ALERTS] = snapshot.alerts;
  if (snapshot.runbook !== undefined)
    annotations[ANNOTATION_RUNBOOK] = snapshot.runbook;
  if (snapshot.oncall !== undefined)
    annotations[ANNOTATION_ONCALL] = snapshot.oncall;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: snapshot.kind,
    metadata: {
      name: snapshot.name,
      namespace: snapshot.namespace,
      ...(snapshot.title !== undefined && { title: snapshot.title }),
      annotations,
    },
    spec: snapshot.ownerRef ? { owner: snapshot.ownerRef } : {},
    relations: [
      ...(snapshot.ownerRef
        ? [{ type: RELATION_OWNED_BY, targetRef: snapshot.ownerRef }]
        : []),
      ...snapshot.members.map(targetRef => ({
        type: RELATION_HAS_MEMBER,
        targetRef,
      })),
    ],
  };
}

/**
 * Reads the catalog for the incidents plugin with the plugin's own credentials, caching
 * each entity read for a short while. Incident handling must keep working when the
 * catalog is down, so a failing (or too slow) catalog call is logged and answered from
 * the last known catalog snapshot, marked with its age; only when the snapshot does not
 * know the entity either is it reported as `{ available: false }`. Nothing is thrown for
 * an outage. Refs that do not parse are an `InputError`. The gateway is the only writer
 * of the snapshot: every successful read refreshes that entity's row.
 */
export class CatalogGateway {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly logger: LoggerService;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly snapshots?: CatalogSnapshotStore;
  private readonly clock: () => Date;
  private readonly cache = new Map<
    string,
    { expiresAt: number; result: Promise<EntityRead> }
  >();
  // Derived per fetched entity object, so a malformed rotation is parsed and warned
  // about once per catalog read rather than on every request served from the cache.
  private readonly teams = new WeakMap<Entity, TeamInfo>();

  /** Creates a gateway; same as the constructor. */
  static create(options: CatalogGatewayOptions): CatalogGateway {
    return new CatalogGateway(options);
  }

  constructor(options: CatalogGatewayOptions) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.logger = options.logger;
    this.ttlMs = options.cacheTtlMs ?? DEFAULT_TTL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.snapshots = options.snapshots;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * The entity (a ref with a kind, e.g. `component:payments-api`); `value: undefined`
   * when the catalog has no such entity.
   */
  async getEntity(ref: string): Promise<CatalogResult<Entity | undefined>> {
    return this.read(this.normalize(ref));
  }

  /**
   * The owner of an entity as a full ref: the target of its `ownedBy` relation, else
   * `spec.owner` read as a group in the entity's namespace (usually a group, possibly a
   * user). `value: undefined` when the entity does not exist or has no owner.
   */
  async getOwnerRef(
    entityRef: string,
  ): Promise<CatalogResult<string | undefined>> {
    const read = await this.read(this.normalize(entityRef));
    if (!read.available) return read;
    return { ...read, value: read.value ? ownerOf(read.value) : undefined };
  }

  /**
   * A Group's members, title and on-call rotation (`groupRef` may be short, e.g.
   * `payments`). `value: undefined` when there is no such group. A malformed
   * `firebreak.dev/oncall` is logged and treated as no rotation.
   */
  async getTeam(
    groupRef: string,
  ): Promise<CatalogResult<TeamInfo | undefined>> {
    const read = await this.read(this.normalize(groupRef, 'group'));
    if (!read.available) return read;
    const entity = read.value;
    if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'group') {
      return { ...read, value: undefined };
    }
    let team = this.teams.get(entity);
    if (!team) {
      team = this.toTeam(entity);
      this.teams.set(entity, team);
    }
    return { ...read, value: team };
  }

  /**
   * How people read an entity in text the server writes (timeline entries, status
   * updates): a user's or group's profile display name, else the entity's title, else
   * its ref, which also stands in when the catalog cannot be reached or the ref does
   * not parse.
   */
  async displayName(ref: string): Promise<string> {
    let read: CatalogResult<Entity | undefined>;
    try {
      read = await this.getEntity(ref);
    } catch {
      return ref;
    }
    const entity = read.available ? read.value : undefined;
    const profile = entity?.spec?.profile as
      | { displayName?: unknown }
      | undefined;
    const name =
      (typeof profile?.displayName === 'string' && profile.displayName) ||
      entity?.metadata.title;
    return name?.trim() ? name.trim() : ref;
  }

  /** Refs of what the entity depends on (`dependsOn`); empty for an unknown entity. */
  async getDependencies(entityRef: string): Promise<CatalogResult<string[]>> {
    return this.relationTargets(entityRef, RELATION_DEPENDS_ON);
  }

  /** Refs of what depends on the entity (`dependencyOf`); empty for an unknown entity. */
  async getDependents(entityRef: string): Promise<CatalogResult<string[]>> {
    return this.relationTargets(entityRef, RELATION_DEPENDENCY_OF);
  }

  /** Refs of the groups a user is a member of (`memberOf`); empty for an unknown user. */
  async getGroupsOf(userRef: string): Promise<CatalogResult<string[]>> {
    return this.relationTargets(userRef, RELATION_MEMBER_OF);
  }

  private async relationTargets(
    entityRef: string,
    type: string,
  ): Promise<CatalogResult<string[]>> {
    const read = await this.read(this.normalize(entityRef));
    if (!read.available) return read;
    // The snapshot keeps no dependency relations: saying "none" would be wrong.
    if (read.snapshot) return { available: false };
    return {
      available: true,
      value: read.value ? refsOf(read.value, type) : [],
    };
  }

  /**
   * Every entity carrying `annotation`, with the annotation's value, read from the
   * catalog page by page. Throws when the catalog cannot be read, so a scheduled check
   * skips its run rather than act on a partial list.
   */
  async listAnnotated(
    annotation: string,
  ): Promise<Array<{ entityRef: string; value: string }>> {
    const { credentials } = await this.credentials();
    const fields = ['kind', 'metadata.namespace', 'metadata.name'].concat(
      `metadata.annotations.${annotation}`,
    );
    const found: Array<{ entityRef: string; value: string }> = [];
    let cursor: string | undefined;
    do {
      const page = await this.call(
        this.catalog.queryEntities(
          cursor
            ? { cursor, fields, limit: SNAPSHOT_PAGE_SIZE }
            : {
                filter: {
                  [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
                },
                fields,
                limit: SNAPSHOT_PAGE_SIZE,
              },
          { credentials },
        ),
        `listing entities with ${annotation}`,
      );
      for (const entity of page.items) {
        const value = entity.metadata.annotations?.[annotation];
        if (value !== undefined) {
          found.push({ entityRef: stringifyEntityRef(entity), value });
        }
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return found;
  }

  /**
   * Copies every entity of the {@link SNAPSHOT_KINDS} into the snapshot and forgets
   * those the catalog no longer has. Meant for a scheduled task; throws when the
   * catalog cannot be read, leaving the snapshot as it was (nothing is forgotten on a
   * partial read). Idempotent, so two instances running it at once is harmless.
   */
  async refreshSnapshot(): Promise<{ entities: number; removed: number }> {
    const snapshots = this.snapshots;
    if (!snapshots) return { entities: 0, removed: 0 };
    const startedAt = this.clock();
    const { credentials } = await this.credentials();
    let entities = 0;
    let cursor: string | undefined;
    do {
      const page = await this.call(
        this.catalog.queryEntities(
          cursor
            ? { cursor, fields: SNAPSHOT_FIELDS, limit: SNAPSHOT_PAGE_SIZE }
            : {
                filter: SNAPSHOT_KINDS.map(kind => ({ kind })),
                fields: SNAPSHOT_FIELDS,
                limit: SNAPSHOT_PAGE_SIZE,
              },
          { credentials },
        ),
        'listing entities for the snapshot',
      );
      await snapshots.upsertSnapshots(page.items.map(toSnapshot), this.clock());
      entities += page.items.length;
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    const removed = await snapshots.deleteSnapshotsRefreshedBefore(
      startedAt,
      SNAPSHOT_KINDS,
    );
    return { entities, removed };
  }

  private toTeam(entity: Entity): TeamInfo {
    const groupRef = stringifyEntityRef(entity);
    const title = titleOf(entity);
    const team: TeamInfo = {
      groupRef,
      members: refsOf(entity, RELATION_HAS_MEMBER),
      ...(title ? { title } : {}),
    };
    const annotation = entity.metadata.annotations?.[ANNOTATION_ONCALL];
    if (annotation !== undefined) {
      const parsed = parseOncallAnnotation(annotation);
      if (parsed.ok) {
        team.rotation = parsed.value;
      } else {
        this.logger.warn(
          `Ignoring malformed ${ANNOTATION_ONCALL} annotation of ${groupRef}: ${parsed.problems
            .map(formatAnnotationProblem)
            .join('; ')}`,
        );
      }
    }
    return team;
  }

  private normalize(ref: string, defaultKind?: string): string {
    try {
      return stringifyEntityRef(
        parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
      );
    } catch (error) {
      throw new InputError(`Invalid entity ref '${ref}': ${error}`);
    }
  }

  private read(ref: string): Promise<EntityRead> {
    const now = this.clock().getTime();
    const hit = this.cache.get(ref);
    if (hit && hit.expiresAt > now) return hit.result;
    // The pending promise is cached too, so concurrent requests share one catalog call.
    const result = this.load(ref);
    this.cache.set(ref, { expiresAt: now + this.ttlMs, result });
    this.prune(now);
    result.then(r => {
      // Snapshot answers are not reused either: the next read tries the catalog again.
      // Nor is "no such entity": one registered a moment later (as the catalog's first
      // ingestion does at startup) must get its owner on the next incident, not in 30 s.
      const reaskNext = !r.available || r.snapshot || !r.value;
      if (reaskNext && this.cache.get(ref)?.result === result) {
        this.cache.delete(ref);
      }
    });
    return result;
  }

  private async credentials() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  private call<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.timeoutMs, `Catalog ${what}`);
  }

  private async load(ref: string): Promise<EntityRead> {
    let entity: Entity | undefined;
    try {
      const options = await this.credentials();
      entity = await this.call(
        this.catalog.getEntityByRef(ref, options),
        `reading ${ref}`,
      );
    } catch (error) {
      return this.loadSnapshot(ref, error as Error);
    }
    await this.remember(ref, entity);
    return { available: true, value: entity };
  }

  /** Keeps the snapshot in step with a successful read; a failure only costs freshness. */
  private async remember(ref: string, entity: Entity | undefined) {
    if (!this.snapshots) return;
    try {
      if (entity) {
        await this.snapshots.upsertSnapshots(
          [toSnapshot(entity)],
          this.clock(),
        );
      } else {
        await this.snapshots.deleteSnapshot(ref);
      }
    } catch (error) {
      this.logger.warn(
        `Could not update the catalog snapshot of ${ref}`,
        error as Error,
      );
    }
  }

  private async loadSnapshot(ref: string, cause: Error): Promise<EntityRead> {
    let snapshot;
    try {
      snapshot = await this.snapshots?.getSnapshot(ref);
    } catch (error) {
      this.logger.warn(
        `Could not read the catalog snapshot of ${ref}`,
        error as Error,
      );
    }
    if (!snapshot) {
      this.logger.warn(
        `Catalog unavailable while reading ${ref}; continuing without it`,
        cause,
      );
      return { available: false };
    }
    const ageMs = Math.max(
      0,
      this.clock().getTime() - Date.parse(snapshot.refreshedAt),
    );
    this.logger.warn(
      `Catalog unavailable while reading ${ref}; using the last known catalog snapshot of ${snapshot.refreshedAt}`,
      cause,
    );
    return {
      available: true,
      value: entityFromSnapshot(snapshot),
      snapshot: { takenAt: snapshot.refreshedAt, ageMs },
    };
  }

  private prune(now: number) {
    if (this.cache.size <= MAX_CACHE_ENTRIES) return;
    for (const [key, entry] of this.cache) {
      if (entry.expiresAt <= now) this.cache.delete(key);
    }
    // Map iteration is insertion order, so this drops the oldest reads first.
    for (const key of this.cache.keys()) {
      if (this.cache.size <= MAX_CACHE_ENTRIES) break;
      this.cache.delete(key);
    }
  }
}

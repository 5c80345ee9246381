import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ONCALL,
  formatAnnotationProblem,
  OncallRotation,
  parseOncallAnnotation,
} from '@firebreak/plugin-incidents-common';

/**
 * The outcome of a catalog read: `available: false` when the catalog could not be
 * reached (the gateway never throws for that), otherwise the value read.
 */
export type CatalogResult<T> =
  | { available: true; value: T }
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
  /** How long a successful read is reused; default 30 s. Failures are never cached. */
  cacheTtlMs?: number;
  clock?: () => Date;
}

const DEFAULT_TTL_MS = 30_000;
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

/**
 * Reads the catalog for the incidents plugin with the plugin's own credentials, caching
 * each entity read for a short while. Incident handling must keep working when the
 * catalog is down, so a failing catalog call is logged and reported as
 * `{ available: false }` instead of thrown. Refs that do not parse are an `InputError`.
 */
export class CatalogGateway {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly logger: LoggerService;
  private readonly ttlMs: number;
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
    const entity = read.value;
    if (!entity) return { available: true, value: undefined };
    const ownedBy = refsOf(entity, RELATION_OWNED_BY)[0];
    if (ownedBy) return { available: true, value: ownedBy };
    const owner = entity.spec?.owner;
    let value: string | undefined;
    if (typeof owner === 'string' && owner) {
      try {
        value = stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        );
      } catch {
        value = undefined;
      }
    }
    return { available: true, value };
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
      return { available: true, value: undefined };
    }
    let team = this.teams.get(entity);
    if (!team) {
      team = this.toTeam(entity);
      this.teams.set(entity, team);
    }
    return { available: true, value: team };
  }

  /** Refs of what the entity depends on (`dependsOn`); empty for an unknown entity. */
  async getDependencies(entityRef: string): Promise<CatalogResult<string[]>> {
    return this.relationTargets(entityRef, RELATION_DEPENDS_ON);
  }

  /** Refs of what depends on the entity (`dependencyOf`); empty for an unknown entity. */
  async getDependents(entityRef: string): Promise<CatalogResult<string[]>> {
    return this.relationTargets(entityRef, RELATION_DEPENDENCY_OF);
  }

  private async relationTargets(
    entityRef: string,
    type: string,
  ): Promise<CatalogResult<string[]>> {
    const read = await this.read(this.normalize(entityRef));
    if (!read.available) return read;
    return {
      available: true,
      value: read.value ? refsOf(read.value, type) : [],
    };
  }

  private toTeam(entity: Entity): TeamInfo {
    const groupRef = stringifyEntityRef(entity);
    const profile = entity.spec?.profile as
      | { displayName?: unknown }
      | undefined;
    const title =
      entity.metadata.title ??
      (typeof profile?.displayName === 'string'
        ? profile.displayName
        : undefined);
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
      if (!r.available && this.cache.get(ref)?.result === result) {
        this.cache.delete(ref);
      }
    });
    return result;
  }

  private async load(ref: string): Promise<EntityRead> {
    try {
      const credentials = await this.auth.getOwnServiceCredentials();
      const entity = await this.catalog.getEntityByRef(ref, { credentials });
      return { available: true, value: entity };
    } catch (error) {
      this.logger.warn(
        `Catalog unavailable while reading ${ref}; continuing without it`,
        error as Error,
      );
      return { available: false };
    }
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

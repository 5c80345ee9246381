import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  MAINTENANCE_WINDOW_LIMITS,
  MaintenanceWindow,
  MaintenanceWindowState,
} from '@firebreak/plugin-incidents-common';
import { CatalogGateway } from '../catalog/CatalogGateway';
import type { MaintenanceEntityResource } from '../permissions/rules';
import {
  normaliseEntityRef,
  parseInstant,
  requireText,
} from '../validation/inputs';
import {
  MaintenanceWindowRecord,
  MaintenanceWindowStore,
} from './MaintenanceWindowStore';

/** What a caller asks for when starting or scheduling a window (the API body). */
export type MaintenanceWindowRequest = {
  entityRef: string;
  /** Also cover the entities that depend on it (`dependsOn`); default false. */
  includeDependents?: boolean;
  /** Default now; a later start schedules the window. */
  startsAt?: string;
  endsAt: string;
  reason: string;
  /** Severity ids to keep from paging; default all. */
  severities?: string[];
};

/** The catalog reads maintenance needs. */
export type MaintenanceCatalog = Pick<
  CatalogGateway,
  'getEntity' | 'getOwnerRef' | 'getDependencies'
>;

/** Refs as the alert store keeps them: lower case. */
function refKey(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The state of a stored window at `now`. */
export function windowState(
  record: Pick<MaintenanceWindowRecord, 'startsAt' | 'endsAt' | 'endedAt'>,
  now: Date,
): MaintenanceWindowState {
  if (record.endedAt || Date.parse(record.endsAt) <= now.getTime()) {
    return 'ended';
  }
  return Date.parse(record.startsAt) > now.getTime() ? 'scheduled' : 'active';
}

/** A stored window as the API shows it at `now` (the notice claims stay inside). */
function toWindow(
  record: MaintenanceWindowRecord,
  now: Date,
): MaintenanceWindow {
  const { startNotifiedAt: _s, endNotifiedAt: _e, ...shown } = record;
  return { ...shown, state: windowState(record, now) };
}

/**
 * Maintenance windows: an entity's owners declare that alerts about it (and, if they
 * say so, about what depends on it) are expected for a while. Alert ingestion asks
 * {@link MaintenanceService.coverage} which window holds an alert back; such alerts are
 * kept, but open no incident and page nobody. Windows start now or later, last at most
 * a week, and end as planned or early (cancelling one that has not started).
 */
export class MaintenanceService {
  constructor(
    private readonly deps: {
      store: MaintenanceWindowStore;
      catalog: MaintenanceCatalog;
      /** The severity policy's ids, most severe first. */
      severities: readonly string[];
      logger: LoggerService;
      clock: () => Date;
    },
  ) {}

  /**
   * The entity as the manage permission is decided on: its ref and current owner. With
   * `mustExist`, an entity the catalog does not know is a 400 naming `entityRef`. A
   * catalog that cannot be read is a 503: an unknown owner must not decide a refusal.
   */
  async entityResource(
    ref: string,
    options: { mustExist?: boolean } = {},
  ): Promise<MaintenanceEntityResource> {
    const entityRef = refKey(normaliseEntityRef(ref, 'entityRef'));
    const read = await this.deps.catalog.getEntity(entityRef);
    if (!read.available) {
      throw new ServiceUnavailableError(
        `The catalog did not answer, so the owner of ${entityRef} is not known; retry`,
      );
    }
    if (!read.value && options.mustExist) {
      throw new InputError(`entityRef ${entityRef} is not in the catalog`);
    }
    const owner = read.value
      ? await this.deps.catalog.getOwnerRef(entityRef)
      : undefined;
    const ownerRef = owner?.available ? owner.value : undefined;
    return { entityRef, ...(ownerRef && { ownerRef: refKey(ownerRef) }) };
  }

  /**
   * The entity of a window (404 when unknown) as ending it is decided on: the catalog's
   * owner now, else the owner recorded with the window, so that a catalog outage or a
   * removed entity never keeps a window from being ended.
   */
  async windowResource(id: number): Promise<MaintenanceEntityResource> {
    const window = await this.get(id);
    const current = await this.entityResource(window.entityRef).catch(
      () => undefined,
    );
    const ownerRef = current?.ownerRef ?? window.ownerRef;
    return { entityRef: window.entityRef, ...(ownerRef && { ownerRef }) };
  }

  /** The permission resources of entity refs, for the permission framework. */
  async entityResources(
    refs: string[],
  ): Promise<Array<MaintenanceEntityResource | undefined>> {
    return Promise.all(
      refs.map(ref =>
        this.entityResource(ref).catch(error => {
          this.deps.logger.debug(
            `No maintenance permission resource for ${ref}: ${error}`,
          );
          return undefined;
        }),
      ),
    );
  }

  /** Starts (or schedules) a window; every refusal is a 400 naming the field. */
  async create(
    request: MaintenanceWindowRequest,
    actorRef: string,
  ): Promise<MaintenanceWindow> {
    const limits = MAINTENANCE_WINDOW_LIMITS;
    const now = this.deps.clock();
    const reason = requireText(
      typeof request.reason === 'string' ? request.reason : undefined,
      'reason',
      limits.maxReasonLength,
    );
    const startsAt = this.start(request.startsAt, now);
    const endsAt = parseInstant(request.endsAt, 'endsAt');
    const duration = endsAt.getTime() - startsAt.getTime();
    if (duration <= 0) {
      throw new InputError('endsAt must be after startsAt (default now)');
    }
    if (duration < limits.minDurationMs) {
      throw new InputError(
        `endsAt must be at least ${
          limits.minDurationMs / MINUTE
        } minute after startsAt`,
      );
    }
    if (duration > limits.maxDurationMs) {
      throw new InputError(
        `endsAt must be at most ${
          limits.maxDurationMs / DAY
        } days after startsAt`,
      );
    }
    const severities = this.suppressed(request.severities);
    if (
      request.includeDependents !== undefined &&
      typeof request.includeDependents !== 'boolean'
    ) {
      throw new InputError('includeDependents must be true or false');
    }
    const { entityRef, ownerRef } = await this.entityResource(
      request.entityRef,
      { mustExist: true },
    );
    if (
      (await this.deps.store.countOpen(entityRef, now)) >=
      limits.maxOpenPerEntity
    ) {
      throw new ConflictError(
        `${entityRef} already has ${limits.maxOpenPerEntity} maintenance windows that have not ended; end one first`,
      );
    }
    const record = await this.deps.store.create({
      entityRef,
      ownerRef,
      includeDependents: request.includeDependents ?? false,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      reason,
      severities,
      createdBy: actorRef,
      createdAt: now.toISOString(),
    });
    return toWindow(record, now);
  }

  /** One window, or 404. */
  async get(id: number): Promise<MaintenanceWindow> {
    const record = await this.deps.store.get(id);
    if (!record) {
      throw new NotFoundError(`No maintenance window ${id}`);
    }
    return toWindow(record, this.deps.clock());
  }

  /** Windows, newest start first; `ownerRefs` limits them to those owners' entities. */
  async list(options: {
    entityRef?: string;
    state?: MaintenanceWindowState;
    ownerRefs?: string[];
    limit: number;
  }): Promise<MaintenanceWindow[]> {
    const now = this.deps.clock();
    const records = await this.deps.store.list({
      entityRef: options.entityRef && refKey(options.entityRef),
      state: options.state,
      ownerRefs: options.ownerRefs?.map(refKey),
      at: now,
      limit: options.limit,
    });
    return records.map(record => toWindow(record, now));
  }

  /**
   * Ends a window now (cancels it when it has not started); 404 when unknown. Ending
   * one that has ended already answers it as it is.
   */
  async end(id: number, actorRef: string): Promise<MaintenanceWindow> {
    await this.get(id);
    await this.deps.store.end(id, this.deps.clock(), actorRef);
    return this.get(id);
  }

  /**
   * Which window holds back an alert on an entity at `at`: one read of the windows in
   * force, then per alert a match on the entity itself, or (for windows that include
   * dependents) on what the entity depends on, read from the catalog only when such a
   * window is in force. While the catalog cannot say, dependents page as usual.
   */
  async coverage(
    at: Date,
  ): Promise<
    (entityRef: string, severity: string) => Promise<number | undefined>
  > {
    const active = await this.deps.store.listActive(at);
    if (!active.length) return async () => undefined;
    const dependencies = new Map<string, Promise<string[]>>();
    const dependenciesOf = (entityRef: string) => {
      let found = dependencies.get(entityRef);
      if (!found) {
        found = this.deps.catalog.getDependencies(entityRef).then(
          read => (read.available ? read.value.map(refKey) : []),
          () => [],
        );
        dependencies.set(entityRef, found);
      }
      return found;
    };
    return async (ref, severity) => {
      const entityRef = refKey(ref);
      const applies = active.filter(
        w => !w.severities || w.severities.includes(severity),
      );
      const own = applies.find(w => w.entityRef === entityRef);
      if (own) return own.id;
      const upstream = applies.filter(w => w.includeDependents);
      if (!upstream.length) return undefined;
      const dependsOn = await dependenciesOf(entityRef);
      return upstream.find(w => dependsOn.includes(w.entityRef))?.id;
    };
  }

  /** The start: default now; a few minutes in the past counts as now, more is refused. */
  private start(value: string | undefined, now: Date): Date {
    if (value === undefined) return now;
    const startsAt = parseInstant(value, 'startsAt');
    const tolerance = MAINTENANCE_WINDOW_LIMITS.pastStartToleranceMs;
    if (startsAt.getTime() < now.getTime() - tolerance) {
      throw new InputError(
        'startsAt must not be in the past: leave it out to start now',
      );
    }
    return startsAt < now ? now : startsAt;
  }

  /** The severity ids a window suppresses, in policy order; undefined for all. */
  private suppressed(value: unknown): string[] | undefined {
    if (value === undefined) return undefined;
    const known = this.deps.severities;
    if (!Array.isArray(value) || !value.length) {
      throw new InputError(
        `severities must list at least one of ${known.join(
          ', ',
        )}, or be left out for all`,
      );
    }
    for (const id of value) {
      if (typeof id !== 'string' || !known.includes(id)) {
        throw new InputError(
          `severities: '${String(id).slice(
            0,
            64,
          )}' is not a severity of the policy (${known.join(', ')})`,
        );
      }
    }
    return known.filter(id => value.includes(id));
  }
}

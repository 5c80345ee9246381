import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  ANNOTATION_HEARTBEATS,
  formatAnnotationProblem,
  HeartbeatDeclaration,
  HeartbeatStatus,
  parseHeartbeatsAnnotation,
} from '@firebreak/plugin-incidents-common';
import { NormalizedAlert } from '@firebreak/plugin-incidents-node';
import { Duration } from 'luxon';
import { CatalogResult } from '../catalog/CatalogGateway';
import { HeartbeatState, HeartbeatStore } from './HeartbeatStore';

/** Alerts of missed heartbeats arrive as if from this source. */
export const HEARTBEAT_SOURCE = 'heartbeat';
/** Who the timeline names for what the scheduled check raised. */
const CHECK_ACTOR = 'heartbeat-check';

/** The catalog reads heartbeats need. */
export type HeartbeatCatalog = {
  getEntity(ref: string): Promise<CatalogResult<Entity | undefined>>;
  listAnnotated(
    annotation: string,
  ): Promise<Array<{ entityRef: string; value: string }>>;
};

/** The answer to a ping. */
export type HeartbeatPing = {
  entityRef: string;
  name: string;
  pingedAt: string;
  /** When the heartbeat counts as missed without another ping. */
  dueBy: string;
};

/** Refs as the alert store keeps them: lower case. */
function refKey(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/** One heartbeat's key in the maps and sets of a check. */
function keyOf(entityRef: string, name: string): string {
  return `${entityRef} ${name}`;
}

function deadline(from: string | Date, heartbeat: HeartbeatDeclaration): Date {
  const ms =
    Duration.fromISO(heartbeat.interval).toMillis() +
    Duration.fromISO(heartbeat.grace).toMillis();
  return new Date(new Date(from).getTime() + ms);
}

/**
 * Dead-man switches: jobs declare heartbeats on their entity and ping them; the
 * scheduled {@link HeartbeatService.check} raises an alert on the entity for each one
 * that stayed silent past its interval and grace, through alert ingestion (routed,
 * deduplicated and opening incidents like any alert), and the next ping resolves it.
 */
export class HeartbeatService {
  constructor(
    private readonly deps: {
      store: HeartbeatStore;
      catalog: HeartbeatCatalog;
      ingest: (
        sourceId: string,
        alerts: NormalizedAlert[],
        actorRef: string,
      ) => Promise<unknown>;
      severities: readonly string[];
      logger: LoggerService;
      clock: () => Date;
    },
  ) {}

  /** Records a ping of `name` on the entity; resolves its missed alert, if raised. */
  async ping(
    ref: string,
    name: string,
    actorRef: string,
  ): Promise<HeartbeatPing> {
    const entityRef = refKey(ref);
    const read = await this.deps.catalog.getEntity(entityRef);
    if (!read.available) {
      throw new ServiceUnavailableError(
        `The catalog did not answer, so heartbeat '${name}' of ${entityRef} could not be checked; retry`,
      );
    }
    const heartbeat = this.declared(read.value).find(h => h.name === name);
    if (!read.value || !heartbeat) {
      throw new NotFoundError(
        read.value
          ? `${entityRef} declares no heartbeat '${name}' in ${ANNOTATION_HEARTBEATS}`
          : `${entityRef} is not in the catalog`,
      );
    }
    const now = this.deps.clock();
    // The alert resolves before the state clears: should the resolution fail, the
    // heartbeat stays missed and the sender's retry (or the next ping) resolves it.
    const [state] = (await this.deps.store.list([entityRef])).filter(
      s => s.name === name,
    );
    if (state?.missedAt) {
      await this.deps.ingest(
        HEARTBEAT_SOURCE,
        [this.alert(entityRef, heartbeat, 'resolve')],
        actorRef,
      );
    }
    await this.deps.store.recordPing(entityRef, name, now);
    return {
      entityRef,
      name,
      pingedAt: now.toISOString(),
      dueBy: deadline(now, heartbeat).toISOString(),
    };
  }

  /** The heartbeats the entity declares, each with its last ping and deadline. */
  async listForEntity(ref: string): Promise<HeartbeatStatus[]> {
    const entityRef = refKey(ref);
    const read = await this.deps.catalog.getEntity(entityRef);
    if (!read.available) {
      throw new ServiceUnavailableError(
        `The catalog did not answer, so the heartbeats of ${entityRef} are not known; retry`,
      );
    }
    const declared = this.declared(read.value);
    if (!declared.length) return [];
    const states = await this.deps.store.list([entityRef]);
    return declared.map(heartbeat => {
      const state = states.find(s => s.name === heartbeat.name);
      if (state?.missedAt) {
        return {
          ...heartbeat,
          state: 'missed',
          ...(state.lastPingAt && { lastPingAt: state.lastPingAt }),
          missedAt: state.missedAt,
        };
      }
      if (!state?.lastPingAt) {
        return {
          ...heartbeat,
          state: 'waiting',
          ...(state && {
            dueBy: deadline(state.declaredAt, heartbeat).toISOString(),
          }),
        };
      }
      return {
        ...heartbeat,
        state: 'ok',
        lastPingAt: state.lastPingAt,
        dueBy: deadline(state.lastPingAt, heartbeat).toISOString(),
      };
    });
  }

  /**
   * Raises the alert of every declared heartbeat past its deadline. Safe on several
   * instances at once: each missed spell is claimed in the database, once.
   */
  async check(): Promise<{
    heartbeats: number;
    missed: number;
    forgotten: number;
  }> {
    const now = this.deps.clock();
    // Entities whose annotation does not parse keep their state until it is fixed.
    const malformed = new Set<string>();
    const declared = (
      await this.deps.catalog.listAnnotated(ANNOTATION_HEARTBEATS)
    ).flatMap(({ entityRef, value }) => {
      const heartbeats = this.parse(entityRef, value);
      if (!heartbeats) malformed.add(refKey(entityRef));
      return (heartbeats ?? []).map(heartbeat => ({
        entityRef: refKey(entityRef),
        heartbeat,
      }));
    });
    // One read of the table serves both the forgetting and the deadlines.
    await this.deps.store.ensureDeclared(
      declared.map(d => ({ entityRef: d.entityRef, name: d.heartbeat.name })),
      now,
    );
    const states = new Map<string, HeartbeatState>();
    for (const state of await this.deps.store.listAll()) {
      states.set(keyOf(state.entityRef, state.name), state);
    }
    const forgotten = await this.forgetUndeclared(
      states,
      new Set(declared.map(d => keyOf(d.entityRef, d.heartbeat.name))),
      malformed,
    );
    let missed = 0;
    for (const { entityRef, heartbeat } of declared) {
      const state = states.get(keyOf(entityRef, heartbeat.name));
      if (!state || state.missedAt) continue;
      const due = deadline(state.lastPingAt ?? state.declaredAt, heartbeat);
      if (now < due) continue;
      if (!(await this.deps.store.claimMissed(state, now))) continue;
      missed += 1;
      await this.deps.ingest(
        HEARTBEAT_SOURCE,
        [this.alert(entityRef, heartbeat, 'trigger', state)],
        CHECK_ACTOR,
      );
      // A ping between the claim and the alert found nothing to resolve yet: resolve now.
      if (
        !(await this.deps.store.isMissedSince(entityRef, heartbeat.name, now))
      ) {
        await this.deps.ingest(
          HEARTBEAT_SOURCE,
          [this.alert(entityRef, heartbeat, 'resolve')],
          CHECK_ACTOR,
        );
      }
    }
    return { heartbeats: declared.length, missed, forgotten };
  }

  /**
   * Forgets heartbeats no entity declares any more (removed from the annotation, or
   * the entity from the catalog), resolving the alert of one that was missed: nobody
   * will ping it again.
   */
  private async forgetUndeclared(
    states: Map<string, HeartbeatState>,
    declared: Set<string>,
    malformed: Set<string>,
  ): Promise<number> {
    let forgotten = 0;
    for (const [key, state] of states) {
      if (declared.has(key)) continue;
      if (malformed.has(state.entityRef)) continue;
      if (state.missedAt) {
        await this.deps.ingest(
          HEARTBEAT_SOURCE,
          [this.alert(state.entityRef, { name: state.name }, 'resolve')],
          CHECK_ACTOR,
        );
      }
      await this.deps.store.forget(state.entityRef, state.name);
      forgotten += 1;
    }
    return forgotten;
  }

  private declared(entity: Entity | undefined): HeartbeatDeclaration[] {
    const value = entity?.metadata.annotations?.[ANNOTATION_HEARTBEATS];
    if (!entity || value === undefined) return [];
    return this.parse(`${entity.kind}:${entity.metadata.name}`, value) ?? [];
  }

  /** The declarations, or undefined (and a warning) when the annotation does not parse. */
  private parse(
    entityRef: string,
    value: string,
  ): HeartbeatDeclaration[] | undefined {
    const parsed = parseHeartbeatsAnnotation(value, {
      severities: this.deps.severities,
    });
    if (parsed.ok) return parsed.value;
    // The catalog module reports the problems to the owner; nothing is checked meanwhile.
    this.deps.logger.warn(
      `Ignoring the malformed ${ANNOTATION_HEARTBEATS} annotation of ${entityRef}: ${parsed.problems
        .map(formatAnnotationProblem)
        .join('; ')}`,
    );
    return undefined;
  }

  private alert(
    entityRef: string,
    heartbeat: Pick<HeartbeatDeclaration, 'name'> &
      Partial<HeartbeatDeclaration>,
    action: 'trigger' | 'resolve',
    state?: HeartbeatState,
  ): NormalizedAlert {
    const silentSince = state?.lastPingAt
      ? `no ping since ${state.lastPingAt}`
      : `no ping since it was declared at ${state?.declaredAt}`;
    return {
      action,
      dedupKey: `${entityRef}/${heartbeat.name}`,
      name: `HeartbeatMissed ${heartbeat.name}`,
      ...(action === 'trigger' && {
        summary: `Heartbeat ${
          heartbeat.name
        } missed: ${silentSince} (expected every ${heartbeat.interval}, grace ${
          heartbeat.grace
        })${heartbeat.description ? `. ${heartbeat.description}` : ''}`,
        ...(heartbeat.severity && { severity: heartbeat.severity }),
      }),
      labels: { heartbeat: heartbeat.name },
      annotations: {},
      entityRef,
    };
  }
}

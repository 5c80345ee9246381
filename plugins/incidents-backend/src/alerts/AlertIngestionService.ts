import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Alert,
  canTransition,
  findSeverity,
  IncidentStatus,
  isOpenStatus,
  OPEN_STATUSES,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import {
  AlertIngestResult,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';
import { createHash } from 'node:crypto';
import { EntityGroupLock } from './EntityGroupLock';
import { AlertStore } from './AlertStore';
import { IncidentAlert, IncidentService } from '../incidents/IncidentService';

/** Where an alert goes: the entity it is about, if any matched. */
export type AlertRouting = {
  route(alert: NormalizedAlert): Promise<{
    entityRef?: string;
    catalogAvailable: boolean;
    /** Set when routed from the last known catalog snapshot (catalog down). */
    snapshotAt?: string;
  }>;
};

/** The runbook (and table severity) of an alert on an entity. */
export type AlertRunbooks = {
  resolve(
    entityRef: string | undefined,
    alert: { name: string; annotations: Record<string, string> },
  ): Promise<{
    runbookUrl?: string;
    runbookFrom?: Alert['runbookFrom'];
    severity?: string;
    description?: string;
    sourceUrl?: string;
  }>;
};

/**
 * Which maintenance window, if any, holds an alert back from incidents and paging: the
 * id of an active window covering the entity whose severities include the alert's.
 */
export type MaintenanceLookup = (
  entityRef: string,
  severity: string,
) => Promise<number | undefined>;

/** The maintenance windows in force, as ingestion asks about them. */
export type AlertMaintenance = {
  /** A lookup over the windows active at `at`: one read of the windows, however used. */
  coverage(at: Date): Promise<MaintenanceLookup>;
};

/** Ingestion settings from `incidents.alerts` in app-config. */
export type AlertIngestionSettings = {
  /** An open incident on the entity detected or changed this recently is joined, in ms. */
  groupingWindowMs: number;
  /** Sender severities (lower-cased) to policy ids, e.g. critical → P1. */
  severityMap: Record<string, string>;
  /** Severity when nothing else says. */
  defaultSeverity: string;
  /** Status an incident moves to when all its alerts resolve; undefined keeps it as is. */
  resolveIncidentTo?: IncidentStatus;
};

/** Default sender-severity mapping (Alertmanager and Events API v2 vocabularies). */
export const DEFAULT_SEVERITY_MAP: Record<string, string> = {
  critical: 'P1',
  page: 'P1',
  error: 'P2',
  high: 'P2',
  warning: 'P3',
  medium: 'P3',
  low: 'P4',
  info: 'P5',
  informational: 'P5',
};

/**
 * The ingestion rules: dedup per (entity, dedup key) while open (enforced by the
 * database), routing, runbook and severity resolution, opening or joining incidents,
 * and moving incidents on when all their alerts resolve. Every step lands on the
 * incident's timeline. Nothing accepted is dropped: unroutable alerts are stored in the
 * unrouted inbox.
 */
export class AlertIngestionService {
  /** Serialises incident opening per entity in this process, so distinct alerts group. */
  private readonly entityLocks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      alerts: AlertStore;
      /** The one writer of incident rows, links and timelines. */
      incidents: IncidentService;
      routing: AlertRouting;
      runbooks: AlertRunbooks;
      severities: SeverityLevel[];
      settings: AlertIngestionSettings;
      logger: LoggerService;
      /** Serialises grouping across instances; without it, only within this process. */
      groupLock?: EntityGroupLock;
      /** Active maintenance windows; without it, nothing is in maintenance. */
      maintenance?: AlertMaintenance;
      clock?: () => Date;
    },
  ) {}

  /** Ingests a batch from one source, in order; the caller authenticated the sender. */
  async ingest(
    sourceId: string,
    batch: NormalizedAlert[],
    actorRef: string,
  ): Promise<AlertIngestResult[]> {
    const results: AlertIngestResult[] = [];
    // Read once per batch, and only when a routed alert fires: the windows in force.
    let coverage: Promise<MaintenanceLookup> | undefined;
    const inMaintenance: MaintenanceLookup = async (entityRef, severity) => {
      const { maintenance } = this.deps;
      if (!maintenance) return undefined;
      coverage ??= maintenance.coverage(this.now());
      return (await coverage)(entityRef, severity);
    };
    for (const alert of batch) {
      if (alert.action === 'trigger') {
        results.push(
          await this.trigger(sourceId, alert, actorRef, inMaintenance),
        );
      } else {
        results.push(await this.settle(sourceId, alert, actorRef));
      }
    }
    return results;
  }

  private now() {
    return this.deps.clock?.() ?? new Date();
  }

  private async trigger(
    sourceId: string,
    alert: NormalizedAlert,
    actorRef: string,
    inMaintenance: MaintenanceLookup,
  ): Promise<AlertIngestResult> {
    const dedupKey = alert.dedupKey ?? deriveDedupKey(sourceId, alert);
    const { entityRef, snapshotAt } = await this.deps.routing.route(alert);
    const runbook = await this.deps.runbooks.resolve(entityRef, alert);
    const severity = this.mapSeverity(alert, runbook.severity);
    const maintenanceWindowId = entityRef
      ? await inMaintenance(entityRef, severity)
      : undefined;
    const { alert: stored, created } = await this.deps.alerts.upsertFiring(
      {
        source: sourceId,
        dedupKey,
        entityRef,
        name: alert.name,
        summary: alert.summary ?? runbook.description,
        sourceSeverity: alert.severity,
        severity,
        labels: alert.labels,
        annotations: alert.annotations,
        sourceUrl: alert.sourceUrl ?? runbook.sourceUrl,
        runbookUrl: runbook.runbookUrl,
        runbookFrom: runbook.runbookFrom,
        maintenanceWindowId,
      },
      this.now(),
    );
    const base = { dedupKey, alertId: stored.id, entityRef };
    // Stored and resolvable like any alert, but no incident and so no page while a
    // window covers it. An alert that fired in a window and still fires after it (the
    // sender repeats it) opens or joins an incident then, as after a silence expires.
    if (stored.incidentId === undefined && maintenanceWindowId !== undefined) {
      return {
        ...base,
        outcome: created ? 'opened' : 'repeated',
        message: `${
          created ? 'Stored' : `Repeat ${stored.count} of an open alert`
        } in maintenance (window ${maintenanceWindowId}): no incident opened, nobody paged`,
      };
    }
    // A repeat of a routed alert that has no incident was accepted by a process that
    // died before linking it: the sender's retry finishes the job.
    if (!created && !(stored.entityRef && stored.incidentId === undefined)) {
      return {
        ...base,
        outcome: 'repeated',
        incidentId: stored.incidentId,
        message: `Repeat ${stored.count} of an open alert`,
      };
    }
    if (!entityRef) {
      return {
        ...base,
        outcome: 'opened',
        message: 'Stored in the unrouted inbox: no entity matched',
      };
    }
    const incidentId = await this.withEntityLock(entityRef, async () => {
      // Another request (here or on another instance) may have linked it meanwhile.
      const current = created
        ? stored
        : await this.deps.alerts.getAlert(stored.id);
      return (
        current?.incidentId ??
        this.openOrJoin(stored, severity, alert.startsAt, actorRef, snapshotAt)
      );
    });
    if (!created) {
      return {
        ...base,
        outcome: 'repeated',
        incidentId,
        message: `Repeat ${stored.count} of an open alert, linked to INC-${incidentId}`,
      };
    }
    return {
      ...base,
      outcome: 'opened',
      incidentId,
      message: `Linked to INC-${incidentId}`,
    };
  }

  private async openOrJoin(
    alert: Alert,
    severity: string,
    startsAt: string | undefined,
    actorRef: string,
    snapshotAt?: string,
  ): Promise<number> {
    const { incidents, settings } = this.deps;
    const now = this.now();
    const incidentAlert: IncidentAlert = {
      id: alert.id,
      name: alert.name,
      source: alert.source,
      dedupKey: alert.dedupKey,
      severity,
      runbookUrl: alert.runbookUrl,
      snapshotAt,
    };
    const open = await incidents.list(
      {
        entityRefs: [alert.entityRef!],
        statuses: [...OPEN_STATUSES],
        // Only incidents that existed when the alert arrived: history written as of an
        // earlier instant (seeding) must not join an incident declared after it.
        to: new Date(now.getTime() + 1),
      },
      { limit: 1 },
    );
    const candidate = open.items[0];
    const recent =
      candidate &&
      now.getTime() -
        Math.max(
          Date.parse(candidate.detectedAt),
          Date.parse(candidate.updatedAt),
        ) <=
        settings.groupingWindowMs;
    if (candidate && recent) {
      await incidents.joinAlert(candidate.id, incidentAlert, actorRef);
      return candidate.id;
    }
    const incident = await incidents.declare(
      {
        title: alert.summary
          ? `${alert.name}: ${alert.summary}`.slice(0, 200)
          : alert.name.slice(0, 200),
        description: describeAlert(alert),
        severity,
        entityRef: alert.entityRef!,
        source: alert.source,
        // The sender's clock may run ahead of ours: a start is never after its detection.
        startedAt: startsAt
          ? new Date(
              Math.min(Date.parse(startsAt), now.getTime()),
            ).toISOString()
          : undefined,
        links: [
          ...(alert.sourceUrl && isHttpUrl(alert.sourceUrl)
            ? [{ title: 'Alert source', url: alert.sourceUrl }]
            : []),
          ...(alert.runbookUrl
            ? [{ title: 'Runbook', url: alert.runbookUrl }]
            : []),
        ],
      },
      actorRef,
      { openedBy: incidentAlert },
    );
    return incident.id;
  }

  /** Acknowledge or resolve the open alerts with this key. */
  private async settle(
    sourceId: string,
    alert: NormalizedAlert,
    actorRef: string,
  ): Promise<AlertIngestResult> {
    const dedupKey = alert.dedupKey ?? deriveDedupKey(sourceId, alert);
    const now = this.now();
    // A resolution takes the sender's end time when it gives one, never a future one.
    const at =
      alert.action === 'resolve' && alert.endsAt
        ? new Date(Math.min(Date.parse(alert.endsAt), now.getTime()))
        : now;
    const settled =
      alert.action === 'resolve'
        ? await this.deps.alerts.resolve(sourceId, dedupKey, at)
        : await this.deps.alerts.acknowledge(sourceId, dedupKey, now);
    if (!settled.length) {
      return {
        outcome: 'ignored',
        dedupKey,
        message: `No open alert with this dedup key; ${alert.action} dropped`,
      };
    }
    const action = alert.action === 'resolve' ? 'resolve' : 'acknowledge';
    for (const stored of settled) {
      if (stored.incidentId !== undefined) {
        await this.followIncident(stored, action, actorRef);
      }
    }
    return {
      outcome: alert.action === 'resolve' ? 'resolved' : 'acknowledged',
      dedupKey,
      alertId: settled[0].id,
      incidentId: settled[0].incidentId,
      entityRef: settled[0].entityRef,
      message: `${settled.length} alert(s) ${
        alert.action === 'resolve' ? 'resolved' : 'acknowledged'
      }`,
    };
  }

  private async followIncident(
    alert: Alert,
    action: 'acknowledge' | 'resolve',
    actorRef: string,
  ) {
    const { incidents, settings } = this.deps;
    const incidentId = alert.incidentId!;
    await incidents.recordAlertEvent(
      incidentId,
      {
        message: `Alert ${alert.name} ${
          action === 'resolve' ? 'resolved' : 'acknowledged'
        } at its source`,
        data: { alertId: alert.id, action },
      },
      actorRef,
    );
    const incident = await incidents.get(incidentId);
    if (!isOpenStatus(incident.status)) return;
    let to: IncidentStatus | undefined;
    if (action === 'acknowledge' && incident.status === 'triggered') {
      to = 'acknowledged';
    } else if (
      action === 'resolve' &&
      settings.resolveIncidentTo &&
      incident.status !== settings.resolveIncidentTo &&
      (await this.deps.alerts.countOpenAlerts(incidentId)) === 0
    ) {
      to = settings.resolveIncidentTo;
    }
    if (to && canTransition(incident.status, to)) {
      try {
        await incidents.transition(incidentId, to, actorRef, {
          message:
            action === 'resolve'
              ? 'All alerts resolved'
              : 'Alert acknowledged at its source',
          // The sender reporting an acknowledgement is someone taking it on; all alerts
          // resolving is not, however far it moves the incident.
          acknowledges: action === 'acknowledge',
        });
      } catch (error) {
        // A responder moved it first; their change wins, the alert is still recorded.
        this.deps.logger.info(
          `Did not move INC-${incidentId} to ${to}: ${error}`,
        );
      }
    }
  }

  /**
   * The incident severity of an alert: a label naming a policy level outright, else the
   * entity's runbook table, else the sender's severity through the mapping, else default.
   */
  private mapSeverity(alert: NormalizedAlert, tableSeverity?: string): string {
    const { severities, settings } = this.deps;
    const raw = alert.severity?.trim();
    if (raw && findSeverity(severities, raw)) return raw;
    if (raw && findSeverity(severities, raw.toUpperCase()))
      return raw.toUpperCase();
    if (tableSeverity && findSeverity(severities, tableSeverity))
      return tableSeverity;
    const mapped = raw ? settings.severityMap[raw.toLowerCase()] : undefined;
    if (mapped && findSeverity(severities, mapped)) return mapped;
    return settings.defaultSeverity;
  }

  private async withEntityLock<T>(
    entityRef: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    // In-process queue first, so one process holds at most one database lock per entity.
    const previous = this.entityLocks.get(entityRef) ?? Promise.resolve();
    const groupLock = this.deps.groupLock;
    const locked = groupLock ? () => groupLock.withLock(entityRef, fn) : fn;
    const run = previous.catch(() => undefined).then(locked);
    this.entityLocks.set(entityRef, run);
    try {
      return await run;
    } finally {
      if (this.entityLocks.get(entityRef) === run)
        this.entityLocks.delete(entityRef);
    }
  }
}

/** A stable key for alerts sent without one: the source, name and sorted labels. */
export function deriveDedupKey(
  sourceId: string,
  alert: NormalizedAlert,
): string {
  const labels = Object.keys(alert.labels)
    .sort()
    .map(key => [key, alert.labels[key]]);
  return createHash('sha256')
    .update(JSON.stringify([sourceId, alert.name, labels]))
    .digest('hex')
    .slice(0, 32);
}

function isHttpUrl(value: string) {
  return /^https?:\/\//i.test(value);
}

function describeAlert(alert: Alert): string {
  const labels = Object.entries(alert.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    alert.summary,
    `Alert \`${alert.name}\` from ${alert.source}.`,
    labels ? `Labels: ${labels}` : undefined,
    alert.runbookUrl
      ? `Runbook: ${alert.runbookUrl}`
      : 'No runbook is linked for this alert.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

import { LoggerService } from '@backstage/backend-plugin-api';
import {
  findSeverity,
  Incident,
  OPEN_STATUSES,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import { IncidentPager } from '../incidents/IncidentPager';
import { IncidentStore } from '../incidents/IncidentStore';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { planEscalation } from '../oncall/escalationPlan';
import { OncallService } from '../oncall/OncallService';

/** What the escalator reads: it writes nothing itself. */
export type EscalationReads = Pick<
  IncidentStore,
  'listIncidents' | 'getEscalationLevels' | 'getLastStatusUpdateTimes'
>;

/** How the escalator records a step: through the incidents feature, which owns the rows. */
export type EscalationRecorder = Pick<
  IncidentPager,
  'recordEscalation' | 'recordReminder'
>;

/** What one run did. */
export type EscalationRunResult = { escalated: number; reminded: number };

const PAGE_SIZE = 200;

/**
 * The scheduled duty of the incidents plugin: escalates unacknowledged incidents along
 * the owner team's escalation policy ({@link planEscalation}: its levels and delays, or
 * the flat chain one step per acknowledgement target),
 * and reminds the commander when a status update is overdue. Each step is claimed in the
 * database together with its timeline entry and its queued page, and the claim re-checks
 * that the incident is still open and unacknowledged, so several instances running it at
 * once page once, and an acknowledgement that lands after the read stops the page.
 */
export class IncidentEscalator {
  constructor(
    private readonly deps: {
      store: EscalationReads;
      incidents: EscalationRecorder;
      severities: SeverityLevel[];
      oncall: Pick<OncallService, 'getOncallForEntity'>;
      /** Names the person paged in the timeline entry. */
      catalog: Pick<CatalogGateway, 'displayName'>;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  async run(): Promise<EscalationRunResult> {
    const now = this.deps.clock?.() ?? new Date();
    const result: EscalationRunResult = { escalated: 0, reminded: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.listIncidents(
        { statuses: [...OPEN_STATUSES] },
        { limit: PAGE_SIZE, cursor },
      );
      const ids = page.items.map(i => i.id);
      const [levels, lastUpdates] = await Promise.all([
        this.deps.store.getEscalationLevels(ids),
        this.deps.store.getLastStatusUpdateTimes(ids),
      ]);
      for (const incident of page.items) {
        const severity = findSeverity(this.deps.severities, incident.severity);
        if (!severity) continue;
        try {
          if (
            await this.escalate(
              incident,
              severity,
              levels.get(incident.id) ?? 0,
              now,
            )
          ) {
            result.escalated++;
          }
          if (
            await this.remind(
              incident,
              severity,
              lastUpdates.get(incident.id),
              now,
            )
          ) {
            result.reminded++;
          }
        } catch (error) {
          // One broken incident must not stop the duty for the others.
          this.deps.logger.warn(
            `Escalation check of ${incident.ref} failed: ${error}`,
            error instanceof Error ? error : undefined,
          );
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return result;
  }

  private async escalate(
    incident: Incident,
    severity: SeverityLevel,
    level: number,
    now: Date,
  ): Promise<boolean> {
    if (incident.acknowledgedAt) return false;
    const { oncall } = await this.deps.oncall.getOncallForEntity(
      incident.entityRef,
      now,
    );
    const plan = planEscalation({
      oncall,
      severity,
      detectedAt: incident.detectedAt,
    });
    const step = plan.levels[level];
    if (!step || now.getTime() < step.atMs) return false;
    // A level nobody fills (no secondary right now) still pages someone: the owner team.
    const recipients = step.targets.length
      ? step.targets
      : [incident.ownerRef].filter((ref): ref is string => !!ref);
    const names = (
      await Promise.all(recipients.map(r => this.deps.catalog.displayName(r)))
    ).join(', ');
    const why =
      plan.source === 'flat'
        ? `Not acknowledged within ${severity.acknowledgeWithin}`
        : `Not acknowledged ${step.after} after ${
            level === 0 ? 'the first page' : `level ${level}`
          }`;
    return this.deps.incidents.recordEscalation({
      incidentId: incident.id,
      fromLevel: level,
      severity,
      recipients,
      at: now,
      message: `${why}: escalated to ${names || 'nobody'} (level ${
        step.level
      } of ${plan.levels.length})`,
    });
  }

  private async remind(
    incident: Incident,
    severity: SeverityLevel,
    lastUpdate: Date | undefined,
    now: Date,
  ): Promise<boolean> {
    if (!severity.updateEvery || !incident.acknowledgedAt) return false;
    const period = Duration.fromISO(severity.updateEvery).toMillis();
    const since = lastUpdate ?? new Date(incident.acknowledgedAt);
    const dueAt = new Date(since.getTime() + period);
    if (now.getTime() < dueAt.getTime()) return false;
    // Once per period while no update is posted: claim the start of the period `now`
    // falls in, so a reminder sent earlier in it blocks this one but not the next.
    const periodStart = new Date(
      since.getTime() +
        Math.floor((now.getTime() - since.getTime()) / period) * period,
    );
    const commanders = incident.roles
      .filter(r => r.role === 'commander')
      .map(r => r.userRef);
    const recipients = commanders.length
      ? commanders
      : [
          (await this.deps.oncall.getOncallForEntity(incident.entityRef, now))
            .oncall?.primary ?? incident.ownerRef,
        ].filter((ref): ref is string => !!ref);
    return this.deps.incidents.recordReminder({
      incidentId: incident.id,
      periodStart,
      overdueSince: dueAt,
      recipients,
      at: now,
      message: `Status update overdue since ${dueAt.toISOString()} (every ${
        severity.updateEvery
      } for ${severity.id}); reminded ${recipients.join(', ') || 'nobody'}`,
    });
  }
}

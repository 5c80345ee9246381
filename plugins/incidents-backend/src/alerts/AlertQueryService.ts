import {
  Alert,
  Page,
  RunbookTable,
  RunbookTableRow,
} from '@firebreak/plugin-incidents-common';
import { AlertFilter, AlertStore } from './AlertStore';
import { RunbookResolver, runbookSnippet } from './routing/RunbookResolver';

/** How far back "what has fired" looks for the runbook table. */
const LOOK_BACK_MS = 90 * 24 * 3600_000;

/** An alert with the runbook to follow, or the snippet that would add one. */
export type AlertWithRunbook = Alert & { snippet?: string };

/**
 * The read side of alerts: the inbox and lists, an incident's alerts with their runbooks,
 * and the owner's runbook table (the entity's `firebreak.dev/alerts` merged with what
 * actually fired, with a coverage figure).
 */
export class AlertQueryService {
  constructor(
    private readonly deps: {
      alerts: AlertStore;
      resolver: Pick<RunbookResolver, 'getRunbookTable'>;
      clock?: () => Date;
    },
  ) {}

  async listAlerts(
    filter: AlertFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<Alert>> {
    return this.deps.alerts.listAlerts(filter, page);
  }

  async getRunbookTable(entityRef: string): Promise<RunbookTable> {
    const now = this.deps.clock?.() ?? new Date();
    const [table, fired] = await Promise.all([
      this.deps.resolver.getRunbookTable(entityRef),
      this.deps.alerts.firedStats(
        entityRef,
        new Date(now.getTime() - LOOK_BACK_MS),
      ),
    ]);
    const entries = table.available ? table.value.entries : [];
    const fallbackRunbook = table.available
      ? table.value.fallbackRunbook
      : undefined;
    const firedByName = new Map(fired.map(f => [f.name, f]));

    const rows: RunbookTableRow[] = entries.map(entry => {
      const stats = firedByName.get(entry.alert);
      firedByName.delete(entry.alert);
      const runbook = entry.runbook ?? fallbackRunbook;
      return {
        alert: entry.alert,
        // The table wins; what the alert itself said fills gaps.
        description: entry.description ?? stats?.summary,
        source: entry.source ?? stats?.sourceUrl,
        runbook,
        severity: entry.severity,
        inTable: true,
        lastFiredAt: stats?.lastFiredAt,
        firedCount: stats?.count ?? 0,
        openNow: stats?.openNow ?? false,
        snippet: runbook
          ? undefined
          : runbookSnippet(entry.alert, entry.description),
      };
    });
    for (const stats of firedByName.values()) {
      const runbook = stats.runbookUrl ?? fallbackRunbook;
      rows.push({
        alert: stats.name,
        description: stats.summary,
        source: stats.sourceUrl,
        runbook,
        inTable: false,
        lastFiredAt: stats.lastFiredAt,
        firedCount: stats.count,
        openNow: stats.openNow,
        snippet: runbookSnippet(stats.name, stats.summary),
      });
    }
    const firedRows = rows.filter(r => r.firedCount > 0);
    const withRunbook = firedRows.filter(r => r.runbook).length;
    return {
      entityRef,
      fallbackRunbook,
      rows,
      coverage: firedRows.length
        ? {
            withRunbook,
            fired: firedRows.length,
            ratio: withRunbook / firedRows.length,
          }
        : undefined,
      catalogAvailable: table.available,
    };
  }

  /** The alerts of an incident, each with its runbook or the snippet that would add one. */
  async getIncidentAlerts(incidentId: number): Promise<AlertWithRunbook[]> {
    const page = await this.deps.alerts.listAlerts(
      { incidentId },
      { limit: 500 },
    );
    return page.items.map(alert => ({
      ...alert,
      snippet: alert.runbookUrl
        ? undefined
        : runbookSnippet(alert.name, alert.summary),
    }));
  }
}

import { NotAllowedError } from '@backstage/errors';
import {
  Alert,
  Page,
  RunbookTable,
  RunbookTableRow,
} from '@firebreak/plugin-incidents-common';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { RunbookLinkService } from '../runbooks/RunbookLinkService';
import { IncidentListScope } from '../permissions/IncidentAuthorizer';
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
      /** Owners of entities, for callers whose reads are limited to their teams. */
      owners: Pick<CatalogGateway, 'getOwnerRef'>;
      /** What the scheduled link check found at each runbook URL, if it runs. */
      linkHealth?: Pick<RunbookLinkService, 'healthOf'>;
      clock?: () => Date;
    },
  ) {}

  /**
   * A page of alerts. A caller limited to some owners sees only alerts of incidents those
   * owners own: an unlinked alert has no owner we could check it against.
   */
  async listAlerts(
    filter: AlertFilter,
    page: { limit: number; cursor?: string },
    scope: IncidentListScope = {},
  ): Promise<Page<Alert>> {
    return this.deps.alerts.listAlerts(
      scope.ownerRefs
        ? { ...filter, incidentOwnerRefs: scope.ownerRefs }
        : filter,
      page,
    );
  }

  /**
   * The runbook table of an entity. A caller limited to some owners may read it only for
   * entities those owners own (it carries what fired there); refused when the catalog
   * cannot say who the owner is.
   */
  async getRunbookTable(
    entityRef: string,
    scope: IncidentListScope = {},
  ): Promise<RunbookTable> {
    if (scope.ownerRefs) {
      const owner = await this.deps.owners.getOwnerRef(entityRef);
      if (
        !owner.available ||
        !owner.value ||
        !scope.ownerRefs.includes(owner.value)
      ) {
        throw new NotAllowedError(
          `Not allowed: the runbooks of ${entityRef} belong to another team`,
        );
      }
    }
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
        ...(runbook && {
          runbookKind: entry.runbook ? ('own' as const) : ('fallback' as const),
        }),
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
      // The alert's own annotation counts as its own; what ingestion took from the
      // entity's catch-all, or the catch-all now, is the fallback.
      const own = stats.runbookUrl && stats.runbookFrom !== 'entity';
      const runbook = own ? stats.runbookUrl : fallbackRunbook;
      rows.push({
        alert: stats.name,
        description: stats.summary,
        source: stats.sourceUrl,
        runbook,
        ...(runbook && {
          runbookKind: own ? ('own' as const) : ('fallback' as const),
        }),
        inTable: false,
        lastFiredAt: stats.lastFiredAt,
        firedCount: stats.count,
        openNow: stats.openNow,
        snippet: runbookSnippet(stats.name, stats.summary),
      });
    }
    const urls = [
      ...new Set(
        [fallbackRunbook, ...rows.map(r => r.runbook)].filter(
          (u): u is string => !!u,
        ),
      ),
    ];
    const health =
      this.deps.linkHealth && urls.length
        ? await this.deps.linkHealth.healthOf(urls)
        : undefined;
    for (const row of rows) {
      const found = row.runbook ? health?.get(row.runbook) : undefined;
      if (found) row.runbookHealth = found;
    }
    const fallbackRunbookHealth = fallbackRunbook
      ? health?.get(fallbackRunbook)
      : undefined;
    const firedRows = rows.filter(r => r.firedCount > 0);
    const own = firedRows.filter(r => r.runbookKind === 'own').length;
    const fallback = firedRows.filter(r => r.runbookKind === 'fallback').length;
    return {
      entityRef,
      fallbackRunbook,
      ...(fallbackRunbookHealth && { fallbackRunbookHealth }),
      rows,
      coverage: firedRows.length
        ? {
            fired: firedRows.length,
            own,
            fallback,
            none: firedRows.length - own - fallback,
            withRunbook: own + fallback,
            ratio: own / firedRows.length,
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

import {
  ANNOTATION_STATUS_PAGE,
  Incident,
  IncidentStatus,
  isOpenStatus,
  OPEN_STATUSES,
  parseStatusPageAnnotation,
  SeverityLevel,
  StatusUpdate,
} from '@firebreak/plugin-incidents-common';
import { createHash } from 'node:crypto';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { IncidentService } from '../incidents/IncidentService';

/** A component's state on the status page, worst last. */
export const COMPONENT_STATES = [
  'operational',
  'degraded',
  'partial_outage',
  'major_outage',
] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

/** The Statuspage-style stage of an incident, from its status when an update was posted. */
export type PublicStage =
  | 'investigating'
  | 'identified'
  | 'monitoring'
  | 'resolved';

/** What the public may see of an incident: its components and public updates only. */
export type PublicIncident = {
  /** Opaque and stable, not the incident's id. */
  key: string;
  components: string[];
  stage: PublicStage;
  open: boolean;
  startedAt: string;
  resolvedAt?: string;
  updates: Array<{
    key: string;
    stage: PublicStage;
    message: string;
    postedAt: string;
  }>;
};

/** The status page's content: nothing here names a person or an internal entity. */
export type StatusPageModel = {
  generatedAt: string;
  components: Array<{ name: string; state: ComponentState }>;
  incidents: PublicIncident[];
};

/** How long after its resolution an incident stays on the page. */
const HISTORY_MS = 14 * 24 * 3600_000;
/**
 * How far back detections are read to find those resolved within {@link HISTORY_MS}
 * (lists filter on detection): an incident that ran longer than this drops off early.
 */
const LOOK_BACK_MS = 90 * 24 * 3600_000;
/** Incidents read per list; a page lists the newest of them. */
const LIMIT = 200;
/** How long one built page serves every request (the page is public and unauthenticated). */
const REUSE_MS = 15_000;

/**
 * What an open incident of `severity` means for its components: the policy's most
 * severe level a major outage, the next a partial one, the rest degraded.
 */
export function componentStateFor(
  severity: string,
  severities: SeverityLevel[],
): Exclude<ComponentState, 'operational'> {
  const index = severities.findIndex(s => s.id === severity);
  if (index === 0) return 'major_outage';
  if (index === 1) return 'partial_outage';
  return 'degraded';
}

export function stageOf(status: IncidentStatus): PublicStage {
  if (status === 'identified' || status === 'monitoring') return status;
  if (status === 'resolved' || !isOpenStatus(status)) return 'resolved';
  return 'investigating';
}

/**
 * The public status page: the entities an owner opted in with
 * `firebreak.dev/status-page: <public name>`, each with a state derived from its open
 * incidents (the policy's most severe level a major outage, the next a partial one,
 * the rest degraded), and the status updates a responder marked public, grouped by
 * incident. Internal updates, titles, refs, people and entity refs never leave here.
 */
export class StatusPageService {
  private latest?: { at: number; model: Promise<StatusPageModel> };

  constructor(
    private readonly deps: {
      catalog: Pick<CatalogGateway, 'listAnnotated'>;
      incidents: Pick<IncidentService, 'list' | 'timeline'>;
      severities: SeverityLevel[];
      clock: () => Date;
    },
  ) {}

  /** The page's content, built at most once per 15 s however many people look. */
  async model(): Promise<StatusPageModel> {
    const now = this.deps.clock().getTime();
    if (!this.latest || now - this.latest.at >= REUSE_MS) {
      const model = this.build(new Date(now));
      this.latest = { at: now, model };
      // A failed build is not kept: the next request tries again.
      model.catch(() => {
        if (this.latest?.model === model) this.latest = undefined;
      });
    }
    return this.latest.model;
  }

  private async build(now: Date): Promise<StatusPageModel> {
    const annotated = await this.deps.catalog.listAnnotated(
      ANNOTATION_STATUS_PAGE,
    );
    const names = new Map<string, string>();
    for (const { entityRef, value } of annotated) {
      const parsed = parseStatusPageAnnotation(value);
      if (parsed.ok) names.set(entityRef, parsed.value);
    }
    const entityRefs = [...names.keys()];
    if (entityRefs.length === 0) {
      return { generatedAt: now.toISOString(), components: [], incidents: [] };
    }
    const [open, recent] = await Promise.all([
      this.deps.incidents.list(
        { entityRefs, statuses: [...OPEN_STATUSES] },
        { limit: LIMIT },
      ),
      this.deps.incidents.list(
        {
          entityRefs,
          statuses: ['resolved'],
          from: new Date(now.getTime() - LOOK_BACK_MS),
        },
        { limit: LIMIT },
      ),
    ]);
    const cutoff = new Date(now.getTime() - HISTORY_MS).toISOString();
    // Past incidents are those resolved lately, however long ago they began.
    const resolvedLately = recent.items.filter(
      i => i.resolvedAt !== undefined && i.resolvedAt >= cutoff,
    );
    const componentsOf = (incident: Incident) =>
      [incident.entityRef, ...incident.affectedEntityRefs]
        .map(ref => names.get(ref))
        .filter((name): name is string => !!name);

    const stateFor = (severity: string) =>
      componentStateFor(severity, this.deps.severities);
    const states = new Map<string, ComponentState>(
      [...names.values()].map(name => [name, 'operational']),
    );
    for (const incident of open.items) {
      const state = stateFor(incident.severity);
      for (const name of componentsOf(incident)) {
        const current = states.get(name)!;
        if (
          COMPONENT_STATES.indexOf(state) > COMPONENT_STATES.indexOf(current)
        ) {
          states.set(name, state);
        }
      }
    }

    const incidents = [...open.items, ...resolvedLately];
    const updates = await this.deps.incidents.timeline.listPublicUpdates(
      incidents.map(i => i.id),
    );
    const byIncident = new Map<number, StatusUpdate[]>();
    for (const update of updates) {
      byIncident.set(update.incidentId, [
        ...(byIncident.get(update.incidentId) ?? []),
        update,
      ]);
    }
    // Only incidents a responder said something public about are listed.
    const listed: PublicIncident[] = incidents
      .filter(incident => byIncident.has(incident.id))
      .map(incident => {
        const components = [...new Set(componentsOf(incident))].sort();
        // Keys made of what the page shows anyway, so they reveal no internal id.
        const key = opaque(components.join('\n'), incident.detectedAt);
        return {
          key,
          components,
          stage: stageOf(incident.status),
          open: isOpenStatus(incident.status),
          startedAt: incident.detectedAt,
          ...(incident.resolvedAt && { resolvedAt: incident.resolvedAt }),
          updates: byIncident.get(incident.id)!.map(update => ({
            key: opaque(key, update.postedAt, update.message),
            stage: stageOf(update.status),
            message: update.message,
            postedAt: update.postedAt,
          })),
        };
      })
      .sort(
        (a, b) =>
          Number(b.open) - Number(a.open) ||
          b.updates[0].postedAt.localeCompare(a.updates[0].postedAt),
      );
    return {
      generatedAt: now.toISOString(),
      components: [...states.entries()]
        .map(([name, state]) => ({ name, state }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      incidents: listed,
    };
  }
}

/** A short stable key from public facts. */
function opaque(...parts: string[]): string {
  return createHash('sha256')
    .update(parts.join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}

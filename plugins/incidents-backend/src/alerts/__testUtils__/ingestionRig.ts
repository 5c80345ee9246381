import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_SEVERITY_POLICY } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { DatabaseIncidentStore } from '../../incidents/DatabaseIncidentStore';
import { IncidentService } from '../../incidents/IncidentService';
import { IncidentChange } from '../../incidents/types';
import {
  AlertIngestionService,
  AlertMaintenance,
  DEFAULT_SEVERITY_MAP,
} from '../AlertIngestionService';
import { DatabaseAlertStore } from '../DatabaseAlertStore';

/** The owner every entity of the rig has. */
export const RIG_OWNER = 'group:default/payments';

/**
 * Real stores, the real IncidentService and AlertIngestionService on one test clock
 * (the stores' row stamps included), starting at `start`; publishing and paging are
 * recorded. Routing takes the alert's own entity ref; there are no runbooks. Give
 * `maintenance` to make ingestion ask it which alerts are in maintenance.
 */
export function createIngestionRig(
  knex: Knex,
  start: Date,
  options: { maintenance?: AlertMaintenance } = {},
) {
  let now = start;
  const clock = () => now;
  const published: Array<{ change: IncidentChange; incidentId: number }> = [];
  const paged: Array<{ incidentId: number; severity: string }> = [];
  const store = DatabaseIncidentStore.fromKnex(knex, { clock });
  const incidents = new IncidentService({
    store,
    severities: [...DEFAULT_SEVERITY_POLICY],
    catalog: {
      getOwnerRef: async () => ({ available: true, value: RIG_OWNER }),
      getDependencies: async () => ({ available: true, value: [] }),
      displayName: async (ref: string) => ref,
    },
    oncall: {
      getOncallForEntity: async entityRef => ({
        entityRef,
        ownerRef: RIG_OWNER,
        catalogAvailable: true,
      }),
    },
    alerting: { incidentResolved: async () => {} },
    pages: {
      enqueue: async pages => {
        for (const { notice } of pages) {
          if (notice.kind === 'declared') {
            paged.push({
              incidentId: notice.incident.id,
              severity: notice.severity.id,
            });
          }
        }
      },
    },
    publisher: {
      publish: async (change, incident) => {
        published.push({ change, incidentId: incident.id });
      },
    },
    clock,
  });
  const ingestion = new AlertIngestionService({
    alerts: DatabaseAlertStore.fromKnex(knex),
    incidents,
    routing: {
      route: async a => ({ entityRef: a.entityRef, catalogAvailable: true }),
    },
    runbooks: { resolve: async () => ({}) },
    severities: [...DEFAULT_SEVERITY_POLICY],
    settings: {
      groupingWindowMs: 10 * 60_000,
      severityMap: DEFAULT_SEVERITY_MAP,
      defaultSeverity: 'P3',
      resolveIncidentTo: 'monitoring',
    },
    logger: mockServices.logger.mock(),
    maintenance: options.maintenance,
    clock,
  });
  return {
    clock,
    store,
    incidents,
    published,
    paged,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    ingestion,
    alertRow: (id: number) => DatabaseAlertStore.fromKnex(knex).getAlert(id),
  };
}

import { InputError } from '@backstage/errors';
import { incidentReadPermission } from '@firebreak/plugin-incidents-common';
import { runbookSnippet } from '../alerts/routing/RunbookResolver';
import { normaliseEntityRef, optionalInstantParam } from '../validation/inputs';
import { audited, IncidentActionsDeps } from './ActionDeps';
import { entityRefInput, oncallNowSchema } from './schemas';

/**
 * Registers who-is-on-call and the runbook of an alert: what a responder asks first.
 * Both need read access to incidents, as `GET /oncall` and `GET /runbooks` do.
 */
export function registerOncallActions(deps: IncidentActionsDeps) {
  const { actionsRegistry: registry, auditor, authorizer, oncall } = deps;

  registry.register({
    name: 'who-is-on-call',
    title: 'Who is on call',
    description:
      'Who is on call for the team owning an entity, or for a team (Group), now or ' +
      'at a given instant: primary, secondary, escalation chain and shift, with ' +
      "overrides applied. For a team also the primary's next shifts.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(
            z,
            'An entity whose owner team to ask about, e.g. component:default/payments-api',
          ).optional(),
          groupRef: entityRefInput(
            z,
            'A team, e.g. group:default/payments',
          ).optional(),
          at: z
            .string()
            .max(40)
            .optional()
            .describe('An ISO-8601 instant; default now'),
        }),
      output: z =>
        z.object({
          entityRef: z.string().optional(),
          ownerRef: z.string().optional(),
          catalogAvailable: z
            .boolean()
            .describe('False when the catalog could not be read'),
          snapshotAt: z
            .string()
            .optional()
            .describe(
              'Set when the answer came from the last catalog snapshot',
            ),
          oncall: oncallNowSchema(z).optional(),
          schedule: z
            .array(
              z.object({
                userRef: z.string(),
                start: z.string(),
                end: z.string(),
                overrideId: z.number().optional(),
              }),
            )
            .optional(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'who-is-on-call',
        credentials,
        input,
        {
          eventId: 'oncall-read',
          severityLevel: 'low',
          meta: {
            ...(input.entityRef && { entityRef: input.entityRef }),
            ...(input.groupRef && { groupRef: input.groupRef }),
          },
        },
        async () => {
          if (!input.entityRef === !input.groupRef) {
            throw new InputError('Give either entityRef or groupRef');
          }
          await authorizer.listScope(incidentReadPermission, credentials);
          const at = optionalInstantParam(input.at, 'at');
          if (input.groupRef) {
            const [now, schedule] = await Promise.all([
              oncall.getOncallForGroup(input.groupRef, at),
              oncall.getScheduleForGroup(input.groupRef, { count: 6, at }),
            ]);
            return {
              output: {
                catalogAvailable: now.source !== 'unknown',
                oncall: now,
                schedule,
              },
            };
          }
          return {
            output: await oncall.getOncallForEntity(input.entityRef!, at),
          };
        },
      ),
  });

  registry.register({
    name: 'get-alert-runbook',
    title: 'Get the runbook for an alert',
    description:
      "The runbook to follow for an alert on an entity: the entity's " +
      'firebreak.dev/alerts row for the alert (or the runbook the alert carried), ' +
      "else the entity's firebreak.dev/runbook; unless the alert has its own, the " +
      'snippet that would add one; and how often it fired lately.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z, 'e.g. component:default/payments-api'),
          alert: z
            .string()
            .min(1)
            .max(200)
            .describe('The alert name, e.g. HighErrorRate'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          alert: z.string(),
          runbook: z.string().optional(),
          runbookFrom: z
            .enum(['table', 'alert', 'entity', 'none'])
            .describe(
              "table: the alert's firebreak.dev/alerts row; alert: what the alert " +
                "itself carried; entity: the entity's firebreak.dev/runbook",
            ),
          description: z.string().optional(),
          source: z.string().optional().describe('Dashboard or rule source'),
          severity: z.string().optional(),
          inTable: z.boolean(),
          firedCount: z.number().describe('Received over the last 90 days'),
          lastFiredAt: z.string().optional(),
          openNow: z.boolean(),
          snippet: z.string().optional(),
          catalogAvailable: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'get-alert-runbook',
        credentials,
        input,
        {
          eventId: 'runbook-read',
          severityLevel: 'low',
          meta: { entityRef: input.entityRef, alert: input.alert },
        },
        async () => {
          const scope = await authorizer.listScope(
            incidentReadPermission,
            credentials,
          );
          const entityRef = normaliseEntityRef(input.entityRef, 'entityRef');
          const table = await deps.alertQueries.getRunbookTable(
            entityRef,
            scope,
          );
          const name = input.alert.trim();
          // Alert names are case-sensitive in Prometheus, but people type them loosely.
          const row =
            table.rows.find(r => r.alert === name) ??
            table.rows.find(r => r.alert.toLowerCase() === name.toLowerCase());
          // The table's rows already carry the entity's fallback where they have none.
          const runbook = row?.runbook ?? table.fallbackRunbook;
          let runbookFrom: 'table' | 'alert' | 'entity' | 'none' = 'none';
          if (runbook === table.fallbackRunbook && runbook)
            runbookFrom = 'entity';
          else if (runbook) runbookFrom = row?.inTable ? 'table' : 'alert';
          const ownRunbook = runbookFrom === 'table' || runbookFrom === 'alert';
          return {
            output: {
              entityRef: table.entityRef,
              alert: row?.alert ?? name,
              runbook,
              runbookFrom,
              description: row?.description,
              source: row?.source,
              severity: row?.severity,
              inTable: row?.inTable ?? false,
              firedCount: row?.firedCount ?? 0,
              lastFiredAt: row?.lastFiredAt,
              openNow: row?.openNow ?? false,
              snippet: ownRunbook
                ? undefined
                : runbookSnippet(row?.alert ?? name, row?.description),
              catalogAvailable: table.catalogAvailable,
            },
          };
        },
      ),
  });
}

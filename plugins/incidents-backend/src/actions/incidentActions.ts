import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  INCIDENT_STATUSES,
  incidentCreatePermission,
  incidentReadPermission,
  incidentUpdatePermission,
  IncidentStatus,
} from '@firebreak/plugin-incidents-common';
import { actorOf } from '../http/actor';
import { parseIncidentId } from '../http/requestParams';
import { withinScope } from '../permissions/IncidentAuthorizer';
import { optionalInstantParam } from '../validation/inputs';
import { audited, IncidentActionsDeps, requireUser } from './ActionDeps';
import {
  alertSchema,
  entityRefInput,
  incidentInput,
  incidentSchema,
  pageInput,
  statusUpdateSchema,
  timelineEventSchema,
} from './schemas';

/** Statuses in which someone is already working on the incident. */
const WORKING: readonly IncidentStatus[] = [
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
];

/** Transitions an action may ask for; merging has an API operation of its own. */
const TRANSITION_TARGETS = INCIDENT_STATUSES.filter(s => s !== 'merged') as [
  Exclude<IncidentStatus, 'merged'>,
  ...Exclude<IncidentStatus, 'merged'>[],
];

/**
 * Registers the incident actions: list, get (with timeline, alerts and runbooks),
 * declare, acknowledge, transition, add a timeline note and post a status update.
 * Each checks the caller's permission exactly as the matching HTTP route does.
 */
export function registerIncidentActions(deps: IncidentActionsDeps) {
  const { actionsRegistry: registry, auditor, authorizer, incidents } = deps;

  /** The incident id after the update check the HTTP routes make. */
  const writable = async (
    incident: string | number,
    credentials: BackstageCredentials,
  ) => {
    const id = parseIncidentId(incident);
    await authorizer.requireOn(incidentUpdatePermission, credentials, () =>
      incidents.get(id),
    );
    return id;
  };

  registry.register({
    name: 'list-incidents',
    title: 'List incidents',
    description:
      'Lists incidents the caller may read, newest first, with optional filters. ' +
      '`view: mine` keeps incidents the caller declared or holds a role in; ' +
      "`view: my-teams` keeps incidents owned by the caller's teams.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          view: z
            .enum(['all', 'mine', 'my-teams'])
            .optional()
            .describe('all (default), mine or my-teams'),
          status: z.array(z.enum(INCIDENT_STATUSES)).max(20).optional(),
          severity: z
            .array(z.string().min(1).max(20))
            .max(20)
            .optional()
            .describe('Severity ids such as P1'),
          entityRef: z
            .array(entityRefInput(z, 'An affected entity'))
            .max(50)
            .optional(),
          ownerRef: z
            .array(entityRefInput(z, 'An owner group'))
            .max(50)
            .optional(),
          query: z
            .string()
            .max(200)
            .optional()
            .describe('Text in the title or description'),
          from: z
            .string()
            .max(40)
            .optional()
            .describe('Detected at or after this ISO-8601 instant'),
          to: z
            .string()
            .max(40)
            .optional()
            .describe('Detected before this ISO-8601 instant'),
          ...pageInput(z),
        }),
      output: z =>
        z.object({
          items: z.array(incidentSchema(z)),
          nextCursor: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'list-incidents',
        credentials,
        input,
        { eventId: 'incident-list', severityLevel: 'low' },
        async () => {
          const scope = await authorizer.listScope(
            incidentReadPermission,
            credentials,
          );
          let ownerRefs = input.ownerRef;
          let participantRefs: string[] | undefined;
          if (input.view === 'mine') {
            participantRefs = [requireUser(credentials, "view 'mine'")];
          } else if (input.view === 'my-teams') {
            requireUser(credentials, "view 'my-teams'");
            const { ownershipEntityRefs } = await deps.userInfo.getUserInfo(
              credentials,
            );
            const teams = ownershipEntityRefs.filter(r =>
              r.startsWith('group:'),
            );
            ownerRefs = ownerRefs
              ? ownerRefs.filter(r => teams.includes(r))
              : teams;
          }
          const page = await incidents.list(
            {
              statuses: input.status,
              severities: input.severity,
              entityRefs: input.entityRef,
              ownerRefs: withinScope(scope, ownerRefs),
              participantRefs,
              text: input.query?.trim() || undefined,
              from: optionalInstantParam(input.from, 'from'),
              to: optionalInstantParam(input.to, 'to'),
            },
            { limit: input.limit ?? 50, cursor: input.cursor },
          );
          return { output: page };
        },
      ),
  });

  registry.register({
    name: 'get-incident',
    title: 'Get an incident',
    description:
      'One incident with its timeline (oldest first), its status updates (newest ' +
      'first) and its alerts, each with the runbook to follow or the ' +
      'firebreak.dev/alerts snippet that would add one.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ incident: incidentInput(z) }),
      output: z =>
        z.object({
          incident: incidentSchema(z),
          timeline: z.array(timelineEventSchema(z)),
          statusUpdates: z.array(statusUpdateSchema(z)),
          alerts: z.array(alertSchema(z)),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'get-incident',
        credentials,
        input,
        {
          eventId: 'incident-read',
          severityLevel: 'low',
          meta: { incident: input.incident },
        },
        async () => {
          const id = parseIncidentId(input.incident);
          await authorizer.requireOn(incidentReadPermission, credentials, () =>
            incidents.get(id),
          );
          const [incident, timeline, statusUpdates, alerts] = await Promise.all(
            [
              incidents.get(id),
              incidents.timeline.getTimeline(id),
              incidents.timeline.getStatusUpdates(id),
              deps.alertQueries.getIncidentAlerts(id),
            ],
          );
          return {
            output: {
              incident,
              timeline,
              statusUpdates: statusUpdates.items,
              alerts,
            },
          };
        },
      ),
  });

  registry.register({
    name: 'declare-incident',
    title: 'Declare an incident',
    description:
      'Declares an incident on an entity; its owner team is paged as the severity ' +
      'says. The caller becomes its commander. Each call declares a new incident.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          title: z.string().min(1).max(200),
          severity: z
            .string()
            .min(1)
            .max(20)
            .describe('A severity id of the policy, such as P2'),
          entityRef: entityRefInput(
            z,
            'The affected entity, e.g. component:default/payments-api',
          ),
          description: z.string().max(20_000).optional(),
          affectedEntityRefs: z
            .array(entityRefInput(z, 'Another affected entity'))
            .max(50)
            .optional(),
          status: z
            .enum(['triggered', 'acknowledged', 'investigating'])
            .optional()
            .describe('Start acknowledged when the declarer is already on it'),
          startedAt: z
            .string()
            .max(40)
            .optional()
            .describe('When the problem started (ISO-8601), if known'),
        }),
      output: z =>
        z.object({
          incident: incidentSchema(z),
          warnings: z.array(z.string()).optional(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'declare-incident',
        credentials,
        input,
        {
          eventId: 'incident-declare',
          severityLevel: 'medium',
          meta: { entityRef: input.entityRef },
        },
        async () => {
          await authorizer.require(incidentCreatePermission, credentials);
          const { warnings, ...incident } = await incidents.declare(
            { ...input, source: 'manual' },
            actorOf(credentials),
          );
          return { output: { incident, warnings } };
        },
      ),
  });

  registry.register({
    name: 'acknowledge-incident',
    title: 'Acknowledge an incident',
    description:
      'Moves a triggered incident to acknowledged. An incident someone is already ' +
      'working on is returned unchanged (`changed: false`), so a repeated call does ' +
      'nothing more; a closed one is refused.',
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          incident: incidentInput(z),
          message: z.string().max(5000).optional(),
        }),
      output: z =>
        z.object({ incident: incidentSchema(z), changed: z.boolean() }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'acknowledge-incident',
        credentials,
        input,
        {
          eventId: 'incident-transition',
          severityLevel: 'medium',
          meta: { incident: input.incident, to: 'acknowledged' },
        },
        async () => {
          const id = await writable(input.incident, credentials);
          const current = await incidents.get(id);
          if (WORKING.includes(current.status)) {
            return { output: { incident: current, changed: false } };
          }
          if (current.status !== 'triggered') {
            throw new ConflictError(
              `${current.ref} is ${current.status}; reopen it with transition-incident first`,
            );
          }
          const incident = await incidents.transition(
            id,
            'acknowledged',
            actorOf(credentials),
            { message: input.message, expectedVersion: current.version },
          );
          return { output: { incident, changed: true } };
        },
      ),
  });

  registry.register({
    name: 'transition-incident',
    title: 'Change the status of an incident',
    description:
      'Moves an incident along its lifecycle (triggered → acknowledged → ' +
      'investigating → identified → monitoring → resolved; declined; resolved ' +
      'incidents can be reopened). Illegal moves are refused with the allowed ones. ' +
      'Give `version` to refuse the change when the incident moved on meanwhile.',
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          incident: incidentInput(z),
          to: z.enum(TRANSITION_TARGETS),
          message: z
            .string()
            .max(5000)
            .optional()
            .describe('Why, for the timeline'),
          version: z.number().int().positive().optional(),
        }),
      output: z => z.object({ incident: incidentSchema(z) }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'transition-incident',
        credentials,
        input,
        {
          eventId: 'incident-transition',
          severityLevel: 'medium',
          meta: { incident: input.incident, to: input.to },
        },
        async () => {
          const id = await writable(input.incident, credentials);
          const incident = await incidents.transition(
            id,
            input.to,
            actorOf(credentials),
            { message: input.message, expectedVersion: input.version },
          );
          return { output: { incident } };
        },
      ),
  });

  registry.register({
    name: 'add-timeline-note',
    title: 'Add a note to an incident timeline',
    description:
      'Adds a note to the incident timeline as the caller. Each call adds one.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          incident: incidentInput(z),
          message: z.string().min(1).max(10_000),
          pinned: z
            .boolean()
            .optional()
            .describe('Pinned notes lead the postmortem timeline'),
        }),
      output: z => z.object({ event: timelineEventSchema(z) }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'add-timeline-note',
        credentials,
        input,
        {
          eventId: 'incident-note',
          severityLevel: 'medium',
          meta: { incident: input.incident },
        },
        async () => {
          const id = await writable(input.incident, credentials);
          const event = await incidents.timeline.addNote(
            id,
            input.message,
            actorOf(credentials),
            input.pinned ?? false,
          );
          return { output: { event } };
        },
      ),
  });

  registry.register({
    name: 'post-status-update',
    title: 'Post a status update',
    description:
      "Posts a status update for stakeholders: the given message, or the template of the incident's " +
      'status filled with its details (and any extra `variables`). Each call posts one.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          incident: incidentInput(z),
          message: z.string().min(1).max(10_000).optional(),
          variables: z
            .record(z.string().max(1000))
            .optional()
            .describe('Extra template variables, when no message is given'),
        }),
      output: z => z.object({ statusUpdate: statusUpdateSchema(z) }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'post-status-update',
        credentials,
        input,
        {
          eventId: 'incident-status-update',
          severityLevel: 'medium',
          meta: { incident: input.incident },
        },
        async () => {
          const id = await writable(input.incident, credentials);
          const statusUpdate = await incidents.timeline.postStatusUpdate(
            id,
            { message: input.message, variables: input.variables },
            actorOf(credentials),
          );
          return { output: { statusUpdate } };
        },
      ),
  });
}

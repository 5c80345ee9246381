import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  incidentReadPermission,
  POSTMORTEM_STATUSES,
} from '@firebreak/plugin-incidents-common';
import { parseIncidentId } from '../http/requestParams';
import { audited, IncidentActionsDeps, requireUser } from './ActionDeps';
import { actionItemSchema, incidentInput, pageInput } from './schemas';

/** Registers the follow-up actions: action items to do and postmortems to read. */
export function registerPostmortemActions(deps: IncidentActionsDeps) {
  const { actionsRegistry: registry, auditor, authorizer, postmortems } = deps;

  /** The caller's teams and their members: who "my team" is as an owner of work. */
  const myTeamOwners = async (credentials: BackstageCredentials) => {
    const { ownershipEntityRefs } = await deps.userInfo.getUserInfo(
      credentials,
    );
    const groups = ownershipEntityRefs.filter(r => r.startsWith('group:'));
    const teams = await Promise.all(groups.map(g => deps.teams.getTeam(g)));
    const members = teams.flatMap(t =>
      t.available && t.value ? t.value.members : [],
    );
    return [...new Set([...groups, ...members])];
  };

  registry.register({
    name: 'list-action-items',
    title: 'List action items',
    description:
      'Action items from postmortems, overdue first. `view: mine` (the default) keeps ' +
      "the caller's own; `my-teams` those owned by the caller's teams or their " +
      'members; `all` every item the caller may read. `overdue: true` keeps only ' +
      'outstanding items past their due date.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          view: z.enum(['mine', 'my-teams', 'all']).optional(),
          overdue: z.boolean().optional(),
          status: z.array(z.enum(ACTION_ITEM_STATUSES)).max(10).optional(),
          priority: z.array(z.enum(ACTION_ITEM_PRIORITIES)).max(10).optional(),
          incident: incidentInput(z).optional(),
          ...pageInput(z),
        }),
      output: z =>
        z.object({
          items: z.array(actionItemSchema(z)),
          nextCursor: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'list-action-items',
        credentials,
        input,
        {
          eventId: 'action-item-list',
          severityLevel: 'low',
          meta: { view: input.view ?? 'mine' },
        },
        async () => {
          const scope = await authorizer.listScope(
            incidentReadPermission,
            credentials,
          );
          const view = input.view ?? 'mine';
          let ownerRefs: string[] | undefined;
          if (view === 'mine') {
            ownerRefs = [requireUser(credentials, "view 'mine'")];
          } else if (view === 'my-teams') {
            requireUser(credentials, "view 'my-teams'");
            ownerRefs = await myTeamOwners(credentials);
          }
          const page = await postmortems.listActionItems(
            {
              ownerRefs,
              statuses: input.status,
              priorities: input.priority,
              overdue: input.overdue,
              incidentId: input.incident
                ? parseIncidentId(input.incident)
                : undefined,
              incidentOwnerRefs: scope.ownerRefs,
            },
            { limit: input.limit ?? 50, cursor: input.cursor },
          );
          return { output: page };
        },
      ),
  });

  registry.register({
    name: 'get-postmortem',
    title: 'Get a postmortem as Markdown',
    description:
      "An incident's postmortem as one Markdown document: header facts, every " +
      'section, the timeline, five whys, action items and reviewers.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ incident: incidentInput(z) }),
      output: z =>
        z.object({
          incidentId: z.number(),
          postmortemId: z.number(),
          status: z.enum(POSTMORTEM_STATUSES),
          markdown: z.string(),
        }),
    },
    action: async ({ input, credentials }) =>
      audited(
        auditor,
        'get-postmortem',
        credentials,
        input,
        {
          eventId: 'postmortem-export',
          severityLevel: 'low',
          meta: { incident: input.incident },
        },
        async () => {
          const incidentId = parseIncidentId(input.incident);
          await authorizer.requireOn(incidentReadPermission, credentials, () =>
            postmortems.getIncident(incidentId),
          );
          const postmortem = await postmortems.getForIncident(incidentId);
          return {
            output: {
              incidentId,
              postmortemId: postmortem.id,
              status: postmortem.status,
              markdown: await postmortems.markdown(postmortem.id),
            },
          };
        },
      ),
  });
}

import {
  AuditorService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { AlertQueryService } from '../alerts/AlertQueryService';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { actorOf } from '../http/actor';
import { findInvalidText } from '../http/invalidText';
import { IncidentService } from '../incidents/IncidentService';
import { OncallService } from '../oncall/OncallService';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { PostmortemService } from '../postmortems/PostmortemService';

/** What the actions need: the same services and authorizer as the HTTP routes. */
export interface IncidentActionsDeps {
  actionsRegistry: ActionsRegistryService;
  auditor: AuditorService;
  authorizer: IncidentAuthorizer;
  userInfo: UserInfoService;
  incidents: IncidentService;
  oncall: OncallService;
  alertQueries: AlertQueryService;
  postmortems: PostmortemService;
  /** Group members, to widen "my teams" to what the teams' people own. */
  teams: Pick<CatalogGateway, 'getTeam'>;
}

/** How one invocation is audited. */
export type ActionAudit = {
  eventId: string;
  /** Reads are `low`, changes `medium`, as the HTTP routes' events. */
  severityLevel: 'low' | 'medium';
  meta?: JsonObject;
};

/**
 * Runs an action's body as an audit event of the caller, after refusing input text a
 * database cannot store (NUL, lone surrogates) with an error naming the field: the
 * registry's schema check lets such strings through, and PostgreSQL would fail on them.
 * There is no HTTP request to take the actor from, so the event carries it in `meta`.
 */
export async function audited<T>(
  auditor: AuditorService,
  action: string,
  credentials: BackstageCredentials,
  input: unknown,
  audit: ActionAudit,
  run: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId: audit.eventId,
    severityLevel: audit.severityLevel,
    meta: { action, actor: actorOf(credentials), ...audit.meta },
  });
  try {
    const problem = findInvalidText(input, 'input');
    if (problem) throw new InputError(problem);
    const result = await run();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}

/** The caller's user ref; "mine" and "my teams" mean nothing for a service. */
export function requireUser(
  credentials: BackstageCredentials,
  what: string,
): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  if (principal.type !== 'user' || !principal.userEntityRef) {
    throw new InputError(`${what} needs a signed-in user, not a service`);
  }
  return principal.userEntityRef;
}

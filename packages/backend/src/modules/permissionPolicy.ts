import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createIncidentConditionalDecision,
  createMaintenanceEntityConditionalDecision,
  createOncallGroupConditionalDecision,
  incidentConditions,
  maintenanceEntityConditions,
  oncallGroupConditions,
} from '@firebreak/plugin-incidents-backend';
import {
  alertIngestPermission,
  incidentCreatePermission,
  incidentReadPermission,
  incidentUpdatePermission,
  maintenanceManagePermission,
  oncallOverridePermission,
} from '@firebreak/plugin-incidents-common';

/** How the team-scoped policy treats users outside an incident's owner team. */
export type TeamScopedOptions = {
  /** `read`: others may read every team's incidents (the default); `deny`: only their own. */
  others: 'read' | 'deny';
  /** Users or groups (ownership refs) who may read everything and change nothing. */
  readers: string[];
};

/** Reads `firebreak.teamScoped` (`others`, `readers`). */
export function readTeamScopedOptions(config: Config): TeamScopedOptions {
  const others =
    config.getOptionalString('firebreak.teamScoped.others') ?? 'read';
  if (others !== 'read' && others !== 'deny') {
    throw new Error(
      `firebreak.teamScoped.others must be 'read' or 'deny', not '${others}'`,
    );
  }
  return {
    others,
    readers:
      config.getOptionalStringArray('firebreak.teamScoped.readers') ?? [],
  };
}

/**
 * The team-scoped decision for Firebreak's permissions, or `undefined` for any other
 * permission, so a policy of your own can call it first and decide the rest itself.
 * Team members (the incident owner is one of their ownership refs) read and update their
 * teams' incidents, change their own groups' on-call and put their own entities in
 * maintenance; `readers` read everything; everyone else reads everything or nothing as
 * `others` says. Users never ingest alerts: that is the alert-sender tokens' one
 * permission. `claims` are the user's ownership refs (see {@link ownershipClaims});
 * empty for services.
 */
export function teamScopedIncidentsDecision(
  request: PolicyQuery,
  claims: string[],
  options: TeamScopedOptions,
): PolicyDecision | undefined {
  const { permission } = request;
  const isReader = claims.some(ref => options.readers.includes(ref));
  if (isPermission(permission, alertIngestPermission)) {
    return { result: AuthorizeResult.DENY };
  }
  if (isPermission(permission, incidentReadPermission)) {
    if (isReader || options.others === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }
    return createIncidentConditionalDecision(
      permission,
      incidentConditions.isIncidentOwner({ ownerRefs: claims }),
    );
  }
  if (isPermission(permission, incidentUpdatePermission)) {
    return createIncidentConditionalDecision(
      permission,
      incidentConditions.isIncidentOwner({ ownerRefs: claims }),
    );
  }
  if (isPermission(permission, incidentCreatePermission)) {
    // Declaring needs a team to own the response; read-only users have none to act for.
    const inTeam = claims.some(ref => ref.startsWith('group:'));
    return {
      result:
        inTeam && !isReader ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    };
  }
  if (isPermission(permission, oncallOverridePermission)) {
    return createOncallGroupConditionalDecision(
      permission,
      oncallGroupConditions.isOncallGroupMember({ claims }),
    );
  }
  if (isPermission(permission, maintenanceManagePermission)) {
    // Silencing an entity's alerts is its owners' call, like changing its incidents.
    return createMaintenanceEntityConditionalDecision(
      permission,
      maintenanceEntityConditions.isEntityOwner({ claims }),
    );
  }
  return undefined;
}

/**
 * A complete policy: {@link teamScopedIncidentsDecision} for Firebreak, and allow for
 * every other plugin's permissions (compose your own policy to restrict those too).
 */
export class TeamScopedPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: TeamScopedOptions,
    private readonly userInfo: UserInfoService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = await ownershipClaims(this.userInfo, user);
    return (
      teamScopedIncidentsDecision(request, claims, this.options) ?? {
        result: AuthorizeResult.ALLOW,
      }
    );
  }
}

/**
 * The user's ownership refs (the user and their groups) from the user info service;
 * `PolicyQueryUser.info` carries the same but is deprecated.
 */
export async function ownershipClaims(
  userInfo: UserInfoService,
  user: PolicyQueryUser | undefined,
): Promise<string[]> {
  if (!user) {
    return [];
  }
  const { ownershipEntityRefs } = await userInfo.getUserInfo(user.credentials);
  return ownershipEntityRefs;
}

/**
 * Sets the permission policy from `firebreak.permissionPolicy`: `allow-all` (the
 * default) or `team-scoped` ({@link TeamScopedPermissionPolicy} with
 * `firebreak.teamScoped`).
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'firebreak-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        const name =
          config.getOptionalString('firebreak.permissionPolicy') ?? 'allow-all';
        if (name === 'team-scoped') {
          policy.setPolicy(
            new TeamScopedPermissionPolicy(
              readTeamScopedOptions(config),
              userInfo,
            ),
          );
        } else if (name === 'allow-all') {
          policy.setPolicy({
            handle: async () => ({ result: AuthorizeResult.ALLOW }),
          });
        } else {
          throw new Error(
            `firebreak.permissionPolicy must be 'allow-all' or 'team-scoped', not '${name}'`,
          );
        }
      },
    });
  },
});

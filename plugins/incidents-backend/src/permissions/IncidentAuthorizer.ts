import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ConditionalPolicyDecision,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  Incident,
  INCIDENT_RESOURCE_TYPE,
  MAINTENANCE_ENTITY_RESOURCE_TYPE,
  ONCALL_GROUP_RESOURCE_TYPE,
} from '@firebreak/plugin-incidents-common';
import {
  IncidentPermissionQuery,
  incidentResourceRef,
  MaintenanceEntityResource,
  maintenanceEntityResourceRef,
  OncallGroupResource,
  oncallGroupResourceRef,
} from './rules';

/** What a conditional decision allows when listing: restrict to these owners, or anything. */
export type IncidentListScope = { ownerRefs?: string[] };

/**
 * Asks the permission framework whether a caller may do something, and answers 403
 * (NotAllowedError) when not. Conditional decisions are evaluated here against the
 * incident (single reads and writes) or turned into list filters (lists).
 */
export class IncidentAuthorizer {
  private readonly authorizeConditions: (
    decision: Parameters<
      ReturnType<typeof createConditionAuthorizer<Incident>>
    >[0],
    incident: Incident | undefined,
  ) => boolean;
  private readonly transformConditions: ReturnType<
    typeof createConditionTransformer<IncidentPermissionQuery>
  >;

  private readonly authorizeGroupConditions: (
    decision: Parameters<
      ReturnType<typeof createConditionAuthorizer<OncallGroupResource>>
    >[0],
    group: OncallGroupResource,
  ) => boolean;

  private readonly authorizeEntityConditions: (
    decision: Parameters<
      ReturnType<typeof createConditionAuthorizer<MaintenanceEntityResource>>
    >[0],
    entity: MaintenanceEntityResource,
  ) => boolean;

  constructor(
    private readonly permissions: PermissionsService,
    registry: PermissionsRegistryService,
  ) {
    const ruleset = registry.getPermissionRuleset(incidentResourceRef);
    this.authorizeConditions = createConditionAuthorizer(ruleset);
    this.transformConditions = createConditionTransformer(ruleset);
    this.authorizeGroupConditions = createConditionAuthorizer(
      registry.getPermissionRuleset(oncallGroupResourceRef),
    );
    this.authorizeEntityConditions = createConditionAuthorizer(
      registry.getPermissionRuleset(maintenanceEntityResourceRef),
    );
  }

  /**
   * Refuses unless `permission` is allowed on the entity `load` returns (its ref and
   * owner). `load` runs only when the decision depends on the entity, so an outright
   * denial answers 403 before anything is looked up; its errors (404, 503) pass through.
   */
  async requireOnEntity(
    permission: ResourcePermission<typeof MAINTENANCE_ENTITY_RESOURCE_TYPE>,
    credentials: BackstageCredentials,
    load: () => Promise<MaintenanceEntityResource>,
  ): Promise<void> {
    await this.requireConditional(permission, credentials, async decision =>
      this.authorizeEntityConditions(decision, await load()),
    );
  }

  /**
   * Refuses unless `permission` is allowed on the on-call group `load` returns. `load`
   * runs only when the decision depends on the group, so an outright denial answers 403
   * without telling whether the thing exists.
   */
  async requireOnGroup(
    permission: ResourcePermission<typeof ONCALL_GROUP_RESOURCE_TYPE>,
    credentials: BackstageCredentials,
    load: () => Promise<OncallGroupResource>,
  ): Promise<void> {
    await this.requireConditional(permission, credentials, async decision =>
      this.authorizeGroupConditions(decision, await load()),
    );
  }

  /** Refuses unless the basic permission is allowed. */
  async require(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  }

  /**
   * Refuses unless `permission` is allowed on the incident `load` returns. `load` runs only
   * when the decision depends on the incident, and its errors (404) pass through.
   */
  async requireOn(
    permission: ResourcePermission<typeof INCIDENT_RESOURCE_TYPE>,
    credentials: BackstageCredentials,
    load: () => Promise<Incident>,
  ): Promise<void> {
    await this.requireConditional(permission, credentials, async decision =>
      this.authorizeConditions(decision, await load()),
    );
  }

  /**
   * Allows an ALLOW decision, and a CONDITIONAL one when `matches` says the resource
   * meets its conditions (so the resource is loaded only then); refuses the rest.
   */
  private async requireConditional(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
    matches: (decision: ConditionalPolicyDecision) => Promise<boolean>,
  ): Promise<void> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return;
    if (
      decision.result === AuthorizeResult.CONDITIONAL &&
      (await matches(decision))
    ) {
      return;
    }
    throw new NotAllowedError(`Not allowed: ${permission.name}`);
  }

  /** The list filter a read decision implies; refuses outright denials. */
  async listScope(
    permission: ResourcePermission<typeof INCIDENT_RESOURCE_TYPE>,
    credentials: BackstageCredentials,
  ): Promise<IncidentListScope> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return {};
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return {
        ownerRefs: toOwnerRefs(this.transformConditions(decision.conditions)),
      };
    }
    throw new NotAllowedError(`Not allowed: ${permission.name}`);
  }
}

/**
 * Narrows owner refs a caller asked for to the ones the scope allows; the scope's own
 * list when they asked for none, and what they asked for when the scope is unlimited.
 */
export function withinScope(
  scope: IncidentListScope,
  requested: string[] | undefined,
): string[] | undefined {
  if (!scope.ownerRefs) return requested;
  const allowed = scope.ownerRefs;
  return requested ? requested.filter(ref => allowed.includes(ref)) : allowed;
}

/** Reduces owner criteria to one owner list: anyOf unions, allOf intersects. */
function toOwnerRefs(
  criteria: PermissionCriteria<IncidentPermissionQuery>,
): string[] {
  if ('ownerRefs' in criteria) return criteria.ownerRefs;
  if ('anyOf' in criteria)
    return [...new Set(criteria.anyOf.flatMap(toOwnerRefs))];
  if ('allOf' in criteria) {
    return criteria.allOf
      .map(toOwnerRefs)
      .reduce((acc, refs) => acc.filter(ref => refs.includes(ref)));
  }
  // "not" has no owner-list form; refusing is safer than listing too much.
  throw new NotAllowedError(
    'Unsupported permission condition for listing incidents',
  );
}

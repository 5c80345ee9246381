import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  incidentReadPermission,
  MetricsBucket,
} from '@firebreak/plugin-incidents-common';
import { IncidentAuthorizer } from '../permissions/IncidentAuthorizer';
import { IncidentsApiRouter } from '../http/apiRouter';
import { normaliseEntityRef, parseInstant } from '../validation/inputs';
import { MetricsService } from './MetricsService';

/**
 * Adds `GET /metrics` and `GET /entity-facts`. Callers whose read permission is conditional on ownership get
 * metrics over the owners they may read, intersected with any `ownerRef` they asked for.
 */
export function addMetricsRoutes(
  router: IncidentsApiRouter,
  options: {
    metrics: MetricsService;
    authorizer: IncidentAuthorizer;
    httpAuth: HttpAuthService;
  },
) {
  const { metrics, authorizer, httpAuth } = options;

  router.get('/metrics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    const { query } = req;
    const requested = toList(query.ownerRef)?.map(ref =>
      normaliseEntityRef(ref, 'ownerRef', 'group'),
    );
    const allowed = scope.ownerRefs;
    const ownerRefs = allowed
      ? requested?.filter(ref => allowed.includes(ref)) ?? allowed
      : requested;
    res.json(
      await metrics.getMetrics({
        from: toDate(query.from, 'from'),
        to: toDate(query.to, 'to'),
        bucket: query.bucket as MetricsBucket | undefined,
        entityRef: query.entityRef
          ? normaliseEntityRef(String(query.entityRef), 'entityRef')
          : undefined,
        ownerRefs,
      }),
    );
  });

  router.get('/entity-facts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const scope = await authorizer.listScope(
      incidentReadPermission,
      credentials,
    );
    res.json(
      await metrics.getEntityFacts({
        entityRef: normaliseEntityRef(String(req.query.entityRef), 'entityRef'),
        ownerRefs: scope.ownerRefs,
      }),
    );
  });
}

function toDate(value: unknown, name: string): Date {
  if (value === undefined) {
    throw new InputError(`${name} must be an ISO-8601 instant`);
  }
  return parseInstant(value, name);
}

function toList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value])
    .map(String)
    .filter(Boolean);
  return values.length ? values : undefined;
}

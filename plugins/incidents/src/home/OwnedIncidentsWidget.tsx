import { useApi } from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { OPEN_STATUSES } from '@firebreak/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { usePageLinks } from '../hooks/useIncidentLink';
import { IncidentRows } from './IncidentRows';
import { useWidgetData } from './useWidgetData';
import { WidgetBody, WidgetEmpty, WidgetMore } from './WidgetBody';

/** How many incidents a home card lists before pointing to the Incidents page. */
export const WIDGET_LIMIT = 5;

/**
 * Home page widget: open incidents on the services the signed-in user owns (owned by
 * their teams or by them), newest first.
 */
export function OwnedIncidentsContent() {
  const incidentsApi = useApi(incidentsApiRef);
  const identityApi = useApi(coreApis.identity);
  const links = usePageLinks();
  const state = useWidgetData(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const [page, severities] = await Promise.all([
      incidentsApi.listIncidents({
        ownerRefs: ownershipEntityRefs,
        statuses: [...OPEN_STATUSES],
        limit: WIDGET_LIMIT,
      }),
      incidentsApi.getSeverities(),
    ]);
    return { page, severities };
  }, [incidentsApi, identityApi]);
  return (
    <WidgetBody state={state} errorTitle="Could not load open incidents">
      {({ page, severities }) =>
        page.items.length === 0 ? (
          <WidgetEmpty>No open incidents on services you own.</WidgetEmpty>
        ) : (
          <>
            <IncidentRows incidents={page.items} severities={severities} />
            {page.nextCursor && (
              <WidgetMore to={`${links.incidents}?view=teams`}>
                All open incidents of your teams
              </WidgetMore>
            )}
          </>
        )
      }
    </WidgetBody>
  );
}

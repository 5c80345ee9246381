import { useApi } from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { incidentsApiRef } from '../api';
import { usePageLinks } from '../hooks/useIncidentLink';
import { IncidentRows } from './IncidentRows';
import { WIDGET_LIMIT } from './OwnedIncidentsWidget';
import { useWidgetData } from './useWidgetData';
import { WidgetBody, WidgetEmpty, WidgetMore } from './WidgetBody';

/**
 * Home page widget: the latest incidents in which the signed-in user holds a role
 * (commander, scribe, ...), with their roles and each incident's status.
 */
export function RoleIncidentsContent() {
  const incidentsApi = useApi(incidentsApiRef);
  const identityApi = useApi(coreApis.identity);
  const links = usePageLinks();
  const state = useWidgetData(async () => {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    const [page, severities] = await Promise.all([
      incidentsApi.listIncidents({
        roleHolderRefs: [userEntityRef],
        limit: WIDGET_LIMIT,
      }),
      incidentsApi.getSeverities(),
    ]);
    return { page, severities, userEntityRef };
  }, [incidentsApi, identityApi]);
  return (
    <WidgetBody state={state} errorTitle="Could not load your incidents">
      {({ page, severities, userEntityRef }) =>
        page.items.length === 0 ? (
          <WidgetEmpty>You hold no role in any incident.</WidgetEmpty>
        ) : (
          <>
            <IncidentRows
              incidents={page.items}
              severities={severities}
              detail={incident =>
                `you are ${incident.roles
                  .filter(r => r.userRef === userEntityRef)
                  .map(r => r.role)
                  .join(', ')}`
              }
            />
            {page.nextCursor && (
              <WidgetMore to={`${links.incidents}?view=mine&status=all`}>
                All your incidents
              </WidgetMore>
            )}
          </>
        )
      }
    </WidgetBody>
  );
}

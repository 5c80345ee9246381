import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { Box, List, ListItem, Typography } from '@material-ui/core';
import { DateTime } from 'luxon';
import { incidentsApiRef } from '../api';
import { overdueBy } from '../components/ActionItemsPage/ActionItemsTable';
import { SeverityChip } from '../components/IncidentChips';
import { utc } from '../format';
import { useIncidentLink, usePageLinks } from '../hooks/useIncidentLink';
import { WIDGET_LIMIT } from './OwnedIncidentsWidget';
import { useWidgetData } from './useWidgetData';
import { WidgetBody, WidgetEmpty, WidgetMore } from './WidgetBody';

/**
 * Home page widget: action items the signed-in user owns that are past their due date
 * and still outstanding, with how late each is and the incident it came from.
 */
export function OverdueActionItemsContent() {
  const incidentsApi = useApi(incidentsApiRef);
  const identityApi = useApi(coreApis.identity);
  const incidentLink = useIncidentLink();
  const links = usePageLinks();
  const state = useWidgetData(async () => {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    const page = await incidentsApi.listActionItems({
      ownerRefs: [userEntityRef],
      overdue: true,
      limit: WIDGET_LIMIT,
    });
    return { page, now: DateTime.now() };
  }, [incidentsApi, identityApi]);
  return (
    <WidgetBody state={state} errorTitle="Could not load your action items">
      {({ page, now }) =>
        page.items.length === 0 ? (
          <WidgetEmpty>None of your action items is overdue.</WidgetEmpty>
        ) : (
          <>
            <List dense disablePadding>
              {page.items.map(item => (
                <ListItem key={item.id} disableGutters divider>
                  <Box width="100%">
                    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                      <Box flexShrink={0}>
                        <SeverityChip severity={item.priority} />
                      </Box>
                      <Typography
                        variant="body2"
                        component="span"
                        style={{ minWidth: 0 }}
                      >
                        {item.title}
                      </Typography>
                    </Box>
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                    >
                      {item.dueAt &&
                        `due ${utc(item.dueAt)}, ${overdueBy(
                          item.dueAt,
                          now,
                        )} · `}
                      <Link to={incidentLink(item.incidentId)}>
                        INC-{item.incidentId}
                      </Link>
                    </Typography>
                  </Box>
                </ListItem>
              ))}
            </List>
            {page.nextCursor && (
              <WidgetMore to={links.actionItems}>All action items</WidgetMore>
            )}
          </>
        )
      }
    </WidgetBody>
  );
}

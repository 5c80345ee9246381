import { useApi } from '@backstage/core-plugin-api';
import { Box, Tab, Tabs } from '@material-ui/core';
import { Link } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { usePageLinks } from '../../hooks/useIncidentLink';

/** How many open unrouted alerts the tab counts before it says "50+". */
export const UNROUTED_COUNT_LIMIT = 50;

/** The pages of the global Incidents area. */
export type IncidentsNavPage =
  | 'incidents'
  | 'unroutedAlerts'
  | 'actionItems'
  | 'metrics';

/** The open unrouted alert count as the tab shows it: `7`, `50+`, or nothing yet. */
function useUnroutedCount(): string | undefined {
  const incidentsApi = useApi(incidentsApiRef);
  const { value } = useAsync(async () => {
    const page = await incidentsApi.listAlerts({
      unrouted: true,
      open: true,
      limit: UNROUTED_COUNT_LIMIT,
    });
    return page.nextCursor ? `${page.items.length}+` : `${page.items.length}`;
  }, [incidentsApi]);
  // A failed count must not hide the tabs, so errors simply show no number.
  return value;
}

/**
 * Tabs across the Incidents area: the list, the unrouted alerts inbox with its open
 * count (alerts there page nobody, so the number should be visible), action items and
 * metrics.
 */
export function IncidentsNavBar(props: { current: IncidentsNavPage }) {
  const links = usePageLinks();
  const count = useUnroutedCount();
  return (
    <Box mb={2}>
      <Tabs
        value={props.current}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Incidents pages"
      >
        <Tab
          value="incidents"
          label="Incidents"
          component={Link}
          to={links.incidents}
        />
        <Tab
          value="unroutedAlerts"
          label={count ? `Unrouted alerts (${count})` : 'Unrouted alerts'}
          component={Link}
          to={links.unroutedAlerts}
        />
        <Tab
          value="actionItems"
          label="Action items"
          component={Link}
          to={links.actionItems}
        />
        <Tab
          value="metrics"
          label="Metrics"
          component={Link}
          to={links.metrics}
        />
      </Tabs>
    </Box>
  );
}

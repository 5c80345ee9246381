import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Box, Tab, Tabs } from '@material-ui/core';
import { Link } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { usePageLinks } from '../../hooks/useIncidentLink';
import { incidentsTranslationRef } from '../../translation';

/** How many open unrouted alerts the tab counts before it says "50+". */
export const UNROUTED_COUNT_LIMIT = 50;

/** The pages of the global Incidents area. */
export type IncidentsNavPage =
  | 'incidents'
  | 'unroutedAlerts'
  | 'actionItems'
  | 'metrics'
  | 'oncall';

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
 * count (alerts there page nobody, so the number should be visible), action items,
 * metrics and on-call.
 */
export function IncidentsNavBar(props: { current: IncidentsNavPage }) {
  const links = usePageLinks();
  const count = useUnroutedCount();
  const { t } = useTranslationRef(incidentsTranslationRef);
  return (
    <Box mb={2}>
      <Tabs
        value={props.current}
        indicatorColor="primary"
        textColor="primary"
        // The tabs are wider than a phone: they scroll rather than cut the last ones off.
        variant="scrollable"
        scrollButtons="auto"
        aria-label={t('nav.ariaLabel')}
      >
        <Tab
          value="incidents"
          label={t('nav.incidents')}
          component={Link}
          to={links.incidents}
        />
        <Tab
          value="unroutedAlerts"
          label={
            count
              ? t('nav.unroutedAlertsWithCount', { shown: count })
              : t('nav.unroutedAlerts')
          }
          component={Link}
          to={links.unroutedAlerts}
        />
        <Tab
          value="actionItems"
          label={t('nav.actionItems')}
          component={Link}
          to={links.actionItems}
        />
        <Tab
          value="metrics"
          label={t('nav.metrics')}
          component={Link}
          to={links.metrics}
        />
        <Tab
          value="oncall"
          label={t('nav.oncall')}
          component={Link}
          to={links.oncall}
        />
      </Tabs>
    </Box>
  );
}

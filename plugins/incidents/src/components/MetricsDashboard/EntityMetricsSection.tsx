import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Grid, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { memo, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { usePageLinks } from '../../hooks/useIncidentLink';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { LazySeverityCountsChart } from './LazySeverityCountsChart';
import { humanSeconds, metricsWindow } from './metricsFormat';
import { StatTile } from './StatTile';
import { incidentsTranslationRef } from '../../translation';

const DAYS = 90;

/**
 * Metrics of one entity over the last 90 days, for its Incidents tab. A failure stays
 * inside this card: the rest of the tab does not depend on metrics. Memoised because
 * the tab re-renders on every live update and dialog change, and the charts need not.
 */
export const EntityMetricsSection = memo(function EntityMetricsCard(props: {
  entityRef: string;
}) {
  const { entityRef } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const links = usePageLinks();
  const { t } = useTranslationRef(incidentsTranslationRef);
  const range = useMemo(() => metricsWindow(DAYS), []);
  const { value, loading, error } = useAsync(
    () => incidentsApi.getMetrics({ ...range, entityRef }),
    [incidentsApi, range, entityRef],
  );
  const allMetrics = `${links.metrics}?${new URLSearchParams({
    range: String(DAYS),
    entity: entityRef,
  })}`;

  let body;
  if (error) {
    body = <IncidentsErrorPanel error={error} />;
  } else if (loading || !value) {
    body = <Progress />;
  } else {
    const { overall, breaches, postmortems, actionItems } = value;
    body = (
      <Grid container spacing={2}>
        <Grid item xs={6} md={3}>
          <StatTile label="Incidents" value={overall.incidents} />
        </Grid>
        <Grid item xs={6} md={3}>
          <StatTile
            label="MTTA"
            value={humanSeconds(overall.mtta.meanSeconds)}
            detail={`p90 ${humanSeconds(overall.mtta.p90Seconds)}`}
          />
        </Grid>
        <Grid item xs={6} md={3}>
          <StatTile
            label="MTTR"
            value={humanSeconds(overall.mttr.meanSeconds)}
            detail={`p90 ${humanSeconds(overall.mttr.p90Seconds)}`}
          />
        </Grid>
        <Grid item xs={6} md={3}>
          <StatTile
            label="Breaches"
            value={breaches.acknowledge + breaches.resolve}
            alert={breaches.acknowledge + breaches.resolve > 0}
            detail={`${breaches.acknowledge} acknowledgement, ${breaches.resolve} resolution`}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="overline" color="textSecondary">
            Incidents by severity per week
          </Typography>
          {/* Full axes, legend and tooltip: a sparkline gave no scale to read. */}
          <LazySeverityCountsChart metrics={value} height={200} />
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="overline" color="textSecondary">
            Follow-up
          </Typography>
          <Box>
            <Typography variant="body2">
              Postmortems: {postmortems.published} of {postmortems.required}{' '}
              published, {postmortems.overdue} overdue
            </Typography>
            <Typography
              variant="body2"
              color={actionItems.overdue > 0 ? 'error' : 'textPrimary'}
            >
              {t('metrics.entityActionItems', {
                overdue: String(actionItems.overdue),
                total: String(actionItems.total),
              })}
            </Typography>
          </Box>
        </Grid>
      </Grid>
    );
  }

  return (
    <InfoCard
      title="Incident metrics"
      subheader={`Incidents detected in the last ${DAYS} days`}
      deepLink={{ title: 'All metrics', link: allMetrics }}
    >
      {body}
    </InfoCard>
  );
});

import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { severityLabel, utc } from '../../format';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { SeverityChip, StatusChip } from '../IncidentChips';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { incidentsTranslationRef } from '../../translation';
import { Link } from '@backstage/ui';

/** Overview card: how many incidents are open on the entity and its latest incident. */
export function EntityIncidentsCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const incidentsApi = useApi(incidentsApiRef);
  const incidentLink = useIncidentLink();
  const { t } = useTranslationRef(incidentsTranslationRef);
  const { value, loading, error } = useAsync(async () => {
    const [summary, severities, latest] = await Promise.all([
      incidentsApi.getEntitySummary(entityRef),
      incidentsApi.getSeverities(),
      incidentsApi.listIncidents({ entityRefs: [entityRef], limit: 1 }),
    ]);
    return { summary, severities, latest: latest.items[0] };
  }, [incidentsApi, entityRef]);

  if (loading) {
    return (
      <InfoCard title={t('cards.incidents.title')}>
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <IncidentsErrorPanel
        error={error ?? new Error('No incident summary')}
        title={t('cards.incidents.loadError')}
      />
    );
  }
  const { summary, severities, latest } = value;
  const open = summary.openIncidents.length;

  return (
    <InfoCard title={t('cards.incidents.title')}>
      <Typography variant="h5" component="p">
        {open === 0
          ? t('cards.incidents.noneOpen')
          : t('cards.incidents.open', { count: open })}
      </Typography>
      {latest ? (
        <Box mt={2}>
          <Typography variant="overline" display="block">
            {t('cards.incidents.latest')}
          </Typography>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <SeverityChip
              severity={latest.severity}
              label={severityLabel(severities, latest.severity)}
            />
            <StatusChip status={latest.status} />
            <Link href={incidentLink(latest.id)}>
              {latest.ref} · {latest.title}
            </Link>
          </Box>
          <Typography variant="caption" color="textSecondary">
            {t('cards.incidents.detected', { time: utc(latest.detectedAt) })}
          </Typography>
        </Box>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {t('cards.incidents.never')}
        </Typography>
      )}
    </InfoCard>
  );
}

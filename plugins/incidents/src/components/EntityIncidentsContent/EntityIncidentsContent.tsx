import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_ALERTS,
  Incident,
} from '@firebreak/plugin-incidents-common';
import { Box, Grid } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { useIncidentsSignal } from '../../hooks/useIncidentsSignal';
import { incidentsTranslationRef } from '../../translation';
import { AlertsRunbooksCard } from '../AlertsRunbooksCard';
import { DeclareIncidentDialog } from '../DeclareIncidentDialog';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { IncidentsTable } from '../IncidentsTable';
import { EntityMetricsSection } from '../MetricsDashboard';
import { OncallCard } from '../OncallCard';
import { PostmortemsCard } from '../PostmortemsCard';
import { SeverityPolicyCard } from '../SeverityPolicyCard';
import { DeclareIncidentButton } from './DeclareIncidentButton';
import { IncidentStatusStrip } from './IncidentStatusStrip';
import { Link } from '@backstage/ui';

const RECENTLY_RESOLVED = 5;

/** The Incidents tab of an entity page. */
export function EntityIncidentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const incidentsApi = useApi(incidentsApiRef);
  const incidentLink = useIncidentLink();
  const [declaring, setDeclaring] = useState(false);
  const [declared, setDeclared] = useState<Incident>();
  const { t } = useTranslationRef(incidentsTranslationRef);

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [summary, severities, resolved] = await Promise.all([
      incidentsApi.getEntitySummary(entityRef),
      incidentsApi.getSeverities(),
      incidentsApi.listIncidents({
        entityRefs: [entityRef],
        statuses: ['resolved'],
        limit: RECENTLY_RESOLVED,
      }),
    ]);
    return { summary, severities, resolved: resolved.items };
  }, [incidentsApi, entityRef]);

  useIncidentsSignal(retry);

  const policyCard = (
    <Grid item xs={12}>
      <SeverityPolicyCard />
    </Grid>
  );

  // Keep showing the last data while a live refresh reloads it.
  if (loading && !value) return <Progress />;
  if (error && !value) {
    return (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <IncidentsErrorPanel error={error} />
        </Grid>
        {policyCard}
      </Grid>
    );
  }
  const { summary, severities, resolved } = value!;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard>
          <Box
            display="flex"
            justifyContent="space-between"
            alignItems="flex-start"
          >
            <IncidentStatusStrip
              openIncidents={summary.openIncidents}
              upstreamIncidents={summary.upstreamIncidents}
              severities={severities}
              catalogAvailable={summary.catalogAvailable}
            />
            <DeclareIncidentButton onClick={() => setDeclaring(true)} />
          </Box>
          {declared && (
            <Box mt={2}>
              <Alert severity="success" onClose={() => setDeclared(undefined)}>
                {t('entityTab.declared')}{' '}
                <Link href={incidentLink(declared.id)}>{declared.ref}</Link>:{' '}
                {declared.title}
              </Alert>
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <IncidentsTable
          title={t('entityTab.openIncidents')}
          incidents={summary.openIncidents}
          severities={severities}
          emptyContent={<Box p={2}>{t('entityTab.openIncidentsEmpty')}</Box>}
        />
        <Box mt={3}>
          <IncidentsTable
            title={t('entityTab.recentlyResolved')}
            incidents={resolved}
            severities={severities}
            resolved
            emptyContent={
              <Box p={2}>{t('entityTab.recentlyResolvedEmpty')}</Box>
            }
          />
        </Box>
      </Grid>
      <Grid item xs={12} md={4}>
        <OncallCard ownerRef={summary.ownerRef} oncall={summary.oncall} />
      </Grid>
      <Grid item xs={12}>
        <AlertsRunbooksCard
          entityRef={entityRef}
          hasAlertsTable={!!entity.metadata.annotations?.[ANNOTATION_ALERTS]}
        />
      </Grid>
      <Grid item xs={12}>
        <PostmortemsCard entityRef={entityRef} incidents={resolved} />
      </Grid>
      <Grid item xs={12}>
        <EntityMetricsSection entityRef={entityRef} />
      </Grid>
      {policyCard}
      {declaring && (
        <DeclareIncidentDialog
          open
          onClose={() => setDeclaring(false)}
          entityRef={entityRef}
          severities={severities}
          onDeclared={incident => {
            setDeclaring(false);
            setDeclared(incident);
            retry();
          }}
        />
      )}
    </Grid>
  );
}

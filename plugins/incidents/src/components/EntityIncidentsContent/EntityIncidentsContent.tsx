import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_ALERTS,
  ANNOTATION_HEARTBEATS,
} from '@firebreak/plugin-incidents-common';
import { Box, Button, Grid, Tab, Tabs } from '@material-ui/core';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { useCanManageMaintenance } from '../../hooks/useIncidentPermissions';
import { useMaintenanceWindows } from '../../hooks/useMaintenanceWindows';
import { useIncidentsRefreshKey } from '../../hooks/useIncidentsSignal';
import { incidentsTranslationRef } from '../../translation';
import { AlertsRunbooksCard } from '../AlertsRunbooksCard';
import { DeclareIncidentDialog } from '../DeclareIncidentDialog';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { IncidentsTable } from '../IncidentsTable';
import { HeartbeatsCard } from '../HeartbeatsCard';
import { EntityMetricsSection } from '../MetricsDashboard';
import { OncallCard } from '../OncallCard';
import { PostmortemsCard } from '../PostmortemsCard';
import { SeverityPolicyCard } from '../SeverityPolicyCard';
import { DeclareIncidentButton } from './DeclareIncidentButton';
import { IncidentStatusStrip } from './IncidentStatusStrip';
import { MaintenanceBanner } from './MaintenanceBanner';
import { StartMaintenanceDialog } from './StartMaintenanceDialog';

const RECENTLY_RESOLVED = 5;

/** What the tab keeps below the fold, one sub-tab at a time. */
type MoreTab = 'runbooks' | 'postmortems' | 'metrics' | 'policy';
const MORE_TABS: MoreTab[] = ['runbooks', 'postmortems', 'metrics', 'policy'];

/** The Incidents tab of an entity page. */
export function EntityIncidentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const incidentsApi = useApi(incidentsApiRef);
  const incidentLink = useIncidentLink();
  const navigate = useNavigate();
  const [declaring, setDeclaring] = useState(false);
  const [startingMaintenance, setStartingMaintenance] = useState(false);
  const maintenance = useMaintenanceWindows(entityRef);
  const canManageMaintenance = useCanManageMaintenance(entityRef);
  const [more, setMore] = useState<MoreTab>('runbooks');
  const { t } = useTranslationRef(incidentsTranslationRef);

  const refreshKey = useIncidentsRefreshKey();
  const { value, loading, error } = useAsync(async () => {
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
  }, [incidentsApi, entityRef, refreshKey]);

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

  // Quick actions, what is broken now and who is on call lead; history and reference
  // material follow, behind sub-tabs, so a responder in an outage sees the first
  // screen's worth at once. The open incidents get the full width: beside the on-call
  // card their titles had a word's width.
  return (
    <Grid container spacing={2}>
      {(maintenance.active.length > 0 || maintenance.scheduled.length > 0) && (
        <Grid item xs={12}>
          <MaintenanceBanner
            active={maintenance.active}
            scheduled={maintenance.scheduled}
            canManage={canManageMaintenance.allowed}
            onChanged={maintenance.retry}
          />
        </Grid>
      )}
      <Grid item xs={12} md={8}>
        <InfoCard>
          <Box
            display="flex"
            justifyContent="space-between"
            alignItems="flex-start"
            flexWrap="wrap"
            style={{ gap: 16 }}
          >
            <IncidentStatusStrip
              openIncidents={summary.openIncidents}
              upstreamIncidents={summary.upstreamIncidents}
              severities={severities}
              catalogAvailable={summary.catalogAvailable}
            />
            <Box
              display="flex"
              flexWrap="wrap"
              alignItems="flex-start"
              style={{ gap: 8 }}
            >
              <DeclareIncidentButton onClick={() => setDeclaring(true)} />
              {canManageMaintenance.allowed && (
                <Button
                  variant="outlined"
                  onClick={() => setStartingMaintenance(true)}
                >
                  Start maintenance
                </Button>
              )}
            </Box>
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <OncallCard ownerRef={summary.ownerRef} oncall={summary.oncall} />
      </Grid>
      <Grid item xs={12}>
        <IncidentsTable
          title={t('entityTab.openIncidents')}
          incidents={summary.openIncidents}
          severities={severities}
          entityRef={summary.entityRef}
          emptyContent={<Box p={2}>{t('entityTab.openIncidentsEmpty')}</Box>}
        />
      </Grid>
      <Grid item xs={12}>
        <IncidentsTable
          title={t('entityTab.recentlyResolved')}
          incidents={resolved}
          severities={severities}
          entityRef={summary.entityRef}
          resolved
          emptyContent={<Box p={2}>{t('entityTab.recentlyResolvedEmpty')}</Box>}
        />
      </Grid>
      <Grid item xs={12}>
        <Tabs
          value={more}
          onChange={(_e, tab: MoreTab) => setMore(tab)}
          aria-label={t('entityTab.more.ariaLabel')}
          indicatorColor="primary"
          variant="scrollable"
          scrollButtons="auto"
        >
          {MORE_TABS.map(tab => (
            <Tab key={tab} value={tab} label={t(`entityTab.more.${tab}`)} />
          ))}
        </Tabs>
        <Box mt={2} role="tabpanel" aria-label={t(`entityTab.more.${more}`)}>
          {more === 'runbooks' && (
            <AlertsRunbooksCard
              entityRef={entityRef}
              hasAlertsTable={
                !!entity.metadata.annotations?.[ANNOTATION_ALERTS]
              }
            />
          )}
          {more === 'runbooks' &&
            entity.metadata.annotations?.[ANNOTATION_HEARTBEATS] && (
              <Box mt={3}>
                <HeartbeatsCard entityRef={entityRef} />
              </Box>
            )}
          {more === 'postmortems' && (
            <PostmortemsCard entityRef={entityRef} incidents={resolved} />
          )}
          {more === 'metrics' && <EntityMetricsSection entityRef={entityRef} />}
          {more === 'policy' && <SeverityPolicyCard />}
        </Box>
      </Grid>
      {startingMaintenance && (
        <StartMaintenanceDialog
          open
          onClose={() => setStartingMaintenance(false)}
          entityRef={entityRef}
          severities={severities}
          onStarted={() => {
            setStartingMaintenance(false);
            maintenance.retry();
          }}
        />
      )}
      {declaring && (
        <DeclareIncidentDialog
          open
          onClose={() => setDeclaring(false)}
          entityRef={entityRef}
          severities={severities}
          onDeclared={incident => {
            setDeclaring(false);
            // The declarer works the incident next, so take them to it.
            navigate(incidentLink(incident.id));
          }}
        />
      )}
    </Grid>
  );
}

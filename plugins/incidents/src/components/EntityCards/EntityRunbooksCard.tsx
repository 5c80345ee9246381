import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ANNOTATION_ALERTS } from '@firebreak/plugin-incidents-common';
import { Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import {
  coverageText,
  tableCoverageCounts,
} from '../AlertsRunbooksCard/runbookCoverage';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { incidentsTranslationRef } from '../../translation';
import { StatusIcon } from '../StatusIcon';

/** Overview card: runbook coverage of the entity's alerts and how many lack a runbook. */
export function EntityRunbooksCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const hasAlertsTable = !!entity.metadata.annotations?.[ANNOTATION_ALERTS];
  const incidentsApi = useApi(incidentsApiRef);
  const { t } = useTranslationRef(incidentsTranslationRef);
  const { value, loading, error } = useAsync(
    () => incidentsApi.getRunbookTable(entityRef),
    [incidentsApi, entityRef],
  );

  if (loading) {
    return (
      <InfoCard title={t('cards.runbooks.title')}>
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <IncidentsErrorPanel
        error={error ?? new Error('No runbook table')}
        title={t('cards.runbooks.loadError')}
      />
    );
  }
  // Every alert listed or fired, not only the fired ones the coverage counts: an
  // entry in the table without a runbook is a gap before it ever fires.
  const missing = value.rows.filter(r => !r.runbook).length;
  const fallbackOnly = value.rows.filter(
    r => r.runbookKind === 'fallback',
  ).length;
  // "Every alert has its own runbook" needs a table to vouch for: without one, only
  // the alerts that happened to fire are known, and the card says how to add it.
  let status;
  if (missing || fallbackOnly) {
    status = (
      <>
        <StatusIcon status="warning" />
        {[
          missing && t('cards.runbooks.missing', { count: missing }),
          fallbackOnly &&
            t('cards.runbooks.fallbackOnly', { count: fallbackOnly }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </>
    );
  } else if (hasAlertsTable && value.rows.length) {
    status = (
      <>
        <StatusIcon status="ok" />
        {t('cards.runbooks.allCovered')}
      </>
    );
  } else if (hasAlertsTable) {
    status = t('cards.runbooks.noAlerts');
  }

  return (
    <InfoCard
      title={t('cards.runbooks.title')}
      subheader={coverageText(t, tableCoverageCounts(value.coverage))}
    >
      {/* Status icons hide their children from screen readers, so the text sits beside them. */}
      {status && <Typography variant="body1">{status}</Typography>}
      {!hasAlertsTable && (
        <Typography variant="body2" color="textSecondary">
          No alert → runbook table yet: add the <code>{ANNOTATION_ALERTS}</code>{' '}
          annotation to this entity&apos;s catalog-info.yaml. The Incidents tab
          shows what to paste.
        </Typography>
      )}
    </InfoCard>
  );
}

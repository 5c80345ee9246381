import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { incidentsTranslationRef } from '../../translation';

function humanDuration(iso?: string): string {
  if (!iso) return '—';
  const duration = Duration.fromISO(iso).rescale();
  return duration.isValid ? duration.toHuman({ unitDisplay: 'short' }) : iso;
}

/** The severity policy in force, as responders see it when they declare an incident. */
export function SeverityPolicyCard() {
  const incidentsApi = useApi(incidentsApiRef);
  const { t } = useTranslationRef(incidentsTranslationRef);
  const { value, loading, error } = useAsync(
    () => incidentsApi.getSeverities(),
    [incidentsApi],
  );

  const columns: TableColumn<SeverityLevel>[] = [
    {
      title: t('severityPolicy.columns.severity'),
      field: 'id',
      render: l => `${l.id} · ${l.label}`,
    },
    { title: t('severityPolicy.columns.when'), field: 'description' },
    {
      title: t('severityPolicy.columns.pages'),
      render: l =>
        l.pages ? t('severityPolicy.pagesYes') : t('severityPolicy.pagesNo'),
    },
    {
      title: t('severityPolicy.columns.acknowledgeWithin'),
      render: l => humanDuration(l.acknowledgeWithin),
    },
    {
      title: t('severityPolicy.columns.resolveWithin'),
      render: l => humanDuration(l.resolveWithin),
    },
    {
      title: t('severityPolicy.columns.postmortem'),
      render: l =>
        l.postmortemRequired
          ? t('severityPolicy.postmortemRequired')
          : t('severityPolicy.postmortemOptional'),
    },
  ];

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <InfoCard title={t('severityPolicy.title')} noPadding>
      <Table<SeverityLevel>
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        columns={columns}
        data={value ?? []}
      />
    </InfoCard>
  );
}

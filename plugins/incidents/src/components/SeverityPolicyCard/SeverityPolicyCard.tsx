import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';

function humanDuration(iso?: string): string {
  if (!iso) return '—';
  const duration = Duration.fromISO(iso).rescale();
  return duration.isValid ? duration.toHuman({ unitDisplay: 'short' }) : iso;
}

const columns: TableColumn<SeverityLevel>[] = [
  { title: 'Severity', field: 'id', render: s => `${s.id} · ${s.label}` },
  { title: 'When', field: 'description' },
  {
    title: 'Pages on-call',
    render: s => (s.pages ? 'Yes' : 'No (team notified)'),
  },
  {
    title: 'Acknowledge within',
    render: s => humanDuration(s.acknowledgeWithin),
  },
  { title: 'Resolve within', render: s => humanDuration(s.resolveWithin) },
  {
    title: 'Postmortem',
    render: s => (s.postmortemRequired ? 'Required' : 'Optional'),
  },
];

/** The severity policy in force, as responders see it when they declare an incident. */
export function SeverityPolicyCard() {
  const incidentsApi = useApi(incidentsApiRef);
  const { value, loading, error } = useAsync(
    () => incidentsApi.getSeverities(),
    [incidentsApi],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <InfoCard title="Severity policy" noPadding>
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

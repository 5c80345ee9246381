import {
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ANNOTATION_HEARTBEATS,
  HeartbeatStatus,
} from '@firebreak/plugin-incidents-common';
import { Typography } from '@material-ui/core';
import { Duration } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { FIT_CONTENT_COLUMN } from '../layoutStyles';
import { StackedCell } from '../StackedCell';
import { StatusIcon } from '../StatusIcon';

/** Props of {@link HeartbeatsCard}. */
export type HeartbeatsCardProps = {
  entityRef: string;
};

function human(iso: string) {
  return Duration.fromISO(iso).shiftToAll().normalize().toHuman({
    showZeros: false,
  });
}

function Every({ heartbeat }: { heartbeat: HeartbeatStatus }) {
  return (
    <>
      every {human(heartbeat.interval)}, grace {human(heartbeat.grace)}
    </>
  );
}

/** The state in words, with the time that matters for it. */
function State({ heartbeat }: { heartbeat: HeartbeatStatus }) {
  if (heartbeat.state === 'missed') {
    return (
      <>
        <StatusIcon status="error" />
        missed since {utc(heartbeat.missedAt)}
      </>
    );
  }
  if (heartbeat.state === 'waiting') {
    return (
      <>
        <StatusIcon status="pending" />
        no ping yet
        {heartbeat.dueBy && `, due by ${utc(heartbeat.dueBy)}`}
      </>
    );
  }
  return (
    <>
      <StatusIcon status="ok" />
      on time, next due by {utc(heartbeat.dueBy)}
    </>
  );
}

function Name({ heartbeat }: { heartbeat: HeartbeatStatus }) {
  return (
    <>
      {heartbeat.name}
      {heartbeat.description && (
        <Typography variant="caption" color="textSecondary" component="div">
          {heartbeat.description}
        </Typography>
      )}
    </>
  );
}

const columns: TableColumn<HeartbeatStatus>[] = [
  {
    title: 'Heartbeat',
    field: 'name',
    cellStyle: { wordBreak: 'normal' },
    render: h => <Name heartbeat={h} />,
  },
  { title: 'Expected', render: h => <Every heartbeat={h} /> },
  {
    title: 'Last ping',
    ...FIT_CONTENT_COLUMN,
    render: h => (h.lastPingAt ? utc(h.lastPingAt) : 'never'),
  },
  { title: 'State', render: h => <State heartbeat={h} /> },
];

// On a narrow screen a heartbeat is one stacked cell, so the table never scrolls sideways.
const stackedColumns: TableColumn<HeartbeatStatus>[] = [
  {
    title: 'Heartbeat',
    field: 'name',
    render: h => (
      <StackedCell>
        <Name heartbeat={h} />
        <Typography variant="body2" component="div">
          <State heartbeat={h} />
        </Typography>
        <Typography variant="caption" color="textSecondary">
          <Every heartbeat={h} /> · last ping{' '}
          {h.lastPingAt ? utc(h.lastPingAt) : 'never'}
        </Typography>
      </StackedCell>
    ),
  },
];

/**
 * The entity's heartbeats (dead-man switches from `firebreak.dev/heartbeats`): when
 * each last pinged, and whether it is on time, missed or still waiting for a first ping.
 */
export function HeartbeatsCard(props: HeartbeatsCardProps) {
  const { entityRef } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const narrow = useNarrowLayout();
  const { value, loading, error } = useAsync(
    () => incidentsApi.listHeartbeats(entityRef),
    [incidentsApi, entityRef],
  );

  if (loading) {
    return (
      <InfoCard title="Heartbeats">
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <IncidentsErrorPanel
        error={error}
        title="Could not load the heartbeats"
      />
    );
  }
  if (!value?.length) {
    return (
      <InfoCard title="Heartbeats">
        <Typography variant="body2">
          The <code>{ANNOTATION_HEARTBEATS}</code> annotation declares no
          heartbeat that could be read; the catalog's processing errors for this
          entity say why.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <Table<HeartbeatStatus>
      title="Heartbeats"
      columns={narrow ? stackedColumns : columns}
      data={value}
      options={{ paging: false, search: false, padding: 'dense' }}
    />
  );
}

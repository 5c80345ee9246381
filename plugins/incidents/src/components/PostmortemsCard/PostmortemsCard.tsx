import {
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Incident, Postmortem } from '@firebreak/plugin-incidents-common';
import { Box } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { PostmortemStatusChip } from '../IncidentChips';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { Link } from '@backstage/ui';

/** The backend's largest page; beyond it the oldest incidents' progress would be undercounted. */
const ACTION_ITEMS_LIMIT = 200;

/** Props of {@link PostmortemsCard}. */
export type PostmortemsCardProps = {
  entityRef: string;
  /** The entity's recently resolved incidents, whose postmortems are shown. */
  incidents: Incident[];
};

type Row = {
  incident: Incident;
  postmortem?: Postmortem;
  done: number;
  total: number;
};

/**
 * Postmortems of the entity's recently resolved incidents with their action item
 * progress: one request for the postmortems of all of them (the tab passes at most a
 * handful), beside one for the entity's action items.
 */
export function PostmortemsCard(props: PostmortemsCardProps) {
  const { entityRef, incidents } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const incidentLink = useIncidentLink();
  const incidentIds = incidents.map(i => i.id).join(',');
  const { value, loading, error } = useAsync(async (): Promise<Row[]> => {
    if (!incidents.length) return [];
    const [postmortems, actionItems] = await Promise.all([
      // An incident has at most one postmortem, so one page holds them all.
      incidentsApi.listPostmortems({
        incidentIds: incidents.map(i => i.id),
        limit: incidents.length,
      }),
      incidentsApi.listActionItems({
        entityRefs: [entityRef],
        limit: ACTION_ITEMS_LIMIT,
      }),
    ]);
    return incidents.map(incident => {
      const items = actionItems.items.filter(a => a.incidentId === incident.id);
      return {
        incident,
        postmortem: postmortems.items.find(p => p.incidentId === incident.id),
        done: items.filter(a => a.status === 'done').length,
        total: items.length,
      };
    });
    // The ids stand for the incidents, whose array identity changes on every reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incidentsApi, entityRef, incidentIds]);

  if (loading && !value) {
    return (
      <InfoCard title="Postmortems">
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <IncidentsErrorPanel
        error={error}
        title="Could not load the postmortems"
      />
    );
  }
  const rows = value ?? [];

  const columns: TableColumn<Row>[] = [
    {
      title: 'Incident',
      render: r => (
        <Link href={incidentLink(r.incident.id)}>
          {r.incident.ref} · {r.incident.title}
        </Link>
      ),
    },
    {
      title: 'Postmortem',
      render: r => <PostmortemStatusChip status={r.postmortem?.status} />,
    },
    {
      title: 'Due / published',
      render: r => {
        if (!r.postmortem) return '—';
        return r.postmortem.publishedAt
          ? `Published ${utc(r.postmortem.publishedAt)}`
          : `Due ${utc(r.postmortem.dueAt)}`;
      },
    },
    {
      title: 'Action items',
      render: r => (r.total ? `${r.done} / ${r.total} done` : 'None'),
    },
  ];

  return (
    <Table<Row>
      title="Postmortems"
      subtitle="Of the recently resolved incidents"
      columns={columns}
      data={rows}
      options={{ paging: false, search: false, padding: 'dense' }}
      emptyContent={
        <Box p={2}>No resolved incidents, so no postmortems yet.</Box>
      }
    />
  );
}

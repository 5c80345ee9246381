import {
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Incident, SeverityLevel } from '@firebreak/plugin-incidents-common';
import { DateTime } from 'luxon';
import { ReactNode } from 'react';
import {
  humanDuration,
  humanElapsed,
  severityLabel,
  targetState,
} from '../../format';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { SeverityChip, StatusChip } from '../IncidentChips';
import { incidentsTranslationRef } from '../../translation';
import { Link } from '@backstage/ui';

/** Props of {@link IncidentsTable}. */
export type IncidentsTableProps = {
  title: string;
  incidents: Incident[];
  severities?: SeverityLevel[];
  /** Shows time to resolve instead of the age of open incidents. */
  resolved?: boolean;
  emptyContent?: ReactNode;
  /** Fixed "now" for the age column; tests pass one. */
  now?: DateTime;
};

/**
 * Incidents with their service, owner, severity, status, age against the resolution
 * target and commander, in the order given (the list asks the API for its order).
 */
export function IncidentsTable(props: IncidentsTableProps) {
  const { incidents, severities, resolved } = props;
  const incidentLink = useIncidentLink();
  const { t } = useTranslationRef(incidentsTranslationRef);
  const now = props.now ?? DateTime.utc();

  const age = (incident: Incident) => {
    if (resolved) {
      return incident.resolvedAt
        ? `resolved in ${humanElapsed(
            incident.detectedAt,
            DateTime.fromISO(incident.resolvedAt),
          )}`
        : '—';
    }
    const target = severities?.find(
      l => l.id === incident.severity,
    )?.resolveWithin;
    // Resolved incidents in a mixed list are measured to their resolution, not to now.
    const end = incident.resolvedAt
      ? DateTime.fromISO(incident.resolvedAt)
      : now;
    const elapsed = `${incident.resolvedAt ? 'resolved in ' : ''}${humanElapsed(
      incident.detectedAt,
      end,
    )}`;
    const text = target ? `${elapsed} of ${humanDuration(target)}` : elapsed;
    // Status icons hide their children from screen readers, so the text sits beside them.
    return targetState(incident.detectedAt, target, end) === 'breached' ? (
      <>
        <StatusError />
        {t('table.targetMissed', { elapsed: text })}
      </>
    ) : (
      <>
        <StatusOK />
        {text}
      </>
    );
  };

  const columns: TableColumn<Incident>[] = [
    {
      title: t('table.columns.ref'),
      field: 'ref',
      // A ref is one word: "INC-/716" split over two lines reads as two things
      cellStyle: { whiteSpace: 'nowrap' },
      render: i => <Link href={incidentLink(i.id)}>{i.ref}</Link>,
    },
    { title: t('table.columns.title'), field: 'title' },
    {
      title: t('table.columns.service'),
      field: 'entityRef',
      render: i => (
        <EntityRefLink entityRef={i.entityRef} defaultKind="component" />
      ),
    },
    {
      title: t('table.columns.owner'),
      field: 'ownerRef',
      render: i =>
        i.ownerRef ? (
          <EntityRefLink entityRef={i.ownerRef} defaultKind="group" />
        ) : (
          t('table.noOwner')
        ),
    },
    {
      title: t('table.columns.severity'),
      field: 'severity',
      render: i => (
        <SeverityChip
          severity={i.severity}
          label={severityLabel(severities, i.severity)}
          severities={severities}
        />
      ),
    },
    {
      title: t('table.columns.status'),
      field: 'status',
      render: i => <StatusChip status={i.status} />,
    },
    {
      title: resolved
        ? t('table.columns.duration')
        : t('table.columns.ageTarget'),
      render: age,
    },
    {
      title: t('table.columns.commander'),
      render: i => {
        const commander = i.roles?.find(r => r.role === 'commander');
        return commander ? (
          <EntityRefLink entityRef={commander.userRef} defaultKind="user" />
        ) : (
          t('table.unassigned')
        );
      },
    },
  ];

  return (
    <Table<Incident>
      title={props.title}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={incidents}
      emptyContent={props.emptyContent}
    />
  );
}

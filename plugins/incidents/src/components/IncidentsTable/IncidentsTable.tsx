import { Table, TableColumn } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Incident, SeverityLevel } from '@firebreak/plugin-incidents-common';
import { Typography } from '@material-ui/core';
import { DateTime } from 'luxon';
import { ReactNode } from 'react';
import {
  humanDuration,
  humanElapsed,
  severityLabel,
  targetState,
} from '../../format';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { SeverityChip, StatusChip } from '../IncidentChips';
import { incidentsTranslationRef } from '../../translation';
import { Link } from '@backstage/ui';
import { StatusIcon } from '../StatusIcon';
import { FIT_CONTENT_COLUMN } from '../layoutStyles';
import { StackedCell, StackedChips } from '../StackedCell';

/** Props of {@link IncidentsTable}. */
export type IncidentsTableProps = {
  title: string;
  incidents: Incident[];
  severities?: SeverityLevel[];
  /** Shows time to resolve instead of the age of open incidents. */
  resolved?: boolean;
  emptyContent?: ReactNode;
  /**
   * The entity whose tab shows the table: its service and owner columns are left out
   * while every incident is on that entity, since the tab already names both.
   */
  entityRef?: string;
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
  const narrow = useNarrowLayout();
  const ownEntityOnly =
    props.entityRef !== undefined &&
    incidents.every(i => i.entityRef === props.entityRef);

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
        <StatusIcon status="error" />
        {t('table.targetMissed', { elapsed: text })}
      </>
    ) : (
      <>
        <StatusIcon status="ok" />
        {text}
      </>
    );
  };

  const ref = (i: Incident) => <Link href={incidentLink(i.id)}>{i.ref}</Link>;
  const service = (i: Incident) => (
    <EntityRefLink entityRef={i.entityRef} defaultKind="component" />
  );
  const owner = (i: Incident) =>
    i.ownerRef ? (
      <EntityRefLink entityRef={i.ownerRef} defaultKind="group" />
    ) : (
      t('table.noOwner')
    );
  const severity = (i: Incident) => (
    <SeverityChip
      severity={i.severity}
      label={severityLabel(severities, i.severity)}
      severities={severities}
    />
  );
  const commander = (i: Incident) => {
    const role = i.roles?.find(r => r.role === 'commander');
    return role ? (
      <EntityRefLink entityRef={role.userRef} defaultKind="user" />
    ) : (
      t('table.unassigned')
    );
  };

  // On a narrow screen a row is one cell: ref and title, then the chips, then the rest.
  const stacked: TableColumn<Incident>[] = [
    {
      title: t('table.columns.incident'),
      field: 'title',
      render: i => (
        <StackedCell>
          <Typography variant="body2">
            {ref(i)} · {i.title}
          </Typography>
          <StackedChips>
            {severity(i)}
            <StatusChip status={i.status} />
          </StackedChips>
          <Typography variant="caption" component="div">
            {age(i)}
          </Typography>
          <Typography variant="caption" component="div" color="textSecondary">
            {ownEntityOnly ? null : (
              <>
                {service(i)} · {owner(i)} ·{' '}
              </>
            )}
            {t('table.columns.commander')}: {commander(i)}
          </Typography>
        </StackedCell>
      ),
    },
  ];
  const columns: TableColumn<Incident>[] = [
    {
      title: t('table.columns.ref'),
      field: 'ref',
      // A ref is one word: "INC-/716" split over two lines reads as two things
      ...FIT_CONTENT_COLUMN,
      render: ref,
    },
    { title: t('table.columns.title'), field: 'title' },
    {
      title: t('table.columns.service'),
      field: 'entityRef',
      render: service,
      hidden: ownEntityOnly,
    },
    {
      title: t('table.columns.owner'),
      field: 'ownerRef',
      render: owner,
      hidden: ownEntityOnly,
    },
    {
      title: t('table.columns.severity'),
      field: 'severity',
      ...FIT_CONTENT_COLUMN,
      render: severity,
    },
    {
      title: t('table.columns.status'),
      field: 'status',
      ...FIT_CONTENT_COLUMN,
      render: i => <StatusChip status={i.status} />,
    },
    {
      title: resolved
        ? t('table.columns.duration')
        : t('table.columns.ageTarget'),
      ...FIT_CONTENT_COLUMN,
      render: age,
    },
    {
      title: t('table.columns.commander'),
      ...FIT_CONTENT_COLUMN,
      render: commander,
    },
  ];

  return (
    <Table<Incident>
      title={props.title}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={narrow ? stacked : columns}
      data={incidents}
      emptyContent={props.emptyContent}
    />
  );
}

import {
  CodeSnippet,
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  ANNOTATION_ALERTS,
  RunbookLinkHealth,
  RunbookTable,
  RunbookTableRow,
} from '@firebreak/plugin-incidents-common';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { SeverityChip } from '../IncidentChips';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { alertsAnnotationYaml, EXAMPLE_ALERT_SNIPPET } from './runbookYaml';
import {
  coverageText,
  tableCoverageCounts,
  Translate,
} from './runbookCoverage';
import { ExternalLink } from '../ExternalLink';
import { incidentsTranslationRef } from '../../translation';
import { StatusIcon } from '../StatusIcon';
import { FIT_CONTENT_COLUMN } from '../layoutStyles';
import { StackedCell, StackedChips } from '../StackedCell';
import { OpenRunbookFollowUps } from '../RunbookFollowUps/OpenRunbookFollowUps';

/** Props of {@link AlertsRunbooksCard}. */
export type AlertsRunbooksCardProps = {
  entityRef: string;
  /** Whether the entity carries a `firebreak.dev/alerts` annotation. */
  hasAlertsTable: boolean;
};

/** "Dead link: 404 Not Found, checked 2026-12-04 10:00 UTC", when the check found it so. */
export function DeadLink(props: { health?: RunbookLinkHealth }) {
  const { health } = props;
  if (health?.state !== 'dead') return null;
  return (
    <Typography
      variant="caption"
      color="error"
      component="div"
      style={{ whiteSpace: 'normal' }}
    >
      <StatusIcon status="error" />
      Dead link{health.problem ? `: ${health.problem}` : ''}
      {health.checkedAt ? `, checked ${utc(health.checkedAt)}` : ''}
    </Typography>
  );
}

/** The runbook cell: the alert's own, the entity's fallback (flagged), or none. */
function RunbookCell(props: { row: RunbookTableRow; t: Translate }) {
  const { row, t } = props;
  if (row.runbook && row.runbookKind !== 'fallback') {
    return (
      <>
        <ExternalLink href={row.runbook}>
          {t('runbookCoverage.ownRunbook')}
        </ExternalLink>
        <DeadLink health={row.runbookHealth} />
      </>
    );
  }
  // Status icons hide their children from screen readers, so the text sits beside them.
  if (row.runbook) {
    return (
      <>
        <StatusIcon status="warning" />
        <ExternalLink href={row.runbook}>
          {t('runbookCoverage.fallbackRunbook')}
        </ExternalLink>
        <DeadLink health={row.runbookHealth} />
      </>
    );
  }
  return (
    <>
      <StatusIcon status="warning" />
      {t('runbookCoverage.missingRunbook')}
    </>
  );
}

function Source({ row }: { row: RunbookTableRow }) {
  return row.source ? (
    <ExternalLink href={row.source}>Source</ExternalLink>
  ) : (
    <>—</>
  );
}

function LastFired({ row }: { row: RunbookTableRow }) {
  return (
    <>
      {row.lastFiredAt
        ? `${utc(row.lastFiredAt)} (${row.firedCount}×)`
        : 'Never'}
    </>
  );
}

function OpenNow({ row }: { row: RunbookTableRow }) {
  return row.openNow ? (
    <>
      <StatusIcon status="warning" />
      Firing
    </>
  ) : (
    <>
      <StatusIcon status="ok" />
      No
    </>
  );
}

const columns = (t: Translate): TableColumn<RunbookTableRow>[] => [
  // Table cells break long words; an alert's name is one word and stays whole.
  { title: 'Alert', field: 'alert', cellStyle: { wordBreak: 'normal' } },
  { title: 'Description', render: r => r.description ?? '—' },
  { title: 'Source', ...FIT_CONTENT_COLUMN, render: r => <Source row={r} /> },
  {
    title: 'Runbook',
    ...FIT_CONTENT_COLUMN,
    render: r => <RunbookCell row={r} t={t} />,
  },
  {
    title: 'Severity',
    ...FIT_CONTENT_COLUMN,
    render: r => (r.severity ? <SeverityChip severity={r.severity} /> : '—'),
  },
  { title: 'Last fired', render: r => <LastFired row={r} /> },
  {
    title: 'Open now',
    ...FIT_CONTENT_COLUMN,
    render: r => <OpenNow row={r} />,
  },
];

// On a narrow screen an alert is one stacked cell, so the table never scrolls sideways.
const stackedColumns = (t: Translate): TableColumn<RunbookTableRow>[] => [
  {
    title: 'Alert',
    field: 'alert',
    render: r => (
      <StackedCell>
        <StackedChips>
          <Typography variant="body2">{r.alert}</Typography>
          {r.severity && <SeverityChip severity={r.severity} />}
        </StackedChips>
        {r.description && (
          <Typography variant="body2" color="textSecondary">
            {r.description}
          </Typography>
        )}
        <Typography variant="body2" component="div">
          <RunbookCell row={r} t={t} /> · <Source row={r} />
        </Typography>
        <Typography variant="caption" component="div">
          Last fired <LastFired row={r} /> · open now: <OpenNow row={r} />
        </Typography>
      </StackedCell>
    ),
  },
];

function AddToAlertsTable(props: { table: RunbookTable; hasTable: boolean }) {
  const { table, hasTable } = props;
  const missing = table.rows.filter(r => r.runbookKind !== 'own' && r.snippet);
  // Fired alerts come first: they are the ones responders already needed a runbook for.
  const snippets = [...missing]
    .sort((a, b) => b.firedCount - a.firedCount)
    .map(r => r.snippet!);
  if (hasTable && !snippets.length) return null;
  return (
    <Box mt={hasTable ? 2 : 0}>
      <Typography variant="body2" paragraph>
        {hasTable
          ? `Alerts without a runbook: add a runbook URL to their entries in the ${ANNOTATION_ALERTS} annotation of this entity's catalog-info.yaml:`
          : `This entity has no alert → runbook table. Add the ${ANNOTATION_ALERTS} annotation to its catalog-info.yaml so responders see the runbook of every alert:`}
      </Typography>
      <CodeSnippet
        language="yaml"
        text={alertsAnnotationYaml(
          snippets.length ? snippets : [EXAMPLE_ALERT_SNIPPET],
        )}
        showCopyCodeButton
      />
    </Box>
  );
}

/** The entity's alerts with their runbooks and coverage, or how to add the table. */
export function AlertsRunbooksCard(props: AlertsRunbooksCardProps) {
  const { entityRef, hasAlertsTable } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const { t } = useTranslationRef(incidentsTranslationRef);
  const narrow = useNarrowLayout();
  const { value, loading, error } = useAsync(
    () => incidentsApi.getRunbookTable(entityRef),
    [incidentsApi, entityRef],
  );

  if (loading) {
    return (
      <InfoCard title="Alerts and runbooks">
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <IncidentsErrorPanel
        error={error ?? new Error('No runbook table')}
        title="Could not load alerts and runbooks"
      />
    );
  }

  const fallback = value.fallbackRunbook ? (
    <Typography variant="body2" paragraph>
      Fallback runbook:{' '}
      <ExternalLink href={value.fallbackRunbook}>
        {value.fallbackRunbook}
      </ExternalLink>
      <DeadLink health={value.fallbackRunbookHealth} />
    </Typography>
  ) : null;

  const catalogNote = value.catalogAvailable ? null : (
    <Typography variant="body2" paragraph color="textSecondary">
      The catalog could not be read, so only alerts that fired are listed.
    </Typography>
  );

  if (!value.rows.length) {
    return (
      <InfoCard
        title="Alerts and runbooks"
        subheader={coverageText(t, undefined)}
      >
        {catalogNote}
        {fallback}
        <AddToAlertsTable table={value} hasTable={hasAlertsTable} />
        <OpenRunbookFollowUps entityRef={entityRef} />
      </InfoCard>
    );
  }

  return (
    <Box>
      <Table<RunbookTableRow>
        title="Alerts and runbooks"
        subtitle={coverageText(t, tableCoverageCounts(value.coverage))}
        columns={narrow ? stackedColumns(t) : columns(t)}
        data={value.rows}
        options={{
          paging: false,
          search: false,
          padding: 'dense',
        }}
      />
      <OpenRunbookFollowUps entityRef={entityRef} />
      {(catalogNote ||
        fallback ||
        !hasAlertsTable ||
        value.rows.some(r => r.snippet)) && (
        <Box mt={2}>
          <InfoCard>
            {catalogNote}
            {fallback}
            <AddToAlertsTable table={value} hasTable={hasAlertsTable} />
          </InfoCard>
        </Box>
      )}
    </Box>
  );
}

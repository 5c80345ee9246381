import {
  CopyTextButton,
  EmptyState,
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Alert } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Chip,
  FormControlLabel,
  Switch,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { useIncidentsRefreshKey } from '../../hooks/useIncidentsSignal';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { IncidentsNavBar } from '../IncidentsNavBar';
import { incidentsTranslationRef } from '../../translation';
import {
  annotationSnippet,
  ENTITY_LABEL,
  labelSnippet,
} from './routingSnippet';
import { ExternalLink } from '../ExternalLink';

/** Alerts per page of the inbox. */
export const INBOX_PAGE_SIZE = 50;

function Snippet(props: { title: string; text: string }) {
  return (
    <Box mt={1} mb={2}>
      <Box display="flex" alignItems="center">
        <Typography variant="subtitle2">{props.title}</Typography>
        <CopyTextButton
          text={props.text}
          aria-label={`Copy: ${props.title}`}
          tooltipText="Copied"
        />
      </Box>
      <Box
        component="pre"
        p={1}
        m={0}
        bgcolor="background.default"
        style={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace' }}
      >
        {props.text}
      </Box>
    </Box>
  );
}

/** How to route one alert, with snippets built from its own labels. */
function RoutingHelp(props: { alert?: Alert; onClose: () => void }) {
  const { alert } = props;
  return (
    <InfoCard
      title={alert ? `Route “${alert.name}”` : 'How to route an alert'}
      action={
        alert ? <Button onClick={props.onClose}>Close</Button> : undefined
      }
    >
      <Typography variant="body2" paragraph>
        An alert lands here when Firebreak cannot tell which catalog entity it
        belongs to. The router tries, in order: a <code>{ENTITY_LABEL}</code>{' '}
        label holding an entity ref; the configured routing labels (by default{' '}
        <code>service</code> and <code>app</code>) matched to an entity's name;
        then every entity's <code>firebreak.dev/alert-match</code> annotation, a
        comma-separated list of <code>label=value</code> pairs that must all
        equal the alert's labels. Alerts received after the fix are routed;
        those already here stay unrouted.
      </Typography>
      {alert ? (
        <>
          <Snippet
            title="Either add this label to the alert rule"
            text={labelSnippet(alert.labels)}
          />
          <Snippet
            title="Or add this annotation to the entity's catalog-info.yaml"
            text={annotationSnippet(alert.labels)}
          />
        </>
      ) : (
        <Typography variant="body2">
          Choose “How to route” on an alert for snippets built from its labels.
        </Typography>
      )}
    </InfoCard>
  );
}

function Labels(props: { labels: Record<string, string> }) {
  const entries = Object.entries(props.labels);
  if (!entries.length) return <>—</>;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {entries.map(([key, value]) => (
        <Chip
          key={key}
          size="small"
          variant="outlined"
          label={`${key}=${value}`}
        />
      ))}
    </Box>
  );
}

/**
 * The inbox of alerts that matched no entity, newest first. Nothing pages anyone for
 * these, so the page says how to route each one instead of only listing it.
 */
export function UnroutedAlertsInbox() {
  const incidentsApi = useApi(incidentsApiRef);
  const { t } = useTranslationRef(incidentsTranslationRef);
  const [openOnly, setOpenOnly] = useState(true);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<Alert | undefined>();
  const cursor = cursors[cursors.length - 1];

  const refreshKey = useIncidentsRefreshKey();
  const { value, loading, error } = useAsync(
    () =>
      incidentsApi.listAlerts({
        unrouted: true,
        open: openOnly ? true : undefined,
        limit: INBOX_PAGE_SIZE,
        cursor,
      }),
    [incidentsApi, openOnly, cursor, refreshKey],
  );

  // On a phone only what identifies an alert and how to route it stays in the table.
  const narrow = useNarrowLayout();
  const nowrap = { whiteSpace: 'nowrap' } as const;
  // The quick action sits with the alert's name, so it never ends up off to the right.
  const columns: TableColumn<Alert>[] = [
    {
      title: t('unrouted.columns.alert'),
      field: 'name',
      cellStyle: { minWidth: 180 },
      render: a => (
        <>
          <Typography variant="body2" style={{ overflowWrap: 'break-word' }}>
            {a.name}
          </Typography>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Button
              size="small"
              color="primary"
              onClick={() => setSelected(a)}
              aria-label={t('unrouted.howToRouteAria', { name: a.name })}
            >
              {t('unrouted.howToRoute')}
            </Button>
            {a.sourceUrl && (
              <ExternalLink
                href={a.sourceUrl}
                aria-label={t('unrouted.sourceAria', { name: a.name })}
              >
                {t('unrouted.source')}
              </ExternalLink>
            )}
          </Box>
        </>
      ),
    },
    {
      // The sender's own severity goes under its name: a column of its own made the
      // table wider than a desktop page.
      title: t('unrouted.columns.source'),
      field: 'source',
      cellStyle: nowrap,
      headerStyle: nowrap,
      render: a => (
        <>
          <Typography variant="body2">{a.source}</Typography>
          {a.sourceSeverity && (
            <Typography variant="caption" color="textSecondary">
              {t('unrouted.senderSeverity', { severity: a.sourceSeverity })}
            </Typography>
          )}
        </>
      ),
      hidden: narrow,
    },
    {
      title: t('unrouted.columns.summary'),
      render: a => a.summary ?? '—',
      cellStyle: { minWidth: 160 },
    },
    {
      title: t('unrouted.columns.labels'),
      render: a => <Labels labels={a.labels} />,
      hidden: narrow,
    },
    {
      title: t('unrouted.columns.count'),
      field: 'count',
      type: 'numeric',
      hidden: narrow,
    },
    {
      title: t('unrouted.columns.seen'),
      cellStyle: nowrap,
      render: a => (
        <>
          <Typography variant="body2">
            {t('unrouted.lastSeen', { at: utc(a.lastSeenAt) })}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {t('unrouted.firstSeen', { at: utc(a.firstSeenAt) })}
          </Typography>
        </>
      ),
      hidden: narrow,
    },
  ];

  let body;
  if (error) {
    body = (
      <IncidentsErrorPanel error={error} title={t('unrouted.loadError')} />
    );
  } else if (!value) {
    body = <Progress />;
  } else if (!value.items.length && cursors.length < 2) {
    body = (
      <EmptyState
        missing="data"
        title={t('unrouted.emptyTitle')}
        description={
          openOnly ? t('unrouted.emptyOpen') : t('unrouted.emptyAll')
        }
      />
    );
  } else {
    body = (
      <>
        <Table<Alert>
          title={
            openOnly ? t('unrouted.tableTitleOpen') : t('unrouted.tableTitle')
          }
          isLoading={loading}
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={value.items}
        />
        <Box mt={2} display="flex" style={{ gap: 8 }}>
          <Button
            disabled={cursors.length < 2}
            onClick={() => setCursors(c => c.slice(0, -1))}
          >
            {t('unrouted.previousPage')}
          </Button>
          <Button
            disabled={!value.nextCursor}
            onClick={() => setCursors(c => [...c, value.nextCursor])}
          >
            {t('unrouted.nextPage')}
          </Button>
        </Box>
      </>
    );
  }

  return (
    <>
      <IncidentsNavBar current="unroutedAlerts" />
      <Box mb={2}>
        <RoutingHelp alert={selected} onClose={() => setSelected(undefined)} />
      </Box>
      <FormControlLabel
        control={
          <Switch
            checked={openOnly}
            color="primary"
            onChange={e => {
              setOpenOnly(e.target.checked);
              setCursors([undefined]);
            }}
          />
        }
        label={t('unrouted.openOnly')}
      />
      {body}
    </>
  );
}

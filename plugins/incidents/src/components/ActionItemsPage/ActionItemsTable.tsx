import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ActionItem } from '@firebreak/plugin-incidents-common';
import { Box, Checkbox, Typography } from '@material-ui/core';
import { DateTime, Duration } from 'luxon';
import { ReactNode } from 'react';
import {
  useIncidentLink,
  usePostmortemLink,
} from '../../hooks/useIncidentLink';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { SeverityChip } from '../IncidentChips';
import { STATUS_LABELS } from './filters';
import { Link } from '@backstage/ui';
import { ExternalLink } from '../ExternalLink';
import { StackedCell, StackedChips } from '../StackedCell';
import { FollowUpCaption } from '../RunbookFollowUps';
import { JiraIssueCell } from '../JiraIssue';

/**
 * How long ago an item fell due, in its largest whole unit ("3 days overdue"); a review
 * needs the order of magnitude, not the minutes.
 */
export function overdueBy(dueAt: string, now: DateTime): string {
  const late = now.diff(DateTime.fromISO(dueAt));
  const days = Math.floor(late.as('days'));
  const hours = Math.floor(late.as('hours'));
  const minutes = Math.max(1, Math.floor(late.as('minutes')));
  let amount: Duration;
  if (days >= 1) amount = Duration.fromObject({ days });
  else if (hours >= 1) amount = Duration.fromObject({ hours });
  else amount = Duration.fromObject({ minutes });
  return `${amount.toHuman()} overdue`;
}

/** Props of {@link ActionItemsTable}. */
export type ActionItemsTableProps = {
  title: string;
  items: ActionItem[];
  selected: ReadonlySet<number>;
  onSelect: (items: ActionItem[], selected: boolean) => void;
  /** Shows how long each row is overdue under its due date. */
  overdue?: boolean;
  emptyContent: ReactNode;
  now: DateTime;
};

/** One group of the review: selectable rows with their owner, priority, due date and links. */
export function ActionItemsTable(props: ActionItemsTableProps) {
  const { items, selected, onSelect, now } = props;
  const incidentLink = useIncidentLink();
  const postmortemLink = usePostmortemLink();
  const selectedHere = items.filter(i => selected.has(i.id)).length;
  const groupName = props.title.toLocaleLowerCase('en-US');
  const narrow = useNarrowLayout();

  const select: TableColumn<ActionItem> = {
    title: (
      <Checkbox
        size="small"
        inputProps={{ 'aria-label': `Select all ${groupName}` }}
        disabled={items.length === 0}
        checked={items.length > 0 && selectedHere === items.length}
        indeterminate={selectedHere > 0 && selectedHere < items.length}
        onChange={(_e, checked) => onSelect(items, checked)}
      />
    ),
    sorting: false,
    width: '48px',
    render: item => (
      <Checkbox
        size="small"
        inputProps={{ 'aria-label': `Select ${item.title}` }}
        checked={selected.has(item.id)}
        onChange={(_e, checked) => onSelect([item], checked)}
      />
    ),
  };
  const title = (item: ActionItem) => (
    <>
      <Typography variant="body2">{item.title}</Typography>
      <FollowUpCaption item={item} />
      {item.ticketUrl && (
        <ExternalLink href={item.ticketUrl} variant="body-small">
          Ticket
        </ExternalLink>
      )}
      <JiraIssueCell item={item} />
    </>
  );
  const owner = (item: ActionItem) => (
    <EntityRefLink entityRef={item.ownerRef} defaultKind="user" />
  );
  const due = (item: ActionItem) =>
    item.dueAt ? (
      <>
        <Typography variant="body2">
          {DateTime.fromISO(item.dueAt).toUTC().toFormat('yyyy-LL-dd')}
        </Typography>
        {props.overdue && (
          <Typography variant="caption" color="error">
            {overdueBy(item.dueAt, now)}
          </Typography>
        )}
      </>
    ) : (
      '—'
    );
  const incident = (item: ActionItem) => (
    <Link href={incidentLink(item.incidentId)}>INC-{item.incidentId}</Link>
  );
  const postmortem = (item: ActionItem) =>
    item.postmortemId ? (
      <Link
        href={postmortemLink(item.incidentId)}
        aria-label={`Postmortem of INC-${item.incidentId}`}
      >
        Postmortem
      </Link>
    ) : (
      '—'
    );

  // On a narrow screen a row is the checkbox and one stacked cell, so nothing scrolls
  // sideways: the title, then priority, status and due date, then owner and links.
  const stacked: TableColumn<ActionItem>[] = [
    select,
    {
      title: 'Action item',
      field: 'title',
      render: item => (
        <StackedCell>
          {title(item)}
          <StackedChips>
            <SeverityChip severity={item.priority} />
            <Typography variant="body2">
              {STATUS_LABELS[item.status]}
            </Typography>
            {item.dueAt && <Box>{due(item)}</Box>}
          </StackedChips>
          <Typography variant="caption" component="div">
            {owner(item)} · {incident(item)}
            {item.postmortemId && <> · {postmortem(item)}</>}
          </Typography>
        </StackedCell>
      ),
    },
  ];
  const columns: TableColumn<ActionItem>[] = [
    select,
    {
      title: 'Title',
      field: 'title',
      // The title says what the item is; it gets the room, the short columns do not.
      cellStyle: { minWidth: 240 },
      render: title,
    },
    { title: 'Owner', field: 'ownerRef', render: owner },
    {
      title: 'Priority',
      field: 'priority',
      render: item => <SeverityChip severity={item.priority} />,
    },
    { title: 'Due', field: 'dueAt', render: due },
    {
      title: 'Status',
      field: 'status',
      render: item => STATUS_LABELS[item.status],
    },
    { title: 'Incident', field: 'incidentId', render: incident },
    { title: 'Postmortem', field: 'postmortemId', render: postmortem },
  ];

  return (
    <Table<ActionItem>
      title={props.title}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={narrow ? stacked : columns}
      data={items}
      emptyContent={<Box p={2}>{props.emptyContent}</Box>}
    />
  );
}

import { Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  ActionItem,
  OUTSTANDING_ACTION_ITEM_STATUSES,
} from '@firebreak/plugin-incidents-common';
import { Box, Button, Typography } from '@material-ui/core';
import { DateTime } from 'luxon';
import { ReactNode, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ActionItemListFilter } from '../../api';
import { useIncidentsSignal } from '../../hooks/useIncidentsSignal';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { ActionItemFilterBar } from './ActionItemFilterBar';
import { ActionItemsTable } from './ActionItemsTable';
import { BulkStatusChange } from './BulkStatusChange';
import { ActionItemFilters, filtersToParams, parseFilters } from './filters';
import { ActionItemPages, useActionItemPages } from './useActionItemPages';
import { useTeamOwnerRefs } from './useTeamOwnerRefs';
import { IncidentsNavBar } from '../IncidentsNavBar';
import { IncidentsPageFrame } from '../IncidentsPageFrame';
import { incidentsTranslationRef } from '../../translation';
import { StatusIcon } from '../StatusIcon';

/**
 * The owners to ask for: the team's refs, narrowed to the owner when both are given.
 * `null` means the two exclude each other, so nothing can match.
 */
function ownerRefsFor(
  filters: ActionItemFilters,
  teamRefs: string[] | undefined,
): string[] | undefined | null {
  if (!filters.owner) return teamRefs;
  if (teamRefs && !teamRefs.includes(filters.owner)) return null;
  return [filters.owner];
}

/** A count from loaded pages; "50+" when more pages exist than were counted. */
function count(n: number, more: boolean): string {
  return more ? `${n}+` : String(n);
}

function hasMore(pages: ActionItemPages): boolean {
  return !!pages.page?.nextCursor || pages.hasPrevious;
}

/** One group of the review with its loading, error and paging states. */
function ActionItemGroup(props: {
  title: string;
  pages: ActionItemPages;
  overdue?: boolean;
  emptyContent: ReactNode;
  selected: ReadonlySet<number>;
  onSelect: (items: ActionItem[], selected: boolean) => void;
  now: DateTime;
}) {
  const { title, pages } = props;
  const name = title.toLocaleLowerCase('en-US');
  if (pages.error && !pages.page) {
    return (
      <IncidentsErrorPanel
        error={pages.error}
        title={`Could not load the ${name} action items`}
      />
    );
  }
  if (!pages.page) return <Progress />;
  const items = pages.page.items;
  return (
    <Box mb={3}>
      <ActionItemsTable
        title={title}
        items={items}
        overdue={props.overdue}
        selected={props.selected}
        onSelect={props.onSelect}
        emptyContent={props.emptyContent}
        now={props.now}
      />
      {(pages.hasPrevious || pages.page.nextCursor) && (
        <Box mt={1} display="flex" style={{ gap: 8 }}>
          <Button
            aria-label={`Previous page of ${name}`}
            disabled={!pages.hasPrevious || pages.loading}
            onClick={pages.previous}
          >
            Previous page
          </Button>
          <Button
            aria-label={`Next page of ${name}`}
            disabled={!pages.page.nextCursor || pages.loading}
            onClick={pages.next}
          >
            Next page
          </Button>
        </Box>
      )}
    </Box>
  );
}

/**
 * The review itself: overdue items first, then the other outstanding ones, then done and
 * won't do when the status filter asks for them. Filters live in the query string.
 */
export function ActionItemsReview() {
  const { t } = useTranslationRef(incidentsTranslationRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const query = searchParams.toString();
  const filters = useMemo(
    () => parseFilters(new URLSearchParams(query)),
    [query],
  );
  const setFilters = (next: ActionItemFilters) =>
    setSearchParams(filtersToParams(next), { replace: true });

  const team = useTeamOwnerRefs(filters.team);
  const ownerRefs = ownerRefsFor(filters, team.refs);
  const base: ActionItemListFilter | undefined =
    ownerRefs === null
      ? undefined
      : {
          ...(ownerRefs && { ownerRefs }),
          ...(filters.entity && { entityRefs: [filters.entity] }),
          ...(filters.priorities.length && { priorities: filters.priorities }),
        };
  const outstanding = filters.statuses.filter(s =>
    OUTSTANDING_ACTION_ITEM_STATUSES.includes(s),
  );
  const closed = filters.statuses.filter(
    s => !OUTSTANDING_ACTION_ITEM_STATUSES.includes(s),
  );
  // Without a resolved team the query would cover everyone's items.
  const pending = team.loading || !!team.error;
  const overdue = useActionItemPages(
    base && outstanding.length
      ? { ...base, statuses: outstanding, overdue: true }
      : undefined,
    pending,
  );
  const open = useActionItemPages(
    base && outstanding.length
      ? { ...base, statuses: outstanding, overdue: false }
      : undefined,
    pending,
  );
  const done = useActionItemPages(
    base && closed.length ? { ...base, statuses: closed } : undefined,
    pending,
  );

  const refresh = () => {
    overdue.retry();
    open.retry();
    done.retry();
  };
  useIncidentsSignal(refresh);

  const [selected, setSelected] = useState<Map<number, ActionItem>>(
    () => new Map(),
  );
  // Items hidden by a new filter must not be changed by a bulk action the user cannot see.
  useEffect(() => setSelected(new Map()), [query]);
  const onSelect = (items: ActionItem[], on: boolean) =>
    setSelected(current => {
      const next = new Map(current);
      for (const item of items) {
        if (on) next.set(item.id, item);
        else next.delete(item.id);
      }
      return next;
    });

  const now = DateTime.utc();

  let summary: string | undefined;
  if (outstanding.length && overdue.page && open.page) {
    const rows = [...overdue.page.items, ...open.page.items];
    const moreOverdue = hasMore(overdue);
    const moreOutstanding = moreOverdue || hasMore(open);
    summary = [
      `${count(overdue.page.items.length, moreOverdue)} overdue`,
      `${count(
        rows.filter(i => i.status === 'open').length,
        moreOutstanding,
      )} open`,
      `${count(
        rows.filter(i => i.status === 'in_progress').length,
        moreOutstanding,
      )} in progress`,
    ].join(' · ');
  }

  const groupProps = {
    selected: new Set(selected.keys()),
    onSelect,
    now,
  };
  return (
    <>
      {summary && (
        <Box mb={2}>
          <Typography variant="subtitle1">{summary}</Typography>
        </Box>
      )}
      <Box mb={2}>
        <ActionItemFilterBar filters={filters} onChange={setFilters} />
      </Box>
      <Box mb={2}>
        <BulkStatusChange
          selected={[...selected.values()]}
          onDone={failed => {
            setSelected(new Map(failed.map(i => [i.id, i])));
            refresh();
          }}
        />
      </Box>
      {team.error && (
        <IncidentsErrorPanel
          error={team.error}
          title="Could not look up the team's members"
        />
      )}
      {!team.error && outstanding.length > 0 && (
        <ActionItemGroup
          title="Overdue"
          pages={overdue}
          overdue
          emptyContent={
            <>
              <StatusIcon status="ok" />
              No overdue action items: everything outstanding is still within
              its due date.
            </>
          }
          {...groupProps}
        />
      )}
      {!team.error && outstanding.length > 0 && (
        <ActionItemGroup
          title={t('actionItems.openGroup')}
          pages={open}
          emptyContent={t('actionItems.openGroupEmpty')}
          {...groupProps}
        />
      )}
      {!team.error && closed.length > 0 && (
        <ActionItemGroup
          title={t('actionItems.doneGroup')}
          pages={done}
          emptyContent={t('actionItems.doneGroupEmpty')}
          {...groupProps}
        />
      )}
    </>
  );
}

/**
 * The SRE's review of action items across services.
 * `withHeader` adds a page header for the legacy app; the new frontend system adds its own.
 */
export function ActionItemsPage(props: { withHeader?: boolean }) {
  const { t } = useTranslationRef(incidentsTranslationRef);
  return (
    <IncidentsPageFrame
      withHeader={props.withHeader}
      title={t('actionItemsPage.title')}
    >
      <IncidentsNavBar current="actionItems" />
      <ActionItemsReview />
    </IncidentsPageFrame>
  );
}

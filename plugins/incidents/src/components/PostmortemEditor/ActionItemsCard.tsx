import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  ActionItem,
  ActionItemPriority,
  ActionItemStatus,
  isActionItemOverdue,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { memo, ReactNode, useId, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { FollowUpCaption } from '../RunbookFollowUps';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { incidentsApiRef } from '../../api';
import { UpdateActionItemRequest } from '../../api/types';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { fromDateInput, toDateInput } from './editorRules';
import { StatusIcon } from '../StatusIcon';
import { JiraIssueCell } from '../JiraIssue';

/** The backend's largest page; more items than this on one postmortem are not expected. */
const ACTION_ITEMS_LIMIT = 200;

const STATUS_LABELS: Record<ActionItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
};

/** Props of {@link ActionItemsCard}. */
export type ActionItemsCardProps = {
  incidentId: number;
  postmortemId: number;
  /** Fixed "now" for the overdue check; tests pass one. */
  now?: Date;
  /** A change reads the items again, e.g. after a follow-up was made elsewhere. */
  refreshKey?: number;
};

/** A text cell that saves when it loses focus, so typing does not send a request per key. */
function EditableText(props: {
  label: string;
  value: string;
  type?: string;
  onCommit: (value: string) => void;
}) {
  const [text, setText] = useState(props.value);
  const [seen, setSeen] = useState(props.value);
  // A saved value from the server replaces what was typed.
  if (props.value !== seen) {
    setSeen(props.value);
    setText(props.value);
  }
  return (
    <TextField
      value={text}
      type={props.type}
      onChange={e => setText(e.target.value)}
      onBlur={() => {
        if (text !== props.value) props.onCommit(text);
      }}
      inputProps={{ 'aria-label': props.label }}
      size="small"
      fullWidth
    />
  );
}

function NativeSelect<T extends string>(props: {
  label: string;
  value: T;
  options: readonly T[];
  optionLabel?: (value: T) => string;
  onChange: (value: T) => void;
}) {
  return (
    <TextField
      select
      value={props.value}
      onChange={e => props.onChange(e.target.value as T)}
      SelectProps={{ native: true }}
      inputProps={{ 'aria-label': props.label }}
      size="small"
    >
      {props.options.map(option => (
        <option key={option} value={option}>
          {props.optionLabel ? props.optionLabel(option) : option}
        </option>
      ))}
    </TextField>
  );
}

/** The headings of an action item's editable fields, in the order they are shown. */
const FIELD_HEADINGS = [
  'Title',
  'Owner',
  'Priority',
  'Status',
  'Due (UTC)',
  'Ticket',
] as const;

type FieldHeading = (typeof FIELD_HEADINGS)[number];

/** An action item's fields, editable in place, by heading. */
function actionItemFields(
  item: ActionItem,
  now: Date,
  onUpdate: (item: ActionItem, request: UpdateActionItemRequest) => void,
): Record<FieldHeading, ReactNode> {
  const name = item.title;
  return {
    Title: (
      <>
        <EditableText
          label={`Title of ${name}`}
          value={item.title}
          onCommit={title => title.trim() && onUpdate(item, { title })}
        />
        <FollowUpCaption item={item} />
      </>
    ),
    Owner: (
      <>
        <EditableText
          label={`Owner of ${name}`}
          value={item.ownerRef}
          onCommit={ownerRef =>
            ownerRef.trim() && onUpdate(item, { ownerRef: ownerRef.trim() })
          }
        />
        {/* The field holds the ref to edit; the name says who that is. */}
        <Typography variant="caption">
          <EntityRefLink entityRef={item.ownerRef} defaultKind="user" />
        </Typography>
      </>
    ),
    Priority: (
      <NativeSelect
        label={`Priority of ${name}`}
        value={item.priority}
        options={ACTION_ITEM_PRIORITIES}
        onChange={priority => onUpdate(item, { priority })}
      />
    ),
    Status: (
      <NativeSelect
        label={`Status of ${name}`}
        value={item.status}
        options={ACTION_ITEM_STATUSES}
        optionLabel={s => STATUS_LABELS[s]}
        onChange={status => onUpdate(item, { status })}
      />
    ),
    'Due (UTC)': (
      <>
        <EditableText
          label={`Due date of ${name}`}
          type="date"
          value={toDateInput(item.dueAt)}
          onCommit={value =>
            onUpdate(item, { dueAt: fromDateInput(value) ?? null })
          }
        />
        {isActionItemOverdue(item, now) && (
          <Typography variant="caption" color="error">
            <StatusIcon status="error" />
            Overdue
          </Typography>
        )}
      </>
    ),
    Ticket: (
      <>
        <EditableText
          label={`Ticket of ${name}`}
          value={item.ticketUrl ?? ''}
          onCommit={value =>
            onUpdate(item, { ticketUrl: value.trim() ? value.trim() : null })
          }
        />
        <JiraIssueCell item={item} />
      </>
    ),
  };
}

/**
 * The action items as a table where there is room, and on a narrow screen as one block
 * per item with each field under its heading, so no field ends up off to the right.
 */
function ActionItemsEditor(props: {
  items: ActionItem[];
  now: Date;
  onUpdate: (item: ActionItem, request: UpdateActionItemRequest) => void;
}) {
  const { items, now, onUpdate } = props;
  const narrow = useNarrowLayout();
  const rows = items.map(item => ({
    item,
    fields: actionItemFields(item, now, onUpdate),
  }));
  if (narrow) {
    return (
      <Box component="ul" aria-label="Action items" p={0} m={0}>
        {rows.map(({ item, fields }) => (
          <Box
            component="li"
            key={item.id}
            mb={2}
            style={{ listStyle: 'none' }}
          >
            {FIELD_HEADINGS.map(heading => (
              <Box key={heading} mb={1}>
                <Typography variant="caption" color="textSecondary">
                  {heading}
                </Typography>
                {fields[heading]}
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    );
  }
  return (
    <Table size="small" aria-label="Action items">
      <TableHead>
        <TableRow>
          {FIELD_HEADINGS.map(heading => (
            <TableCell
              key={heading}
              style={heading === 'Title' ? { minWidth: 200 } : undefined}
            >
              {heading}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(({ item, fields }) => (
          <TableRow key={item.id}>
            {FIELD_HEADINGS.map(heading => (
              <TableCell key={heading}>{fields[heading]}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function NewActionItemForm(props: {
  busy: boolean;
  onAdd: (item: {
    title: string;
    ownerRef: string;
    priority: ActionItemPriority;
    dueAt?: string;
    ticketUrl?: string;
  }) => Promise<boolean>;
}) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [ownerRef, setOwnerRef] = useState('');
  const [priority, setPriority] = useState<ActionItemPriority>('P2');
  const [due, setDue] = useState('');
  const [ticketUrl, setTicketUrl] = useState('');
  const ready = !!title.trim() && !!ownerRef.trim();

  const add = async () => {
    const added = await props.onAdd({
      title: title.trim(),
      ownerRef: ownerRef.trim(),
      priority,
      ...(fromDateInput(due) ? { dueAt: fromDateInput(due) } : {}),
      ...(ticketUrl.trim() ? { ticketUrl: ticketUrl.trim() } : {}),
    });
    if (added) {
      setTitle('');
      setDue('');
      setTicketUrl('');
    }
  };

  return (
    <Box
      component="form"
      aria-label="New action item"
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 8 }}
      mt={2}
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        if (ready) add();
      }}
    >
      <TextField
        id={`${id}-title`}
        label="Action item title"
        value={title}
        onChange={e => setTitle(e.target.value)}
        size="small"
        variant="outlined"
      />
      <TextField
        id={`${id}-owner`}
        label="Owner"
        placeholder="group:default/team"
        helperText="User or group ref"
        value={ownerRef}
        onChange={e => setOwnerRef(e.target.value)}
        size="small"
        variant="outlined"
      />
      <TextField
        select
        id={`${id}-priority`}
        label="Priority"
        value={priority}
        onChange={e => setPriority(e.target.value as ActionItemPriority)}
        SelectProps={{ native: true }}
        size="small"
        variant="outlined"
      >
        {ACTION_ITEM_PRIORITIES.map(p => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </TextField>
      <TextField
        id={`${id}-due`}
        label="Action item due date"
        type="date"
        value={due}
        onChange={e => setDue(e.target.value)}
        InputLabelProps={{ shrink: true }}
        size="small"
        variant="outlined"
      />
      <TextField
        id={`${id}-ticket`}
        label="Ticket URL"
        value={ticketUrl}
        onChange={e => setTicketUrl(e.target.value)}
        size="small"
        variant="outlined"
      />
      <Button
        type="submit"
        variant="contained"
        color="primary"
        disabled={!ready || props.busy}
      >
        Add action item
      </Button>
    </Box>
  );
}

/**
 * The postmortem's action items, editable in place. They stay editable after the postmortem
 * is published: following them up to done is the point of having them.
 */
export const ActionItemsCard = memo(function ActionItemsCardContent(
  props: ActionItemsCardProps,
) {
  const { incidentId, postmortemId } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const canUpdate = useCanUpdateIncident(incidentId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  // Answers of our own writes, shown until the reload catches up.
  const [written, setWritten] = useState<Record<number, ActionItem>>({});
  const {
    value,
    loading,
    error: loadError,
    retry,
  } = useAsyncRetry(
    async () =>
      (
        await incidentsApi.listActionItems({
          postmortemId,
          limit: ACTION_ITEMS_LIMIT,
        })
      ).items,
    [incidentsApi, postmortemId, props.refreshKey],
  );
  const now = props.now ?? new Date();

  const run = async (action: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e as Error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const update = (item: ActionItem, request: UpdateActionItemRequest) =>
    run(async () => {
      const saved = await incidentsApi.updateActionItem(item.id, request);
      if (saved) setWritten(w => ({ ...w, [saved.id]: saved }));
      retry();
    });

  const items = (value ?? []).map(item => {
    const mine = written[item.id];
    return mine && mine.updatedAt >= item.updatedAt ? mine : item;
  });

  return (
    <InfoCard title="Action items">
      {loading && !value && <Progress />}
      {loadError && (
        <IncidentsErrorPanel
          error={loadError}
          title="Could not load the action items"
        />
      )}
      {value && items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No action items yet.
        </Typography>
      )}
      {items.length > 0 && (
        <ActionItemsEditor items={items} now={now} onUpdate={update} />
      )}
      {error && (
        <IncidentsErrorPanel error={error} title="Action item not saved" />
      )}
      {!loadError && !canUpdate.loading && !canUpdate.allowed && (
        <Typography variant="body2" color="textSecondary">
          The permission policy does not allow you to add or change action items
          of this incident.
        </Typography>
      )}
      {!loadError && canUpdate.allowed && (
        <NewActionItemForm
          busy={busy}
          onAdd={item =>
            run(async () => {
              await incidentsApi.createActionItem({
                incidentId,
                postmortemId,
                ...item,
              });
              retry();
            })
          }
        />
      )}
    </InfoCard>
  );
});

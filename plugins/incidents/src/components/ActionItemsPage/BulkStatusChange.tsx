import { useApi } from '@backstage/core-plugin-api';
import {
  ACTION_ITEM_STATUSES,
  ActionItem,
  ActionItemStatus,
} from '@firebreak/plugin-incidents-common';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { incidentsApiRef } from '../../api';
import { STATUS_LABELS } from './filters';

/** Requests in flight at once: quick for a page of items without flooding the backend. */
const CONCURRENCY = 5;

type Failure = { item: ActionItem; message: string };

type Outcome = {
  status: ActionItemStatus;
  total: number;
  failures: Failure[];
};

/** The server's explanation (a `ResponseError`'s cause) rather than the HTTP summary. */
function reason(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } };
  return e?.cause?.message ?? e?.message ?? String(error);
}

/** Runs `task` for every item, at most {@link CONCURRENCY} at a time; never rejects. */
async function settleAll(
  items: ActionItem[],
  task: (item: ActionItem) => Promise<unknown>,
): Promise<Failure[]> {
  const failures: Failure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await task(item);
      } catch (error) {
        failures.push({ item, message: reason(error) });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker),
  );
  return failures;
}

/** Props of {@link BulkStatusChange}. */
export type BulkStatusChangeProps = {
  selected: ActionItem[];
  /** Called after the changes with the items that failed, which stay selected. */
  onDone: (failed: ActionItem[]) => void;
};

/**
 * Sets one status on every selected item. Each item is its own request, so one refusal
 * (e.g. a 403 on another team's item) does not stop the others; the outcome lists it.
 */
export function BulkStatusChange(props: BulkStatusChangeProps) {
  const { selected, onDone } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [status, setStatus] = useState<ActionItemStatus>('done');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const apply = async () => {
    const items = selected;
    setBusy(true);
    setOutcome(undefined);
    const failures = await settleAll(items, item =>
      incidentsApi.updateActionItem(item.id, { status }),
    );
    // Report in the order the rows were selected, not the order requests finished.
    failures.sort((a, b) => items.indexOf(a.item) - items.indexOf(b.item));
    setBusy(false);
    setOutcome({ status, total: items.length, failures });
    onDone(failures.map(f => f.item));
  };

  const succeeded = outcome ? outcome.total - outcome.failures.length : 0;
  return (
    <Box>
      <Box display="flex" alignItems="center" style={{ gap: 16 }}>
        <Typography variant="body2">{selected.length} selected</Typography>
        <TextField
          select
          id="action-items-new-status"
          label="New status"
          size="small"
          variant="outlined"
          value={status}
          SelectProps={{ native: true }}
          onChange={e => setStatus(e.target.value as ActionItemStatus)}
        >
          {ACTION_ITEM_STATUSES.map(s => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </TextField>
        <Button
          variant="contained"
          color="primary"
          disabled={busy || selected.length === 0}
          onClick={apply}
        >
          Set status
        </Button>
      </Box>
      {outcome && (
        <Box mt={1}>
          <Alert
            severity={outcome.failures.length ? 'warning' : 'success'}
            onClose={() => setOutcome(undefined)}
          >
            {`Set ${succeeded} of ${outcome.total} action items to ${
              STATUS_LABELS[outcome.status]
            }.`}
            {outcome.failures.length > 0 && (
              <ul aria-label="Failed updates">
                {outcome.failures.map(f => (
                  <li key={f.item.id}>
                    {f.item.title}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </Alert>
        </Box>
      )}
    </Box>
  );
}

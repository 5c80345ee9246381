import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityDisplayName,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import { CoverRequest } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { DateTime } from 'luxon';
import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { WHOLE_LIST_TEXT } from '../layoutStyles';
import { instantOfLocalInput, viewerRange } from './scheduleFormat';

const LOCAL_INPUT = "yyyy-MM-dd'T'HH:mm";

/** "Ask for cover": a teammate, a window in the viewer's zone and a reason. */
function AskForCover(props: {
  groupRef: string;
  userRef: string;
  onAsked: () => void;
}) {
  const incidentsApi = useApi(incidentsApiRef);
  const [open, setOpen] = useState(false);
  const start = DateTime.local().startOf('hour').plus({ hours: 1 });
  const [coverRef, setCoverRef] = useState('');
  const [from, setFrom] = useState(start.toFormat(LOCAL_INPUT));
  const [to, setTo] = useState(start.plus({ days: 1 }).toFormat(LOCAL_INPUT));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const teammates = useAsync(async () => {
    if (!open) return [];
    const team = await incidentsApi.getOncall({ groupRef: props.groupRef });
    return team.members.filter(m => m !== props.userRef);
  }, [open, incidentsApi, props.groupRef, props.userRef]);
  const startsAt = instantOfLocalInput(from);
  const endsAt = instantOfLocalInput(to);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!coverRef || !startsAt || !endsAt) return;
    setBusy(true);
    setError(undefined);
    try {
      await incidentsApi.createCoverRequest({
        groupRef: props.groupRef,
        coverRef,
        startsAt,
        endsAt,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setOpen(false);
      props.onAsked();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" variant="outlined" onClick={() => setOpen(true)}>
        Ask for cover
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby="ask-for-cover-title"
        fullWidth
        maxWidth="xs"
      >
        <form onSubmit={submit}>
          <DialogTitle id="ask-for-cover-title">Ask for cover</DialogTitle>
          <DialogContent>
            <Typography variant="body2" paragraph>
              Your teammate is told and accepts or declines; once accepted they
              are on call instead of you for this time.
            </Typography>
            {error && (
              <IncidentsErrorPanel error={error} title="Nobody was asked" />
            )}
            <TextField
              id="cover-teammate"
              select
              fullWidth
              margin="dense"
              label="Teammate"
              value={coverRef}
              onChange={e => setCoverRef(e.target.value)}
            >
              {(teammates.value ?? []).map(ref => (
                <MenuItem key={ref} value={ref}>
                  <EntityDisplayName
                    entityRef={ref}
                    defaultKind="user"
                    hideIcon
                  />
                </MenuItem>
              ))}
            </TextField>
            <TextField
              id="cover-from"
              fullWidth
              margin="dense"
              type="datetime-local"
              label="From (your time zone)"
              value={from}
              onChange={e => setFrom(e.target.value)}
              InputLabelProps={{ shrink: true }}
              error={!startsAt}
            />
            <TextField
              id="cover-to"
              fullWidth
              margin="dense"
              type="datetime-local"
              label="To (your time zone)"
              value={to}
              onChange={e => setTo(e.target.value)}
              InputLabelProps={{ shrink: true }}
              error={!endsAt}
            />
            <TextField
              id="cover-reason"
              fullWidth
              margin="dense"
              label="Reason (optional)"
              value={reason}
              inputProps={{ maxLength: 500 }}
              onChange={e => setReason(e.target.value)}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              type="submit"
              color="primary"
              disabled={busy || !coverRef || !startsAt || !endsAt}
            >
              Ask
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}

const STATUS_LABEL: Record<CoverRequest['status'], string> = {
  pending: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

/** One request as the viewer reads it, with what they may do about it. */
function RequestLine(props: {
  request: CoverRequest;
  userRef: string;
  onChanged: () => void;
}) {
  const incidentsApi = useApi(incidentsApiRef);
  const { request, userRef } = props;
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const act = (action: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      props.onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const askedOfMe = request.coverRef === userRef;
  const pending = request.status === 'pending';
  return (
    <ListItem disableGutters divider>
      <Box width="100%" style={WHOLE_LIST_TEXT}>
        <Typography variant="body2" component="div">
          {askedOfMe ? (
            <>
              <EntityRefLink
                entityRef={request.requesterRef}
                defaultKind="user"
              />{' '}
              asks you to cover{' '}
            </>
          ) : (
            <>
              You asked{' '}
              <EntityRefLink entityRef={request.coverRef} defaultKind="user" />{' '}
              to cover{' '}
            </>
          )}
          <EntityRefLink entityRef={request.groupRef} defaultKind="group" />
        </Typography>
        <Typography variant="body2" component="div">
          {viewerRange(request.startsAt, request.endsAt)}
        </Typography>
        {request.reason && (
          <Typography variant="caption" color="textSecondary" component="div">
            {request.reason}
          </Typography>
        )}
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          mt={0.5}
          style={{ gap: 8 }}
        >
          <Chip
            size="small"
            label={STATUS_LABEL[request.status]}
            color={pending && askedOfMe ? 'primary' : 'default'}
          />
          {pending && askedOfMe && (
            <>
              <Button
                size="small"
                color="primary"
                variant="contained"
                disabled={busy}
                onClick={act(() =>
                  incidentsApi.decideCoverRequest(request.id, 'accept'),
                )}
              >
                Accept
              </Button>
              <Button
                size="small"
                disabled={busy}
                onClick={act(() =>
                  incidentsApi.decideCoverRequest(request.id, 'decline'),
                )}
              >
                Decline
              </Button>
            </>
          )}
          {pending && !askedOfMe && (
            <Button
              size="small"
              disabled={busy}
              onClick={act(() => incidentsApi.cancelCoverRequest(request.id))}
            >
              Withdraw
            </Button>
          )}
        </Box>
        {error && (
          <Box mt={1}>
            <IncidentsErrorPanel error={error} title="Nothing changed" />
          </Box>
        )}
      </Box>
    </ListItem>
  );
}

/**
 * Cover requests ("cover me"): the viewer's requests asked by or of them, to accept,
 * decline or withdraw, and _Ask for cover_ for the team shown when they are in it.
 */
export function CoverRequestsCard(props: {
  /** The team shown, when the viewer is a member of it. */
  groupRef?: string;
  userRef: string;
  refreshKey: number;
  onChanged: () => void;
}) {
  const incidentsApi = useApi(incidentsApiRef);
  const state = useAsync(
    () => incidentsApi.listCoverRequests(),
    [incidentsApi, props.refreshKey],
  );
  return (
    <InfoCard title="Cover requests">
      {props.groupRef && (
        <Box mb={1}>
          <AskForCover
            groupRef={props.groupRef}
            userRef={props.userRef}
            onAsked={props.onChanged}
          />
        </Box>
      )}
      {state.error && (
        <IncidentsErrorPanel
          error={state.error}
          title="Could not load your cover requests"
        />
      )}
      {state.value && state.value.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          Nobody asked you for cover, and you asked nobody.
        </Typography>
      )}
      {state.value && state.value.length > 0 && (
        <List dense disablePadding aria-label="Cover requests">
          {state.value.map(request => (
            <RequestLine
              key={request.id}
              request={request}
              userRef={props.userRef}
              onChanged={props.onChanged}
            />
          ))}
        </List>
      )}
    </InfoCard>
  );
}

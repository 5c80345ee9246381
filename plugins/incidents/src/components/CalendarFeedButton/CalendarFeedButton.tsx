import { CopyTextButton } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@material-ui/core';
import { ReactNode, useState } from 'react';
import { CalendarFeedUrls, incidentsApiRef } from '../../api';
import { BREAK_LONG_WORDS } from '../layoutStyles';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';

function FeedLine(props: { label: ReactNode; url: string }) {
  return (
    <Box mb={2}>
      <Typography variant="subtitle2">{props.label}</Typography>
      <Box display="flex" alignItems="center" style={{ gap: 4 }}>
        <Typography
          variant="body2"
          component="code"
          style={{ ...BREAK_LONG_WORDS, minWidth: 0 }}
        >
          {props.url}
        </Typography>
        <CopyTextButton
          text={props.url}
          aria-label="Copy the link"
          tooltipText="Link copied"
        />
      </Box>
    </Box>
  );
}

/**
 * "Add to my calendar": issues the signed-in user's secret calendar feed links (a new
 * one revokes the old) and shows them to copy into a calendar app, or revokes them.
 */
export function CalendarFeedButton() {
  const incidentsApi = useApi(incidentsApiRef);
  const [feeds, setFeeds] = useState<CalendarFeedUrls>();
  const [revoked, setRevoked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [open, setOpen] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const issue = () =>
    run(async () => {
      setOpen(true);
      setRevoked(false);
      setFeeds(await incidentsApi.issueCalendarFeed());
    });
  const revoke = () =>
    run(async () => {
      await incidentsApi.revokeCalendarFeed();
      setFeeds(undefined);
      setRevoked(true);
    });

  return (
    <>
      <Button size="small" variant="outlined" onClick={issue} disabled={busy}>
        Add to my calendar
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby="calendar-feed-title"
        fullWidth
        maxWidth="sm"
      >
        <DialogTitle id="calendar-feed-title">Calendar feeds</DialogTitle>
        <DialogContent>
          {error && (
            <IncidentsErrorPanel
              error={error}
              title="Calendar links not changed"
            />
          )}
          {feeds && (
            <>
              <Typography variant="body2" paragraph>
                Subscribe to these links in your calendar app. Anyone with a
                link sees these shifts: keep them private. Getting new links
                revokes the old ones.
              </Typography>
              <FeedLine label="Your shifts" url={feeds.shifts} />
              {Object.entries(feeds.teams).map(([groupRef, url]) => (
                <FeedLine
                  key={groupRef}
                  label={
                    <>
                      Whole schedule of{' '}
                      <EntityDisplayName
                        entityRef={groupRef}
                        defaultKind="group"
                        hideIcon
                      />
                    </>
                  }
                  url={url}
                />
              ))}
            </>
          )}
          {revoked && (
            <Typography variant="body2">
              Your calendar links are revoked: calendars subscribed to them get
              nothing more.
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          {feeds && (
            <Button onClick={revoke} disabled={busy}>
              Revoke links
            </Button>
          )}
          <Button color="primary" onClick={() => setOpen(false)}>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

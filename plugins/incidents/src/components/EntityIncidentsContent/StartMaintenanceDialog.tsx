import { useApi } from '@backstage/core-plugin-api';
import {
  MAINTENANCE_WINDOW_LIMITS,
  MaintenanceWindow,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  TextField,
  useMediaQuery,
  useTheme,
} from '@material-ui/core';
import { DateTime } from 'luxon';
import { FormEvent, useState } from 'react';
import { incidentsApiRef } from '../../api';
import { MaintenanceError } from './MaintenanceError';

/** Props of {@link StartMaintenanceDialog}. */
export type StartMaintenanceDialogProps = {
  open: boolean;
  onClose: () => void;
  entityRef: string;
  severities: SeverityLevel[];
  onStarted: (window: MaintenanceWindow) => void;
};

/** A `datetime-local` value, read in the viewer's zone, as an ISO instant. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const parsed = DateTime.fromISO(local);
  return parsed.isValid ? parsed.toUTC().toISO() ?? undefined : undefined;
}

const MAX_DAYS = MAINTENANCE_WINDOW_LIMITS.maxDurationMs / (24 * 3600_000);

/**
 * A form to put the entity in maintenance: now or from a later start, until an end at
 * most a week after it, with a reason, optionally with what depends on it, and for the
 * severities to keep quiet (all by default; uncheck the ones that must still page).
 */
export function StartMaintenanceDialog(props: StartMaintenanceDialogProps) {
  const { open, onClose, entityRef, severities, onStarted } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const fullScreen = useMediaQuery(useTheme().breakpoints.down('xs'));
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState('');
  const [includeDependents, setIncludeDependents] = useState(false);
  const [quiet, setQuiet] = useState<string[]>(() =>
    severities.map(level => level.id),
  );
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();

  const toggle = (id: string, checked: boolean) =>
    setQuiet(current =>
      severities
        .map(level => level.id)
        .filter(level => (level === id ? checked : current.includes(level))),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      const start = instant(startsAt);
      const window = await incidentsApi.createMaintenanceWindow({
        entityRef,
        ...(start && { startsAt: start }),
        endsAt: instant(endsAt) ?? endsAt,
        reason: reason.trim(),
        ...(includeDependents && { includeDependents }),
        // Every level checked is "all": levels added to the policy later count too.
        ...(quiet.length < severities.length && { severities: quiet }),
      });
      onStarted(window);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      fullScreen={fullScreen}
      maxWidth="sm"
      scroll="paper"
      aria-labelledby="start-maintenance-title"
    >
      <form onSubmit={submit}>
        <DialogTitle id="start-maintenance-title">
          Start maintenance
        </DialogTitle>
        <DialogContent dividers>
          {error && (
            <MaintenanceError
              error={error}
              what="Maintenance was not started"
            />
          )}
          <TextField
            id="start-maintenance-starts"
            label="Starts"
            type="datetime-local"
            value={startsAt}
            onChange={e => setStartsAt(e.target.value)}
            InputLabelProps={{ shrink: true }}
            helperText="Leave empty to start now; your time zone."
            fullWidth
            margin="normal"
          />
          <TextField
            id="start-maintenance-ends"
            label="Ends"
            type="datetime-local"
            value={endsAt}
            onChange={e => setEndsAt(e.target.value)}
            InputLabelProps={{ shrink: true }}
            helperText={`At most ${MAX_DAYS} days after the start; your time zone.`}
            required
            fullWidth
            margin="normal"
          />
          <TextField
            id="start-maintenance-reason"
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            required
            multiline
            minRows={2}
            fullWidth
            margin="normal"
            inputProps={{
              maxLength: MAINTENANCE_WINDOW_LIMITS.maxReasonLength,
            }}
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={includeDependents}
                onChange={e => setIncludeDependents(e.target.checked)}
              />
            }
            label="Also the entities that depend on this one"
          />
          <FormControl component="fieldset" margin="normal" fullWidth>
            <FormLabel component="legend">
              Keep these severities quiet
            </FormLabel>
            <FormGroup row>
              {severities.map(level => (
                <FormControlLabel
                  key={level.id}
                  control={
                    <Checkbox
                      checked={quiet.includes(level.id)}
                      onChange={e => toggle(level.id, e.target.checked)}
                    />
                  }
                  label={`${level.id} · ${level.label}`}
                />
              ))}
            </FormGroup>
            <FormHelperText>
              Their alerts are kept but open no incident and page nobody;
              unchecked severities page as usual.
            </FormHelperText>
          </FormControl>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={submitting || !quiet.length}
          >
            Start maintenance
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

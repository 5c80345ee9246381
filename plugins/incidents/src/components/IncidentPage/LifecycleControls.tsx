import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  allowedTransitions,
  Incident,
  IncidentStatus,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Menu,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import ArrowDropDownIcon from '@material-ui/icons/ArrowDropDown';
import { FormEvent, useState } from 'react';
import { incidentsApiRef } from '../../api';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { incidentsTranslationRef } from '../../translation';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';

/** Moves that end the incident's work ask why, so the timeline keeps the reason. */
const NEEDS_MESSAGE: readonly IncidentStatus[] = ['resolved', 'declined'];
/** The backend's limit for a transition message. */
const MESSAGE_MAX_LENGTH = 5000;

/**
 * The one move a responder most likely makes next: take a new incident on, then resolve
 * it; a resolved incident can only be reopened. Everything else waits in the menu.
 */
export function nextStep(status: IncidentStatus): IncidentStatus | undefined {
  const allowed = allowedTransitions(status);
  if (status === 'triggered' && allowed.includes('acknowledged')) {
    return 'acknowledged';
  }
  if (status === 'resolved') return allowed[0];
  return allowed.includes('resolved') ? 'resolved' : allowed[0];
}

function MessageDialog(props: {
  incident: Incident;
  to: IncidentStatus;
  busy: boolean;
  error?: Error;
  onCancel: () => void;
  onSubmit: (message: string) => void;
}) {
  const { incident, to, busy } = props;
  const { t } = useTranslationRef(incidentsTranslationRef);
  const [message, setMessage] = useState('');
  const resolving = to === 'resolved';
  const text = {
    title: resolving
      ? t('lifecycle.resolveDialog.title', { ref: incident.ref })
      : t('lifecycle.declineDialog.title', { ref: incident.ref }),
    label: resolving
      ? t('lifecycle.resolveDialog.label')
      : t('lifecycle.declineDialog.label'),
    help: resolving
      ? t('lifecycle.resolveDialog.help')
      : t('lifecycle.declineDialog.help'),
    submit: resolving
      ? t('lifecycle.resolveDialog.submit')
      : t('lifecycle.declineDialog.submit'),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (message.trim()) props.onSubmit(message.trim());
  };
  return (
    <Dialog
      open
      onClose={props.onCancel}
      maxWidth="sm"
      fullWidth
      aria-labelledby="incident-transition-title"
    >
      <form onSubmit={submit}>
        <DialogTitle id="incident-transition-title">{text.title}</DialogTitle>
        <DialogContent>
          <TextField
            id="incident-transition-message"
            label={text.label}
            helperText={text.help}
            value={message}
            onChange={e => setMessage(e.target.value)}
            inputProps={{ maxLength: MESSAGE_MAX_LENGTH }}
            multiline
            minRows={2}
            fullWidth
            required
          />
          {props.error && (
            <Box mt={2}>
              <IncidentsErrorPanel
                error={props.error}
                title={t('lifecycle.notChanged')}
              />
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onCancel}>{t('lifecycle.cancel')}</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy || !message.trim()}
          >
            {text.submit}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Props of {@link LifecycleControls}. */
export type LifecycleControlsProps = {
  incident: Incident;
  onChanged: (incident: Incident) => void;
};

/**
 * The incident's status moves: the next natural step as the one primary button, the
 * other legal moves in a menu. Resolving and declining ask for a short reason first.
 * Viewers the permission policy does not let change the incident see why instead.
 */
export function LifecycleControls(props: LifecycleControlsProps) {
  const { incident, onChanged } = props;
  const { t } = useTranslationRef(incidentsTranslationRef);
  const incidentsApi = useApi(incidentsApiRef);
  const permission = useCanUpdateIncident(incident.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement>();
  const [asking, setAsking] = useState<IncidentStatus>();

  const transitions = allowedTransitions(incident.status);
  if (transitions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('lifecycle.final', { status: incident.status })}
      </Typography>
    );
  }
  // Nothing to offer while the policy answers; a refusal says why rather than 403 later.
  if (permission.loading) return null;
  if (!permission.allowed) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('lifecycle.notAllowed')}
      </Typography>
    );
  }

  const move = async (to: IncidentStatus, message?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(
        await incidentsApi.transitionIncident(incident.id, to, {
          version: incident.version,
          message,
        }),
      );
      setAsking(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const choose = (to: IncidentStatus) => {
    setMenuAnchor(undefined);
    setError(undefined);
    if (NEEDS_MESSAGE.includes(to)) setAsking(to);
    else move(to);
  };

  const primary = nextStep(incident.status)!;
  const others = transitions.filter(to => to !== primary);
  // `merged` is never a transition target, so every move has a menu label.
  const moveLabel = (to: IncidentStatus) =>
    t(`lifecycle.moveTo.${to as Exclude<IncidentStatus, 'merged'>}`);
  let primaryLabel: string = moveLabel(primary);
  if (incident.status === 'resolved') primaryLabel = t('lifecycle.reopen');
  else if (primary === 'acknowledged')
    primaryLabel = t('lifecycle.acknowledge');
  else if (primary === 'resolved') primaryLabel = t('lifecycle.resolve');

  return (
    <Box>
      <Box
        display="flex"
        flexWrap="wrap"
        style={{ gap: 8 }}
        role="group"
        aria-label={t('lifecycle.controlsLabel')}
      >
        <Button
          variant={incident.status === 'resolved' ? 'outlined' : 'contained'}
          color="primary"
          disabled={busy}
          onClick={() => choose(primary)}
        >
          {primaryLabel}
        </Button>
        {others.length > 0 && (
          <>
            <Button
              variant="outlined"
              disabled={busy}
              aria-haspopup="menu"
              aria-controls={menuAnchor ? 'incident-status-menu' : undefined}
              endIcon={<ArrowDropDownIcon />}
              onClick={e => setMenuAnchor(e.currentTarget)}
            >
              {t('lifecycle.more')}
            </Button>
            <Menu
              id="incident-status-menu"
              anchorEl={menuAnchor}
              open={!!menuAnchor}
              onClose={() => setMenuAnchor(undefined)}
              getContentAnchorEl={null}
              anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
            >
              {others.map(to => (
                <MenuItem key={to} onClick={() => choose(to)}>
                  {moveLabel(to)}
                </MenuItem>
              ))}
            </Menu>
          </>
        )}
      </Box>
      {asking && (
        <MessageDialog
          incident={incident}
          to={asking}
          busy={busy}
          error={error}
          onCancel={() => {
            setAsking(undefined);
            setError(undefined);
          }}
          onSubmit={message => move(asking, message)}
        />
      )}
      {error && !asking && (
        <Box mt={2}>
          <IncidentsErrorPanel
            error={error}
            title={t('lifecycle.notChanged')}
          />
        </Box>
      )}
    </Box>
  );
}

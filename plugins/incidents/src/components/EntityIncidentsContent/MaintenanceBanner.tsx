import { useApi } from '@backstage/core-plugin-api';
import { MaintenanceWindow } from '@firebreak/plugin-incidents-common';
import { Box, Button, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { incidentsApiRef } from '../../api';
import { utc } from '../../format';
import { ActorName } from '../ActorName';
import { MaintenanceError } from './MaintenanceError';

/** Props of {@link MaintenanceBanner}. */
export type MaintenanceBannerProps = {
  /** Windows in force now. */
  active: MaintenanceWindow[];
  /** Windows that start later, soonest first. */
  scheduled: MaintenanceWindow[];
  /** Whether the signed-in user may end them (the entity's owners). */
  canManage: boolean;
  /** Called after a window was ended, to reload. */
  onChanged: () => void;
};

/** What a window keeps quiet, in words. */
function suppression(window: MaintenanceWindow): string {
  const where = window.includeDependents
    ? ' on this entity and on what depends on it'
    : '';
  return window.severities
    ? `Alerts of ${window.severities.join(
        ', ',
      )}${where} are not paging; other severities page as usual.`
    : `Alerts${where} are kept but open no incident and page nobody.`;
}

/**
 * The entity is in maintenance: one banner per window in force ("In maintenance until
 * … — reason, by …") and a line per scheduled one, each with a button to end (or
 * cancel) it for the users allowed to.
 */
export function MaintenanceBanner(props: MaintenanceBannerProps) {
  const { active, scheduled, canManage, onChanged } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [ending, setEnding] = useState<number>();
  const [error, setError] = useState<Error>();

  if (!active.length && !scheduled.length) return null;

  const end = async (window: MaintenanceWindow) => {
    setEnding(window.id);
    setError(undefined);
    try {
      await incidentsApi.endMaintenanceWindow(window.id);
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setEnding(undefined);
    }
  };

  const action = (window: MaintenanceWindow, label: string) =>
    canManage ? (
      <Button
        color="inherit"
        size="small"
        variant="outlined"
        disabled={ending !== undefined}
        onClick={() => end(window)}
      >
        {label}
      </Button>
    ) : undefined;

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {error && (
        <MaintenanceError
          error={error}
          what="The maintenance window was not ended"
        />
      )}
      {active.map(window => (
        <Alert
          key={window.id}
          severity="warning"
          role="status"
          action={action(window, 'End now')}
        >
          <Typography variant="body1" component="p">
            <strong>In maintenance until {utc(window.endsAt)}</strong> —{' '}
            {window.reason}, by <ActorName actorRef={window.createdBy} />
          </Typography>
          <Typography variant="body2" component="p">
            {suppression(window)}
          </Typography>
        </Alert>
      ))}
      {scheduled.map(window => (
        <Alert
          key={window.id}
          severity="info"
          action={action(window, 'Cancel maintenance')}
        >
          <Typography variant="body2" component="p">
            Maintenance scheduled from {utc(window.startsAt)} until{' '}
            {utc(window.endsAt)} — {window.reason}, by{' '}
            <ActorName actorRef={window.createdBy} />. {suppression(window)}
          </Typography>
        </Alert>
      ))}
    </Box>
  );
}

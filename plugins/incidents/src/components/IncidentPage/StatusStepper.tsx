import { Incident } from '@firebreak/plugin-incidents-common';
import { Step, StepLabel, Stepper, Typography } from '@material-ui/core';

const PATH = [
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
] as const;

/**
 * Where the incident stands on the usual path from triggered to resolved. Declined and
 * merged incidents left the path, which is said instead.
 */
export function StatusStepper({ incident }: { incident: Incident }) {
  if (incident.status === 'declined' || incident.status === 'merged') {
    return (
      <Typography variant="body2" color="textSecondary">
        {incident.status === 'declined'
          ? 'Declined as a non-impacting event.'
          : `Merged into INC-${incident.mergedIntoId}.`}
      </Typography>
    );
  }
  const active = PATH.indexOf(incident.status);
  return (
    <Stepper
      activeStep={incident.status === 'resolved' ? PATH.length : active}
      alternativeLabel
      aria-label="Incident status"
    >
      {PATH.map(status => (
        <Step key={status}>
          <StepLabel>{status}</StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}

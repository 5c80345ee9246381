import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Incident,
  IncidentStatus,
  TimelineEvent,
} from '@firebreak/plugin-incidents-common';
import { Step, StepLabel, Stepper, Typography } from '@material-ui/core';
import { useNarrowLayout } from '../../hooks/useNarrowLayout';
import { incidentsTranslationRef } from '../../translation';

const PATH = [
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
] as const;

/**
 * The statuses the incident has been in: the one it was declared with, both ends of
 * every status change on its timeline, and the current one.
 */
export function visitedStatuses(
  incident: Incident,
  events: readonly TimelineEvent[],
): Set<IncidentStatus> {
  const visited = new Set<IncidentStatus>([incident.status]);
  let declared = false;
  for (const event of events) {
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (event.type === 'declared') {
      declared = true;
      visited.add((data.status as IncidentStatus | undefined) ?? 'triggered');
    } else if (event.type === 'status_changed') {
      if (typeof data.from === 'string')
        visited.add(data.from as IncidentStatus);
      if (typeof data.to === 'string') visited.add(data.to as IncidentStatus);
    }
  }
  // Timelines written before the declared entry carried its status started triggered.
  if (!declared) visited.add('triggered');
  return visited;
}

/** Props of {@link StatusStepper}. */
export type StatusStepperProps = {
  incident: Incident;
  /**
   * The incident's timeline; steps before the current one that it never entered are
   * marked skipped. Until it is known, those steps are shown as passed.
   */
  events?: readonly TimelineEvent[];
};

/**
 * Where the incident stands on the usual path from triggered to resolved, with the steps
 * it jumped over marked skipped. Declined and merged incidents left the path, which is
 * said instead.
 */
export function StatusStepper({ incident, events }: StatusStepperProps) {
  const { t } = useTranslationRef(incidentsTranslationRef);
  // Six labelled steps are wider than a phone: there the path runs down the card.
  const narrow = useNarrowLayout();
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
  const visited = events ? visitedStatuses(incident, events) : undefined;
  return (
    <Stepper
      activeStep={incident.status === 'resolved' ? PATH.length : active}
      orientation={narrow ? 'vertical' : 'horizontal'}
      alternativeLabel={!narrow}
      aria-label={t('lifecycle.stepperLabel')}
      style={{ padding: narrow ? '8px 0' : '16px 0' }}
    >
      {PATH.map((status, index) => {
        const skipped =
          visited !== undefined &&
          !visited.has(status) &&
          (index < active || incident.status === 'resolved');
        return (
          // Only a skipped step overrides the stepper: an undefined prop would too.
          <Step key={status} {...(skipped ? { completed: false } : {})}>
            <StepLabel
              optional={
                skipped ? (
                  <Typography variant="caption" color="textSecondary">
                    {t('lifecycle.stepSkipped')}
                  </Typography>
                ) : undefined
              }
            >
              {status}
            </StepLabel>
          </Step>
        );
      })}
    </Stepper>
  );
}

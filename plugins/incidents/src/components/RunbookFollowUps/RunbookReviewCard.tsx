import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ActionItem,
  AlertRunbookReview,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { memo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { DeadLink } from '../AlertsRunbooksCard/AlertsRunbooksCard';
import { ExternalLink } from '../ExternalLink';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { StatusIcon } from '../StatusIcon';
import { WHOLE_LIST_TEXT } from '../layoutStyles';

const RUNBOOK_TEXT: Record<AlertRunbookReview['runbook'], string> = {
  own: 'Runbook',
  fallback: 'Only the fallback runbook',
  none: 'No runbook',
};

const FOLLOW_UP_TEXT = {
  add_runbook: 'Add runbook follow-up',
  update_runbook: 'Update runbook follow-up',
} as const;

function RunbookState(props: { review: AlertRunbookReview }) {
  const { review } = props;
  const dead = review.linkHealth?.state === 'dead';
  return (
    <>
      <StatusIcon
        status={review.runbook === 'own' && !dead ? 'ok' : 'warning'}
      />
      {review.runbookUrl ? (
        <ExternalLink href={review.runbookUrl}>
          {RUNBOOK_TEXT[review.runbook]}
        </ExternalLink>
      ) : (
        RUNBOOK_TEXT[review.runbook]
      )}
      <DeadLink health={review.linkHealth} />
    </>
  );
}

/**
 * The postmortem's runbook step: each alert of the incident with its runbook as the
 * catalog has it now (own, fallback only, none, dead link), and one button that makes
 * the runbook follow-up, owned by the entity's owner.
 */
export const RunbookReviewCard = memo(function RunbookReviewCardContent(props: {
  incidentId: number;
  /** Called with each follow-up created here, so the action items show it. */
  onCreated?: (item: ActionItem) => void;
}) {
  const { incidentId, onCreated } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const canUpdate = useCanUpdateIncident(incidentId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const review = useAsyncRetry(
    () => incidentsApi.getRunbookReview(incidentId),
    [incidentsApi, incidentId],
  );

  const create = async (item: AlertRunbookReview) => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await incidentsApi.createRunbookFollowUp(incidentId, {
        entityRef: item.entityRef,
        alertName: item.alertName,
        kind: item.suggestedKind,
      });
      onCreated?.(created);
      review.retry();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard
      title="Runbooks"
      subheader="The incident's alerts and their runbooks as the catalog has them now"
    >
      {review.loading && !review.value && <Progress />}
      {review.error && (
        <IncidentsErrorPanel
          error={review.error}
          title="Could not load the alerts' runbooks"
        />
      )}
      {error && (
        <IncidentsErrorPanel error={error} title="Follow-up not created" />
      )}
      {review.value?.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No alerts were linked to this incident.
        </Typography>
      )}
      {!!review.value?.length && (
        <List dense aria-label="Alerts and their runbooks">
          {review.value.map(item => (
            <ListItem
              key={`${item.entityRef}\n${item.alertName}`}
              disableGutters
              divider
            >
              <ListItemText
                style={WHOLE_LIST_TEXT}
                primary={
                  <>
                    {item.alertName} ·{' '}
                    <EntityRefLink entityRef={item.entityRef} />
                  </>
                }
                secondaryTypographyProps={{ component: 'div' }}
                secondary={
                  <Box
                    display="flex"
                    flexWrap="wrap"
                    alignItems="center"
                    style={{ gap: 8 }}
                  >
                    <span>
                      <RunbookState review={item} />
                    </span>
                    {item.followUp ? (
                      <span>
                        Follow-up #{item.followUp.id}:{' '}
                        {item.followUp.status.replace('_', ' ')}
                      </span>
                    ) : (
                      canUpdate.allowed && (
                        <Button
                          size="small"
                          variant="outlined"
                          color="primary"
                          disabled={busy}
                          onClick={() => create(item)}
                          aria-label={`${
                            FOLLOW_UP_TEXT[item.suggestedKind]
                          } for ${item.alertName}`}
                        >
                          {FOLLOW_UP_TEXT[item.suggestedKind]}
                        </Button>
                      )
                    )}
                  </Box>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
});

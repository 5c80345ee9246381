import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ActionItem } from '@firebreak/plugin-incidents-common';
import { Typography } from '@material-ui/core';
import { ExternalLink } from '../ExternalLink';

/**
 * Under an action item's title: what runbook it follows up, and how Firebreak closed it
 * when it closed itself.
 */
export function FollowUpCaption(props: { item: ActionItem }) {
  const { runbookFollowUp: followUp, completionNote } = props.item;
  if (!followUp) return null;
  return (
    <>
      <Typography
        variant="caption"
        component="div"
        style={{ whiteSpace: 'normal' }}
      >
        Runbook follow-up ·{' '}
        {followUp.kind === 'add_runbook'
          ? 'add a runbook'
          : 'update the runbook'}{' '}
        for {followUp.alertName} on{' '}
        <EntityRefLink entityRef={followUp.entityRef} />
        {followUp.runbookUrl && (
          <>
            {' · '}
            <ExternalLink href={followUp.runbookUrl}>Runbook</ExternalLink>
          </>
        )}
      </Typography>
      {completionNote && (
        <Typography
          variant="caption"
          component="div"
          color="textSecondary"
          style={{ whiteSpace: 'normal' }}
        >
          {completionNote}
        </Typography>
      )}
    </>
  );
}

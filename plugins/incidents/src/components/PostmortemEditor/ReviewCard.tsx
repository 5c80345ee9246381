import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Postmortem } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  TextField,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { memo, useId, useState } from 'react';
import { utc } from '../../format';
import { approvalBlockedBy, postmortemMoves } from './editorRules';

/** Props of {@link ReviewCard}. */
export type ReviewCardProps = {
  postmortem: Postmortem;
  /** The signed-in user's entity ref, to know whether they may approve. */
  userRef?: string;
  busy: boolean;
  onAddReviewer: (userRef: string) => void;
  onRemoveReviewer: (userRef: string) => void;
  onApprove: () => void;
  onMove: (to: Postmortem['status']) => void;
  error?: React.ReactNode;
};

/** Reviewers and the draft → in review → published flow, each refused move with its reason. */
export const ReviewCard = memo(function ReviewCardContent(
  props: ReviewCardProps,
) {
  const { postmortem, userRef, busy } = props;
  const id = useId();
  const [reviewer, setReviewer] = useState('');
  const readOnly = postmortem.status === 'published';
  const approveBlockedBy = approvalBlockedBy(postmortem, userRef);
  const moves = postmortemMoves(postmortem);
  const submit = moves.find(m => m.to === 'in_review')!;
  const publish = moves.find(m => m.to === 'published')!;
  // Only the buttons on screen explain themselves; the others are not offered at all.
  const reasons: string[] = [];
  if (postmortem.status === 'draft' && submit.blockedBy) {
    reasons.push(`${submit.label}: ${submit.blockedBy}`);
  }
  if (postmortem.status === 'in_review') {
    if (approveBlockedBy) reasons.push(`Approve: ${approveBlockedBy}`);
    if (publish.blockedBy) {
      reasons.push(`${publish.label}: ${publish.blockedBy}`);
    }
  }

  const add = () => {
    const ref = reviewer.trim();
    if (!ref) return;
    props.onAddReviewer(ref);
    setReviewer('');
  };

  return (
    <InfoCard title="Review">
      <Typography variant="subtitle2">Reviewers</Typography>
      {postmortem.reviewers.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No reviewers yet.
        </Typography>
      ) : (
        <List dense>
          {postmortem.reviewers.map(r => (
            <ListItem key={r.userRef} disableGutters>
              <ListItemText
                primary={
                  <EntityRefLink entityRef={r.userRef} defaultKind="user" />
                }
                secondary={
                  r.approvedAt
                    ? `Approved ${utc(r.approvedAt)}`
                    : 'Not approved'
                }
              />
              {!readOnly && (
                <ListItemSecondaryAction>
                  <IconButton
                    edge="end"
                    size="small"
                    aria-label={`Remove reviewer ${r.userRef}`}
                    disabled={busy}
                    onClick={() => props.onRemoveReviewer(r.userRef)}
                  >
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </ListItemSecondaryAction>
              )}
            </ListItem>
          ))}
        </List>
      )}
      {!readOnly && (
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
          mb={2}
        >
          <TextField
            id={id}
            label="Reviewer"
            placeholder="user:default/jane"
            value={reviewer}
            onChange={e => setReviewer(e.target.value)}
            onKeyDown={e => {
              if (e.key === 'Enter') add();
            }}
            size="small"
          />
          <Button
            variant="outlined"
            size="small"
            disabled={busy || !reviewer.trim()}
            onClick={add}
          >
            Add reviewer
          </Button>
        </Box>
      )}
      {readOnly ? (
        <Typography variant="body2">
          Published {utc(postmortem.publishedAt)}; a published postmortem can no
          longer change.
        </Typography>
      ) : (
        <>
          <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
            {postmortem.status === 'draft' && (
              <Button
                variant="contained"
                color="primary"
                disabled={busy || !!submit.blockedBy}
                onClick={() => props.onMove('in_review')}
              >
                Submit for review
              </Button>
            )}
            {postmortem.status === 'in_review' && (
              <>
                <Button
                  variant="contained"
                  color="primary"
                  disabled={busy || !!approveBlockedBy}
                  onClick={props.onApprove}
                >
                  Approve
                </Button>
                <Button
                  variant="contained"
                  color="primary"
                  disabled={busy || !!publish.blockedBy}
                  onClick={() => props.onMove('published')}
                >
                  Publish
                </Button>
                <Button
                  variant="outlined"
                  disabled={busy}
                  onClick={() => props.onMove('draft')}
                >
                  Back to draft
                </Button>
              </>
            )}
          </Box>
          {reasons.map(reason => (
            <Typography key={reason} variant="body2" color="textSecondary">
              {reason}
            </Typography>
          ))}
        </>
      )}
      {props.error}
    </InfoCard>
  );
});

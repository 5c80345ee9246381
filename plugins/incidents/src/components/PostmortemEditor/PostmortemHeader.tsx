import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Incident, Postmortem } from '@firebreak/plugin-incidents-common';
import { Box, TextField, Typography } from '@material-ui/core';
import { memo, useId, useState } from 'react';
import { utc } from '../../format';
import { useIncidentLink } from '../../hooks/useIncidentLink';
import {
  PostmortemStatusChip,
  SeverityChip,
  StatusChip,
} from '../IncidentChips';
import { ExportButtons } from './ExportButtons';
import { fromDateInput, isPostmortemOverdue, toDateInput } from './editorRules';
import { Link } from '@backstage/ui';
import { StatusIcon } from '../StatusIcon';

/** Props of {@link PostmortemHeader}. */
export type PostmortemHeaderProps = {
  incident: Incident;
  postmortem: Postmortem;
  busy: boolean;
  now: Date;
  /** Saves the due date; `null` clears it. */
  onDueChange: (dueAt: string | null) => void;
};

/** Which incident this is, where the postmortem stands, when it is due, and its export. */
export const PostmortemHeader = memo(function PostmortemHeaderContent(
  props: PostmortemHeaderProps,
) {
  const { incident, postmortem, busy, now, onDueChange } = props;
  const incidentLink = useIncidentLink();
  const id = useId();
  const saved = toDateInput(postmortem.dueAt);
  const [due, setDue] = useState(saved);
  const [seen, setSeen] = useState(saved);
  // A newer due date from the server replaces what was typed.
  if (saved !== seen) {
    setSeen(saved);
    setDue(saved);
  }
  const readOnly = postmortem.status === 'published';
  const overdue = isPostmortemOverdue(postmortem, now);

  const commit = () => {
    if (due === saved) return;
    onDueChange(fromDateInput(due) ?? null);
  };

  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h4" component="h1">
          Postmortem:{' '}
          <Link href={incidentLink(incident.ref)}>
            {incident.ref} · {incident.title}
          </Link>
        </Typography>
        <SeverityChip severity={incident.severity} />
        <StatusChip status={incident.status} />
        <PostmortemStatusChip status={postmortem.status} />
      </Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 16 }}
        mt={2}
      >
        {readOnly ? (
          <Typography variant="body2">
            Published {utc(postmortem.publishedAt)}
          </Typography>
        ) : (
          <TextField
            id={id}
            label="Postmortem due date"
            type="date"
            value={due}
            onChange={e => setDue(e.target.value)}
            onBlur={commit}
            onKeyDown={e => {
              if (e.key === 'Enter') commit();
            }}
            disabled={busy}
            InputLabelProps={{ shrink: true }}
            size="small"
            variant="outlined"
            helperText={
              postmortem.dueAt ? `Due ${utc(postmortem.dueAt)}` : 'No due date'
            }
          />
        )}
        {overdue && (
          <Typography color="error" variant="body2">
            <StatusIcon status="error" />
            Overdue since {utc(postmortem.dueAt)}
          </Typography>
        )}
        <Typography variant="body2" color="textSecondary">
          Reviewers:{' '}
          {postmortem.reviewers.length
            ? postmortem.reviewers.map((r, index) => (
                <span key={r.userRef}>
                  {index > 0 && ', '}
                  <EntityRefLink entityRef={r.userRef} defaultKind="user" />
                  {r.approvedAt && ' ✓'}
                </span>
              ))
            : 'none yet'}
        </Typography>
        <ExportButtons
          postmortemId={postmortem.id}
          incidentRef={incident.ref}
        />
      </Box>
    </Box>
  );
});

import { useApi } from '@backstage/core-plugin-api';
import { Link } from '@backstage/ui';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { usePostmortemLink } from '../../hooks/useIncidentLink';
import { StatusIcon } from '../StatusIcon';

/** Follow-ups shown at most; the action items page has the rest. */
const LIMIT = 20;

/** The entity's open runbook follow-ups, under its runbook table. */
export function OpenRunbookFollowUps(props: { entityRef: string }) {
  const incidentsApi = useApi(incidentsApiRef);
  const postmortemLink = usePostmortemLink();
  const { value } = useAsync(
    async () =>
      (
        await incidentsApi.listActionItems({
          kinds: ['add_runbook', 'update_runbook'],
          followUpEntityRefs: [props.entityRef],
          statuses: ['open', 'in_progress'],
          limit: LIMIT,
        })
      ).items,
    [incidentsApi, props.entityRef],
  );
  if (!value?.length) return null;
  return (
    <Box mt={2} component="section" aria-label="Open runbook follow-ups">
      <Typography variant="subtitle2">
        <StatusIcon status="warning" />
        Open runbook follow-ups ({value.length})
      </Typography>
      <Box component="ul" m={0} pl={3}>
        {value.map(item => (
          <li key={item.id}>
            <Typography variant="body2" component="span">
              <Link href={postmortemLink(item.incidentId)}>{item.title}</Link>
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}

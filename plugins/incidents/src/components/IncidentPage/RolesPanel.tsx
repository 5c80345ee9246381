import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Incident } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  TextField,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { FormEvent, useState } from 'react';
import { incidentsApiRef } from '../../api';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';

/** Props of {@link RolesPanel}. */
export type RolesPanelProps = {
  incident: Incident;
  roles: string[];
  onChanged: () => void;
};

/** Who holds which incident role; assign a user ref to a role or take it away. */
export function RolesPanel(props: RolesPanelProps) {
  const { incident, roles, onChanged } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [role, setRole] = useState(roles[0] ?? '');
  const [userRef, setUserRef] = useState('');
  const [error, setError] = useState<Error>();

  const run = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };

  const assign = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      await incidentsApi.assignRole(incident.id, role, userRef.trim());
      setUserRef('');
    });
  };

  return (
    <InfoCard title="Roles">
      {error && <IncidentsErrorPanel error={error} title="Role not changed" />}
      {incident.roles.length === 0 ? (
        <Box mb={2}>Nobody holds a role yet.</Box>
      ) : (
        <List dense>
          {incident.roles.map(assignment => (
            <ListItem key={`${assignment.role}/${assignment.userRef}`}>
              <ListItemText
                primary={
                  <EntityRefLink
                    entityRef={assignment.userRef}
                    defaultKind="user"
                  />
                }
                secondary={assignment.role}
              />
              <ListItemSecondaryAction>
                <IconButton
                  edge="end"
                  aria-label={`Unassign ${assignment.userRef} from ${assignment.role}`}
                  onClick={() =>
                    run(() =>
                      incidentsApi.unassignRole(
                        incident.id,
                        assignment.role,
                        assignment.userRef,
                      ),
                    )
                  }
                >
                  <CloseIcon />
                </IconButton>
              </ListItemSecondaryAction>
            </ListItem>
          ))}
        </List>
      )}
      <form onSubmit={assign}>
        <Box display="flex" alignItems="flex-end" style={{ gap: 8 }}>
          <TextField
            id="incident-role"
            select
            label="Role"
            value={role}
            onChange={e => setRole(e.target.value)}
            SelectProps={{ native: true }}
          >
            {roles.map(r => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </TextField>
          <TextField
            id="incident-role-user"
            label="User"
            placeholder="user:default/alice"
            value={userRef}
            onChange={e => setUserRef(e.target.value)}
          />
          <Button
            type="submit"
            variant="outlined"
            disabled={!role || !userRef.trim()}
          >
            Assign
          </Button>
        </Box>
      </form>
    </InfoCard>
  );
}

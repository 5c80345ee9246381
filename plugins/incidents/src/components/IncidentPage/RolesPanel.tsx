import { InfoCard } from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
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
import useAsync from 'react-use/esm/useAsync';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { incidentsApiRef } from '../../api';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';

/** Props of {@link RolesPanel}. */
export type RolesPanelProps = {
  incident: Incident;
  roles: string[];
  onChanged: () => void;
};

/**
 * People to suggest for a role: the owner team's members first, then every catalog user
 * (when a catalog API is installed). Failures only cost the suggestions.
 */
function useRoleCandidates(incident: Incident): string[] {
  const incidentsApi = useApi(incidentsApiRef);
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    const [team, users] = await Promise.all([
      incident.ownerRef
        ? incidentsApi.getOncall({ groupRef: incident.ownerRef }).then(
            oncall => oncall.members,
            () => [],
          )
        : Promise.resolve([] as string[]),
      catalogApi
        ? catalogApi
            .getEntities({
              filter: { kind: 'User' },
              fields: ['kind', 'metadata.name', 'metadata.namespace'],
            })
            .then(
              r => r.items.map(e => stringifyEntityRef(e)),
              () => [],
            )
        : Promise.resolve([] as string[]),
    ]);
    return [...new Set([...team, ...users])];
  }, [incidentsApi, catalogApi, incident.ownerRef]);
  return value ?? [];
}

/** Who holds which incident role; assign a person to a role or take it away. */
export function RolesPanel(props: RolesPanelProps) {
  const { incident, roles, onChanged } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const candidates = useRoleCandidates(incident);
  const canUpdate = useCanUpdateIncident(incident.id);
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
              {canUpdate.allowed && (
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
              )}
            </ListItem>
          ))}
        </List>
      )}
      {canUpdate.allowed && (
        <form onSubmit={assign}>
          <Box
            display="flex"
            alignItems="flex-end"
            flexWrap="wrap"
            style={{ gap: 8 }}
          >
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
              inputProps={{ list: 'incident-role-candidates' }}
            />
            <datalist id="incident-role-candidates">
              {candidates.map(ref => (
                <option key={ref} value={ref} />
              ))}
            </datalist>
            <Button
              type="submit"
              variant="outlined"
              disabled={!role || !userRef.trim()}
            >
              Assign
            </Button>
          </Box>
        </form>
      )}
    </InfoCard>
  );
}

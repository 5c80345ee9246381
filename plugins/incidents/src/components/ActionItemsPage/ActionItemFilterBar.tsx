import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormLabel,
  TextField,
} from '@material-ui/core';
import { useEffect, useState } from 'react';
import { ActionItemFilters, normalizeRef, STATUS_LABELS } from './filters';
import { useTeams } from '../../hooks/useTeams';

/**
 * A ref typed by hand, applied on Enter or when the field loses focus so that every
 * keystroke does not become a request.
 */
function RefField(props: {
  id: string;
  label: string;
  value?: string;
  defaultKind: string;
  placeholder: string;
  onChange: (ref: string | undefined) => void;
}) {
  const { value, defaultKind, onChange } = props;
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const commit = () => {
    const ref = normalizeRef(text, defaultKind) || undefined;
    setText(ref ?? '');
    if (ref !== value) onChange(ref);
  };
  return (
    <TextField
      id={props.id}
      label={props.label}
      placeholder={props.placeholder}
      size="small"
      variant="outlined"
      value={text}
      onChange={e => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={e => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

/** Toggles one value in a list, keeping the canonical order of `all`. */
function toggle<T>(all: readonly T[], list: T[], value: T, on: boolean): T[] {
  return all.filter(v => (v === value ? on : list.includes(v)));
}

/** Props of {@link ActionItemFilterBar}. */
export type ActionItemFilterBarProps = {
  filters: ActionItemFilters;
  onChange: (filters: ActionItemFilters) => void;
};

/** Team, owner, entity, priority and status filters of the action item review. */
export function ActionItemFilterBar(props: ActionItemFilterBarProps) {
  const { filters, onChange } = props;
  const teams = useTeams();
  // A team from a shared link stays selectable even if the catalog does not list it.
  const teamChoices =
    filters.team && !teams.some(t => t.ref === filters.team)
      ? [...teams, { ref: filters.team, label: filters.team }]
      : teams;

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 16 }}>
      <TextField
        select
        id="action-items-team"
        label="Team"
        size="small"
        variant="outlined"
        value={filters.team ?? ''}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        onChange={e =>
          onChange({ ...filters, team: e.target.value || undefined })
        }
      >
        <option value="">All teams</option>
        {teamChoices.map(t => (
          <option key={t.ref} value={t.ref}>
            {t.label}
          </option>
        ))}
      </TextField>
      <RefField
        id="action-items-owner"
        label="Owner"
        placeholder="user:alice or group:payments"
        defaultKind="user"
        value={filters.owner}
        onChange={owner => onChange({ ...filters, owner })}
      />
      <RefField
        id="action-items-entity"
        label="Entity"
        placeholder="component:payments-api"
        defaultKind="component"
        value={filters.entity}
        onChange={entity => onChange({ ...filters, entity })}
      />
      <FormControl component="fieldset">
        <FormLabel component="legend">Priority</FormLabel>
        <FormGroup row>
          {ACTION_ITEM_PRIORITIES.map(p => (
            <FormControlLabel
              key={p}
              label={p}
              control={
                <Checkbox
                  size="small"
                  checked={filters.priorities.includes(p)}
                  onChange={(_e, on) =>
                    onChange({
                      ...filters,
                      priorities: toggle(
                        ACTION_ITEM_PRIORITIES,
                        filters.priorities,
                        p,
                        on,
                      ),
                    })
                  }
                />
              }
            />
          ))}
        </FormGroup>
      </FormControl>
      <FormControl component="fieldset">
        <FormLabel component="legend">Status</FormLabel>
        <FormGroup row>
          {ACTION_ITEM_STATUSES.map(s => {
            const checked = filters.statuses.includes(s);
            return (
              <FormControlLabel
                key={s}
                label={STATUS_LABELS[s]}
                control={
                  <Checkbox
                    size="small"
                    checked={checked}
                    // The review always covers some status; the last one cannot be unticked.
                    disabled={checked && filters.statuses.length === 1}
                    onChange={(_e, on) =>
                      onChange({
                        ...filters,
                        statuses: toggle(
                          ACTION_ITEM_STATUSES,
                          filters.statuses,
                          s,
                          on,
                        ),
                      })
                    }
                  />
                }
              />
            );
          })}
        </FormGroup>
      </FormControl>
    </Box>
  );
}

import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Box, MenuItem, TextField } from '@material-ui/core';
import { useEffect, useState } from 'react';
import { RANGE_DAYS, RangeDays } from './metricsFormat';
import { useTeams } from '../../hooks/useTeams';

/** What the dashboard is filtered by; kept in the URL so a view can be shared. */
export type MetricsFilterValues = {
  days: RangeDays;
  /** An owning group's ref. */
  team?: string;
  /** A primary or affected entity's ref. */
  entity?: string;
};

/** `payments-api` → `component:default/payments-api`; `undefined` for blank or invalid text. */
export function toEntityRef(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(trimmed.toLocaleLowerCase('en-US'), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** Range, team and entity controls of the metrics dashboard. */
export function MetricsFilters(props: {
  value: MetricsFilterValues;
  onChange: (value: MetricsFilterValues) => void;
}) {
  const { value, onChange } = props;
  const teams = useTeams();
  const [entityText, setEntityText] = useState(value.entity ?? '');
  useEffect(() => setEntityText(value.entity ?? ''), [value.entity]);
  // Applied on Enter or blur, so that typing a ref is not a request per keystroke.
  const commitEntity = () => {
    const entity = toEntityRef(entityText);
    setEntityText(entity ?? '');
    if (entity !== value.entity) onChange({ ...value, entity });
  };
  // A team from the URL that the catalog does not list (yet) stays selectable.
  const teamOptions =
    value.team && !teams.some(t => t.ref === value.team)
      ? [...teams, { ref: value.team, label: value.team }]
      : teams;

  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={3}>
      <TextField
        select
        id="metrics-range"
        label="Time range"
        size="small"
        variant="outlined"
        value={value.days}
        onChange={e =>
          onChange({ ...value, days: Number(e.target.value) as RangeDays })
        }
        style={{ minWidth: 160 }}
      >
        {RANGE_DAYS.map(days => (
          <MenuItem key={days} value={days}>
            Last {days} days
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        id="metrics-team"
        label="Owner team"
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        size="small"
        variant="outlined"
        value={value.team ?? ''}
        onChange={e =>
          onChange({ ...value, team: e.target.value || undefined })
        }
        style={{ minWidth: 200 }}
      >
        <MenuItem value="">All teams</MenuItem>
        {teamOptions.map(team => (
          <MenuItem key={team.ref} value={team.ref}>
            {team.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="metrics-entity"
        label="Entity"
        InputLabelProps={{ shrink: true }}
        placeholder="component:default/payments-api"
        size="small"
        variant="outlined"
        value={entityText}
        onChange={e => setEntityText(e.target.value)}
        onBlur={commitEntity}
        onKeyDown={e => {
          if (e.key === 'Enter') commitEntity();
        }}
        style={{ minWidth: 280 }}
      />
    </Box>
  );
}

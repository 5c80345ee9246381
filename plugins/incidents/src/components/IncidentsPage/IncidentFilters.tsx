import {
  INCIDENT_STATUSES,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { Box, Button, MenuItem, TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { severityLabel } from '../../format';
import { incidentsTranslationRef } from '../../translation';
import {
  DEFAULT_FILTERS,
  ListFilters,
  ListSort,
  StatusChoice,
} from './listFilters';

/** How long typing pauses before the search applies. */
export const SEARCH_DEBOUNCE_MS = 400;

/**
 * A text filter applied on Enter or when the field loses focus, and with `debounceMs`
 * also once typing pauses: one request (and one pagination reset) per pause rather
 * than per keystroke.
 */
function CommitTextField(props: {
  id: string;
  label: string;
  value: string;
  placeholder?: string;
  debounceMs?: number;
  onCommit: (value: string) => void;
}) {
  const { value, onCommit, debounceMs } = props;
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  // The latest commit, so the timer applies what was typed last, not what it closed over.
  const commitRef = useRef(commit);
  commitRef.current = commit;
  useEffect(() => {
    if (debounceMs === undefined || draft.trim() === value) return undefined;
    const timer = setTimeout(() => commitRef.current(), debounceMs);
    return () => clearTimeout(timer);
  }, [draft, value, debounceMs]);
  return (
    <TextField
      id={props.id}
      label={props.label}
      placeholder={props.placeholder}
      value={draft}
      size="small"
      variant="outlined"
      onChange={e => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

/** Props of {@link IncidentFilters}. */
export type IncidentFiltersProps = {
  filters: ListFilters;
  onChange: (next: ListFilters) => void;
  severities: SeverityLevel[];
  /** Group refs offered for the owner filter; other refs may still be typed. */
  ownerOptions: string[];
};

/** The incident list's filters: status, severity, owner team, entity, text and dates. */
export function IncidentFilters(props: IncidentFiltersProps) {
  const { filters, onChange, severities } = props;
  const { t } = useTranslationRef(incidentsTranslationRef);
  const set = (patch: Partial<ListFilters>) =>
    onChange({ ...filters, ...patch });
  const isDefault =
    JSON.stringify({ ...filters, view: DEFAULT_FILTERS.view }) ===
    JSON.stringify(DEFAULT_FILTERS);

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 12 }}>
      <TextField
        select
        id="incidents-filter-status"
        label="Status"
        size="small"
        variant="outlined"
        value={filters.status}
        onChange={e => set({ status: e.target.value as StatusChoice })}
        style={{ minWidth: 160 }}
      >
        <MenuItem value="open">Open</MenuItem>
        <MenuItem value="all">All statuses</MenuItem>
        {INCIDENT_STATUSES.map(status => (
          <MenuItem key={status} value={status}>
            {status}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        id="incidents-filter-severity"
        label="Severity"
        size="small"
        variant="outlined"
        value={filters.severities}
        SelectProps={{
          multiple: true,
          renderValue: selected =>
            (selected as string[]).length
              ? (selected as string[]).join(', ')
              : 'Any',
          displayEmpty: true,
        }}
        InputLabelProps={{ shrink: true }}
        onChange={e =>
          set({ severities: e.target.value as unknown as string[] })
        }
        style={{ minWidth: 160 }}
      >
        {severities.map(level => (
          <MenuItem key={level.id} value={level.id}>
            {severityLabel(severities, level.id)}
          </MenuItem>
        ))}
      </TextField>
      <Autocomplete
        multiple
        freeSolo
        size="small"
        style={{ minWidth: 260 }}
        options={props.ownerOptions}
        value={filters.ownerRefs}
        onChange={(_e, value) => set({ ownerRefs: value as string[] })}
        renderInput={params => (
          <TextField
            {...params}
            label="Owner team"
            variant="outlined"
            placeholder={filters.ownerRefs.length ? '' : 'group:default/…'}
          />
        )}
      />
      <CommitTextField
        id="incidents-filter-entity"
        label="Entity"
        placeholder="component:default/…"
        value={filters.entityRef}
        onCommit={entityRef => set({ entityRef })}
      />
      <CommitTextField
        id="incidents-filter-q"
        label="Search"
        placeholder="Title, description or INC-…"
        value={filters.q}
        debounceMs={SEARCH_DEBOUNCE_MS}
        onCommit={q => set({ q })}
      />
      <TextField
        id="incidents-filter-from"
        label="Detected from (UTC)"
        type="date"
        size="small"
        variant="outlined"
        InputLabelProps={{ shrink: true }}
        value={filters.from}
        onChange={e => set({ from: e.target.value })}
      />
      <TextField
        id="incidents-filter-to"
        label="Detected to (UTC)"
        type="date"
        size="small"
        variant="outlined"
        InputLabelProps={{ shrink: true }}
        value={filters.to}
        onChange={e => set({ to: e.target.value })}
      />
      <TextField
        select
        id="incidents-sort"
        label={t('list.sort.label')}
        size="small"
        variant="outlined"
        value={filters.sort}
        onChange={e => set({ sort: e.target.value as ListSort })}
        style={{ minWidth: 200 }}
      >
        <MenuItem value="severity">{t('list.sort.severity')}</MenuItem>
        <MenuItem value="detected">{t('list.sort.detected')}</MenuItem>
      </TextField>
      <Button
        disabled={isDefault}
        onClick={() => onChange({ ...DEFAULT_FILTERS, view: filters.view })}
      >
        Clear filters
      </Button>
    </Box>
  );
}

import { Box, Button, Tab, Tabs, TextField } from '@material-ui/core';
import { FormEvent, useState } from 'react';
import {
  BuiltInView,
  DEFAULT_FILTERS,
  ListFilters,
  serializeListFilters,
} from './listFilters';
import { SavedView } from './useSavedViews';

const BUILT_IN: { view: BuiltInView; label: string }[] = [
  { view: 'all', label: 'All' },
  { view: 'mine', label: 'Mine' },
  { view: 'teams', label: 'My teams' },
];

/** Props of {@link IncidentViews}. */
export type IncidentViewsProps = {
  filters: ListFilters;
  savedViews: SavedView[];
  /** Applies a serialized filter query (a view). */
  onSelect: (query: string) => void;
  onSave: (name: string, query: string) => void;
  onDelete: (name: string) => void;
};

/**
 * The views of the list as tabs: the built-in "All", "Mine" and "My teams", then the
 * user's saved views. A saved view is active while the filters are exactly its filters,
 * so editing a filter visibly leaves it.
 */
export function IncidentViews(props: IncidentViewsProps) {
  const { filters, savedViews } = props;
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const current = serializeListFilters(filters);
  const activeSaved = savedViews.find(v => v.query === current);
  const active = activeSaved
    ? `saved:${activeSaved.name}`
    : `builtin:${filters.view}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    props.onSave(trimmed, current);
    setName('');
    setNaming(false);
  };

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      mb={2}
      style={{ gap: 8 }}
    >
      <Tabs
        value={active}
        onChange={(_e, value: string) => {
          if (value.startsWith('builtin:')) {
            const view = value.slice('builtin:'.length) as BuiltInView;
            props.onSelect(serializeListFilters({ ...DEFAULT_FILTERS, view }));
          } else {
            const saved = savedViews.find(v => `saved:${v.name}` === value);
            if (saved) props.onSelect(saved.query);
          }
        }}
        indicatorColor="primary"
        variant="scrollable"
        scrollButtons="auto"
        aria-label="Incident views"
      >
        {BUILT_IN.map(v => (
          <Tab key={v.view} value={`builtin:${v.view}`} label={v.label} />
        ))}
        {savedViews.map(v => (
          <Tab key={v.name} value={`saved:${v.name}`} label={v.name} />
        ))}
      </Tabs>
      {naming ? (
        <form onSubmit={submit} style={{ display: 'flex', gap: 8 }}>
          <TextField
            id="incidents-view-name"
            label="View name"
            size="small"
            variant="outlined"
            value={name}
            onChange={e => setName(e.target.value)}
          />
          <Button type="submit" color="primary" disabled={!name.trim()}>
            Save
          </Button>
          <Button onClick={() => setNaming(false)}>Cancel</Button>
        </form>
      ) : (
        <Button color="primary" onClick={() => setNaming(true)}>
          Save view…
        </Button>
      )}
      {activeSaved && (
        <Button onClick={() => props.onDelete(activeSaved.name)}>
          Delete view “{activeSaved.name}”
        </Button>
      )}
    </Box>
  );
}

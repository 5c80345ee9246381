import { InfoCard, MarkdownContent } from '@backstage/core-components';
import {
  Postmortem,
  POSTMORTEM_SECTIONS,
  PostmortemSectionKey,
} from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Chip,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@material-ui/core';
import { memo, useId, useState } from 'react';
import { useStableCallback } from './useStableCallback';

/** Texts the user typed but has not saved, by section. */
export type SectionDrafts = Partial<Record<PostmortemSectionKey, string>>;

/** The sections whose draft differs from the saved text, in document order. */
export function dirtySections(
  postmortem: Postmortem,
  drafts: SectionDrafts,
): PostmortemSectionKey[] {
  return POSTMORTEM_SECTIONS.map(s => s.key).filter(
    key =>
      drafts[key] !== undefined && drafts[key] !== postmortem.sections[key],
  );
}

// Memoised with stable callbacks so a keystroke re-renders one section, not fifteen.
const SectionEditor = memo(function SectionEditorContent(props: {
  sectionKey: PostmortemSectionKey;
  title: string;
  text: string;
  dirty: boolean;
  readOnly: boolean;
  saving: boolean;
  onChange: (key: PostmortemSectionKey, text: string) => void;
  onSave: (key: PostmortemSectionKey) => void;
}) {
  const { sectionKey, title, text, dirty, readOnly, saving } = props;
  const id = useId();
  // Published postmortems cannot change, so they open on the rendered text.
  const [tab, setTab] = useState<'write' | 'preview'>(
    readOnly ? 'preview' : 'write',
  );
  return (
    <Box mb={3}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="h6" component="h3">
          {title}
        </Typography>
        {dirty && <Chip size="small" color="secondary" label="unsaved" />}
      </Box>
      {!readOnly && (
        <Tabs
          value={tab}
          onChange={(_e, value) => setTab(value)}
          aria-label={`${title} mode`}
          indicatorColor="primary"
        >
          <Tab value="write" label="Write" />
          <Tab value="preview" label="Preview" />
        </Tabs>
      )}
      {tab === 'write' && !readOnly ? (
        <>
          <TextField
            id={id}
            label={title}
            value={text}
            onChange={e => props.onChange(sectionKey, e.target.value)}
            multiline
            minRows={3}
            fullWidth
            variant="outlined"
            margin="dense"
            helperText="Markdown"
          />
          <Button
            size="small"
            variant="outlined"
            color="primary"
            disabled={!dirty || saving}
            onClick={() => props.onSave(sectionKey)}
          >
            {`Save ${title}`}
          </Button>
        </>
      ) : (
        <Box mt={1}>
          {text.trim() ? (
            <MarkdownContent content={text} />
          ) : (
            <Typography variant="body2" color="textSecondary">
              Not written yet.
            </Typography>
          )}
        </Box>
      )}
    </Box>
  );
});

/** Props of {@link SectionsCard}. */
export type SectionsCardProps = {
  postmortem: Postmortem;
  drafts: SectionDrafts;
  readOnly: boolean;
  saving: boolean;
  onDraftChange: (key: PostmortemSectionKey, text: string) => void;
  /** Saves the given sections, which are all dirty. */
  onSave: (keys: PostmortemSectionKey[]) => void;
  /** Shown under the "Save all" button: the last refused save. */
  error?: React.ReactNode;
};

/** Every postmortem section in document order, each written in Markdown with a preview. */
export const SectionsCard = memo(function SectionsCardContent(
  props: SectionsCardProps,
) {
  const { postmortem, drafts, readOnly, saving, onDraftChange, onSave } = props;
  const dirty = dirtySections(postmortem, drafts);
  const saveOne = useStableCallback((key: PostmortemSectionKey) =>
    onSave([key]),
  );
  return (
    <InfoCard title="Sections">
      {!readOnly && (
        <Box
          display="flex"
          alignItems="center"
          style={{ gap: 8 }}
          mb={2}
          flexWrap="wrap"
        >
          <Button
            variant="contained"
            color="primary"
            disabled={dirty.length === 0 || saving}
            onClick={() => onSave(dirty)}
          >
            Save all changes
          </Button>
          <Typography variant="body2" color="textSecondary">
            {dirty.length === 0
              ? 'All sections saved.'
              : `${dirty.length} unsaved section${dirty.length > 1 ? 's' : ''}`}
          </Typography>
        </Box>
      )}
      {props.error}
      {POSTMORTEM_SECTIONS.map(({ key, title }) => (
        <SectionEditor
          key={key}
          sectionKey={key}
          title={title}
          text={
            (readOnly ? undefined : drafts[key]) ??
            postmortem.sections[key] ??
            ''
          }
          dirty={dirty.includes(key)}
          readOnly={readOnly}
          saving={saving}
          onChange={onDraftChange}
          onSave={saveOne}
        />
      ))}
    </InfoCard>
  );
});

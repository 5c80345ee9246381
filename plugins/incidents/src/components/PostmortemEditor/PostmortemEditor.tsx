import { useApi } from '@backstage/core-plugin-api';
import {
  FiveWhy,
  Incident,
  Postmortem,
  PostmortemSectionKey,
  PostmortemSections,
  PostmortemStatus,
} from '@firebreak/plugin-incidents-common';
import { Grid, makeStyles } from '@material-ui/core';
import { useCallback, useMemo, useState } from 'react';
import { useStableCallback } from './useStableCallback';
import { incidentsApiRef } from '../../api';
import { useCanUpdateIncident } from '../../hooks/useIncidentPermissions';
import { ActionItemsCard } from './ActionItemsCard';
import { FiveWhysCard } from './FiveWhysCard';
import { PostmortemHeader } from './PostmortemHeader';
import { RecurrenceCard } from './RecurrenceCard';
import { RunbookReviewCard } from '../RunbookFollowUps';
import { ReviewCard } from './ReviewCard';
import { SectionDrafts, SectionsCard } from './SectionsCard';
import { TimelineCard } from './TimelineCard';
import { WriteError } from './WriteError';

/** Props of {@link PostmortemEditor}. */
export type PostmortemEditorProps = {
  incident: Incident;
  /** The postmortem as last loaded; a newer one (after a reload) replaces our own writes. */
  postmortem: Postmortem;
  /** The signed-in user's entity ref. */
  userRef?: string;
  /** Loads the postmortem again, e.g. after someone else changed it (409). */
  onReload: () => void;
  /** Fixed "now" for overdue checks; tests pass one. */
  now?: Date;
};

const useStyles = makeStyles(theme => ({
  // A long word (a URL in the timeline) must wrap: its width would otherwise count
  // against the narrow side column and push the whole page wider than the screen.
  root: { minWidth: 0, overflowWrap: 'anywhere' },
  // Review first: it holds the postmortem's next step.
  side: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(3),
    minWidth: 0,
  },
}));

type WriteSource = 'sections' | 'whys' | 'review' | 'due';

const sameWhys = (a: FiveWhy[], b: FiveWhy[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * A loaded postmortem, editable until it is published. Unsaved text lives here rather than
 * in the cards so that a reload after a conflict (409) fetches the newest version without
 * losing what the user typed.
 */
export function PostmortemEditor(props: PostmortemEditorProps) {
  const { incident, onReload } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const classes = useStyles();
  const [written, setWritten] = useState<Postmortem>();
  const [drafts, setDrafts] = useState<SectionDrafts>({});
  const [whysDraft, setWhysDraft] = useState<FiveWhy[]>();
  const [busy, setBusy] = useState(false);
  const [writeError, setWriteError] = useState<{
    source: WriteSource;
    error: Error;
  }>();
  const postmortem =
    written && written.version > props.postmortem.version
      ? written
      : props.postmortem;
  // Readers the permission policy does not let change the incident get no editors (once
  // it answered: writers should not see the editors vanish and come back).
  const canUpdate = useCanUpdateIncident(postmortem.incidentId);
  const readOnly =
    postmortem.status === 'published' ||
    (!canUpdate.loading && !canUpdate.allowed);
  // Fixed for the page's lifetime so the memoised cards are not re-rendered by the clock.
  const now = useMemo(() => props.now ?? new Date(), [props.now]);

  const write = useStableCallback(
    async (
      source: WriteSource,
      action: (version: number) => Promise<Postmortem>,
    ): Promise<Postmortem | undefined> => {
      setBusy(true);
      setWriteError(undefined);
      try {
        const saved = await action(postmortem.version);
        setWritten(saved);
        return saved;
      } catch (e) {
        setWriteError({ source, error: e as Error });
        return undefined;
      } finally {
        setBusy(false);
      }
    },
  );

  const reload = useStableCallback(() => {
    setWriteError(undefined);
    onReload();
  });
  // Only the card whose write failed gets an element, so the others stay memoised.
  const errorOf = (source: WriteSource, title: string) =>
    writeError?.source === source ? (
      <WriteError error={writeError.error} title={title} onReload={reload} />
    ) : undefined;

  const saveSections = useStableCallback(
    async (keys: PostmortemSectionKey[]) => {
      const sent: Partial<PostmortemSections> = {};
      for (const key of keys) sent[key] = drafts[key];
      const saved = await write('sections', version =>
        incidentsApi.updatePostmortem(postmortem.id, {
          sections: sent,
          version,
        }),
      );
      if (saved) {
        // Text typed while the request was on its way stays unsaved.
        setDrafts(current => {
          const next = { ...current };
          for (const key of keys) {
            if (next[key] === sent[key]) delete next[key];
          }
          return next;
        });
      }
    },
  );

  const whys = whysDraft ?? postmortem.fiveWhys;
  const whysDirty =
    whysDraft !== undefined && !sameWhys(whysDraft, postmortem.fiveWhys);
  const saveWhys = useStableCallback(async () => {
    const sent = whys;
    const saved = await write('whys', version =>
      incidentsApi.updatePostmortem(postmortem.id, { fiveWhys: sent, version }),
    );
    if (saved) {
      setWhysDraft(current =>
        current && sameWhys(current, sent) ? undefined : current,
      );
    }
  });

  const savedSections = postmortem.sections;
  const insertIntoSection = useCallback(
    (key: PostmortemSectionKey, markdown: string) =>
      setDrafts(current => {
        const text = current[key] ?? savedSections[key] ?? '';
        return {
          ...current,
          [key]: text.trim() ? `${text.trimEnd()}\n\n${markdown}` : markdown,
        };
      }),
    [savedSections],
  );
  const changeDraft = useCallback(
    (key: PostmortemSectionKey, text: string) =>
      setDrafts(current => ({ ...current, [key]: text })),
    [],
  );

  const move = useStableCallback((to: PostmortemStatus) =>
    write('review', version =>
      incidentsApi.transitionPostmortem(postmortem.id, to, { version }),
    ),
  );
  const changeDue = useStableCallback((dueAt: string | null) =>
    write('due', version =>
      incidentsApi.updatePostmortem(postmortem.id, { dueAt, version }),
    ),
  );
  const addReviewer = useStableCallback((userRef: string) =>
    write('review', () =>
      incidentsApi.addPostmortemReviewer(postmortem.id, userRef),
    ),
  );
  const removeReviewer = useStableCallback((userRef: string) =>
    write('review', () =>
      incidentsApi.removePostmortemReviewer(postmortem.id, userRef),
    ),
  );
  const approve = useStableCallback(() =>
    write('review', () => incidentsApi.approvePostmortem(postmortem.id)),
  );

  // A follow-up made in the runbooks card is an action item too: read them again.
  const [followUps, setFollowUps] = useState(0);
  const followUpCreated = useCallback(() => setFollowUps(n => n + 1), []);

  return (
    <Grid container spacing={3} className={classes.root}>
      <Grid item xs={12}>
        <PostmortemHeader
          incident={incident}
          postmortem={postmortem}
          busy={busy}
          now={now}
          onDueChange={changeDue}
        />
        {errorOf('due', 'Due date not saved')}
      </Grid>
      <Grid item xs={12} md={8}>
        <SectionsCard
          postmortem={postmortem}
          drafts={drafts}
          readOnly={readOnly}
          saving={busy}
          onDraftChange={changeDraft}
          onSave={saveSections}
          error={errorOf('sections', 'Sections not saved')}
        />
      </Grid>
      <Grid item xs={12} md={4} className={classes.side}>
        <ReviewCard
          postmortem={postmortem}
          userRef={props.userRef}
          busy={busy}
          onAddReviewer={addReviewer}
          onRemoveReviewer={removeReviewer}
          onApprove={approve}
          onMove={move}
          error={errorOf('review', 'Review not updated')}
        />
        <TimelineCard
          timeline={postmortem.timeline}
          readOnly={readOnly}
          onInsert={insertIntoSection}
        />
        <RecurrenceCard postmortemId={postmortem.id} />
      </Grid>
      <Grid item xs={12} md={8}>
        <FiveWhysCard
          whys={whys}
          dirty={whysDirty}
          readOnly={readOnly}
          saving={busy}
          onChange={setWhysDraft}
          onSave={saveWhys}
          error={errorOf('whys', 'Five whys not saved')}
        />
      </Grid>
      <Grid item xs={12}>
        <RunbookReviewCard
          incidentId={incident.id}
          onCreated={followUpCreated}
        />
      </Grid>
      <Grid item xs={12}>
        <ActionItemsCard
          incidentId={incident.id}
          postmortemId={postmortem.id}
          now={props.now}
          refreshKey={followUps}
        />
      </Grid>
    </Grid>
  );
}

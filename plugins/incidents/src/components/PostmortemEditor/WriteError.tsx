import { Box, Button } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { isConflict } from './editorRules';

/** Props of {@link WriteError}. */
export type WriteErrorProps = {
  error?: Error;
  /** What did not happen, e.g. "Sections not saved". */
  title: string;
  /** Fetches the newest postmortem; typed text is kept by the editor. */
  onReload: () => void;
};

/**
 * A refused write. A stale version (409) gets a plain "reload" notice rather than an error
 * panel, because nothing is broken: someone else saved first, and the user's text is kept.
 */
export function WriteError(props: WriteErrorProps) {
  const { error, title, onReload } = props;
  if (!error) return null;
  if (isConflict(error)) {
    return (
      <Box my={1}>
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={onReload}>
              Reload
            </Button>
          }
        >
          This postmortem was changed by someone else — reload to get their
          changes. Your unsaved text stays in the editor; save it again after
          reloading.
        </Alert>
      </Box>
    );
  }
  return (
    <Box my={1}>
      <IncidentsErrorPanel error={error} title={title} />
    </Box>
  );
}

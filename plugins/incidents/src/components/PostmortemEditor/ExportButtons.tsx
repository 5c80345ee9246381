import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, Typography } from '@material-ui/core';
import { useState } from 'react';
import { incidentsApiRef } from '../../api';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';

/** Props of {@link ExportButtons}. */
export type ExportButtonsProps = {
  postmortemId: number;
  /** The incident reference, used to name the downloaded file. */
  incidentRef: string;
};

function saveFile(name: string, text: string) {
  const url = URL.createObjectURL(
    new Blob([text], { type: 'text/markdown;charset=utf-8' }),
  );
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

/**
 * Download and copy the postmortem as Markdown. The text comes from the backend's export so
 * that the file matches what search and notifications show.
 */
export function ExportButtons(props: ExportButtonsProps) {
  const { postmortemId, incidentRef } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [copied, setCopied] = useState(false);
  const canCopy =
    typeof navigator !== 'undefined' && !!navigator.clipboard?.writeText;

  const run = async (action: (markdown: string) => Promise<void> | void) => {
    setBusy(true);
    setError(undefined);
    setCopied(false);
    try {
      await action(await incidentsApi.getPostmortemMarkdown(postmortemId));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() =>
            run(markdown => saveFile(`${incidentRef}-postmortem.md`, markdown))
          }
        >
          Download Markdown
        </Button>
        {canCopy && (
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() =>
              run(async markdown => {
                await navigator.clipboard.writeText(markdown);
                setCopied(true);
              })
            }
          >
            Copy Markdown
          </Button>
        )}
      </Box>
      {copied && (
        <Typography variant="body2" role="status">
          Markdown copied to the clipboard.
        </Typography>
      )}
      {error && <IncidentsErrorPanel error={error} title="Could not export" />}
    </Box>
  );
}

import { Alert } from '@material-ui/lab';
import { IncidentsErrorPanel, isNotAllowed } from '../IncidentsErrorPanel';

/**
 * A refused maintenance change with the backend's reason in view (which field was
 * wrong), rather than folded into an error panel's details; permission refusals get
 * the usual explanation.
 */
export function MaintenanceError(props: { error: Error; what: string }) {
  const { error, what } = props;
  if (isNotAllowed(error)) {
    return <IncidentsErrorPanel error={error} title={what} />;
  }
  const reason =
    (error as { cause?: { message?: string } }).cause?.message || error.message;
  return (
    <Alert severity="error">
      {what}: {reason}
    </Alert>
  );
}

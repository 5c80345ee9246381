import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';

type MaybeResponseError = Error & {
  statusCode?: number;
  cause?: { name?: string; message?: string };
};

/** Whether the backend refused for lack of permission (403 / NotAllowedError). */
export function isNotAllowed(error: Error): boolean {
  const e = error as MaybeResponseError;
  return (
    e.name === 'NotAllowedError' ||
    e.statusCode === 403 ||
    e.cause?.name === 'NotAllowedError'
  );
}

/** Shows a failed request; a permission refusal gets a plain explanation, not a stack. */
export function IncidentsErrorPanel(props: { error: Error; title?: string }) {
  const { error } = props;
  if (isNotAllowed(error)) {
    const message =
      (error as MaybeResponseError).cause?.message ?? error.message;
    return (
      <WarningPanel
        severity="warning"
        title={props.title ?? 'You are not allowed to see these incidents'}
        message={message}
        defaultExpanded
      />
    );
  }
  return <ResponseErrorPanel error={error} title={props.title} />;
}

import { Link, Progress } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { ReactNode } from 'react';
import { IncidentsErrorPanel } from '../components/IncidentsErrorPanel';

/** Props of {@link WidgetBody}. */
export type WidgetBodyProps<T> = {
  state: { loading: boolean; error?: Error; value?: T };
  /** Title of the error panel when loading fails. */
  errorTitle: string;
  children: (value: T) => ReactNode;
};

/** A widget's loading, error and loaded states, the same in every Firebreak widget. */
export function WidgetBody<T>(props: WidgetBodyProps<T>) {
  const { state } = props;
  if (state.error) {
    return <IncidentsErrorPanel error={state.error} title={props.errorTitle} />;
  }
  if (state.value === undefined) {
    return <Progress />;
  }
  return <>{props.children(state.value)}</>;
}

/** A quiet line for "nothing here", saying what would appear. */
export function WidgetEmpty(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}

/** The link under a widget's list to the page that shows everything. */
export function WidgetMore(props: { to: string; children: ReactNode }) {
  return (
    <Box mt={1}>
      <Link to={props.to}>{props.children}</Link>
    </Box>
  );
}

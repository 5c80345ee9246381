import { Grid } from '@material-ui/core';
import { SeverityPolicyCard } from '../SeverityPolicyCard';

/** The Incidents tab of an entity page. */
export function EntityIncidentsContent() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SeverityPolicyCard />
      </Grid>
    </Grid>
  );
}

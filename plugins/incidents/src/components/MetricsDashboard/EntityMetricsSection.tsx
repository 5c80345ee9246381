/** Metrics of one entity, for its Incidents tab. */
export function EntityMetricsSection(_props: { entityRef: string }) {
  return <div>Entity metrics</div>;
}

/**
 * The incident metrics dashboard across services.
 * `withHeader` adds a page header for the legacy app; the new frontend system adds its own.
 */
export function MetricsDashboardPage(_props: { withHeader?: boolean }) {
  return <div>Metrics</div>;
}

/**
 * The SRE's review of action items across services.
 * `withHeader` adds a page header for the legacy app; the new frontend system adds its own.
 */
export function ActionItemsPage(_props: { withHeader?: boolean }) {
  return <div>Action items</div>;
}

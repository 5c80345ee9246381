/** Alerts that matched no entity, newest first. */
export function UnroutedAlertsInbox() {
  return <div>Unrouted alerts</div>;
}

/** The postmortem editor of the incident in the route (`/:id/postmortem`). */
export function PostmortemEditorPage() {
  return <div>Postmortem editor</div>;
}

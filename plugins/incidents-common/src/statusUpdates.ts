import { IncidentStatus } from './types';

/** Statuses that have a status-update template. */
export type StatusUpdateTemplateStatus = Extract<
  IncidentStatus,
  'investigating' | 'identified' | 'monitoring' | 'resolved'
>;

/**
 * Status-update templates per status. `{{name}}` placeholders take the variables of
 * {@link renderStatusUpdate}: ref, title, severity, status, entity, impact, nextUpdate.
 */
export const STATUS_UPDATE_TEMPLATES: Record<
  StatusUpdateTemplateStatus,
  string
> = {
  investigating:
    '{{ref}} ({{severity}}) {{title}}: we are investigating reports of {{impact}} affecting {{entity}}. Next update by {{nextUpdate}}.',
  identified:
    '{{ref}} ({{severity}}) {{title}}: the cause has been identified and a fix is being worked on. Impact: {{impact}}. Next update by {{nextUpdate}}.',
  monitoring:
    '{{ref}} ({{severity}}) {{title}}: a fix has been applied and we are monitoring {{entity}}. Next update by {{nextUpdate}}.',
  resolved:
    '{{ref}} ({{severity}}) {{title}}: this incident has been resolved. A postmortem will follow where required.',
};

/** The template for a status, falling back to the investigating one for early statuses. */
export function statusUpdateTemplateFor(status: IncidentStatus): string {
  return (
    STATUS_UPDATE_TEMPLATES[status as StatusUpdateTemplateStatus] ??
    STATUS_UPDATE_TEMPLATES.investigating
  );
}

/** Fills `{{name}}` placeholders; unknown names are left visible so a typo shows. */
export function renderStatusUpdate(
  template: string,
  variables: Record<string, string | undefined>,
): string {
  return template.replace(
    /\{\{\s*([a-zA-Z]+)\s*\}\}/g,
    (whole, name: string) => {
      const value = variables[name];
      return value === undefined || value === '' ? whole : value;
    },
  );
}

import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * The Incidents plugin's UI strings. Apps translate or reword them with
 * `createTranslationMessages({ ref: incidentsTranslationRef, messages })`; the
 * nested keys below are joined with dots (`page.title`, `table.columns.ref`).
 *
 * @alpha
 */
export const incidentsTranslationRef = createTranslationRef({
  id: 'incidents',
  messages: {
    page: {
      title: 'Incidents',
    },
    actionItemsPage: {
      title: 'Action items',
    },
    metricsPage: {
      title: 'Incident metrics',
    },
    entityContent: {
      title: 'Incidents',
    },
    nav: {
      ariaLabel: 'Incidents pages',
      incidents: 'Incidents',
      unroutedAlerts: 'Unrouted alerts',
      unroutedAlertsWithCount: 'Unrouted alerts ({{shown}})',
      actionItems: 'Action items',
      metrics: 'Metrics',
    },
    table: {
      columns: {
        ref: 'Ref',
        title: 'Title',
        severity: 'Severity',
        status: 'Status',
        ageTarget: 'Age / target',
        duration: 'Duration',
        commander: 'Commander',
      },
      unassigned: 'Unassigned',
      targetMissed: '{{elapsed}} (target missed)',
    },
    list: {
      title: 'Incidents',
      empty: 'No incidents match these filters.',
      emptyTeamless:
        'You are not a member of any team, so "My teams" has no incidents.',
      previousPage: 'Previous page',
      nextPage: 'Next page',
    },
    entityTab: {
      declareButton: 'Declare incident',
      openIncidents: 'Open incidents',
      openIncidentsEmpty: 'No open incidents on this entity.',
      recentlyResolved: 'Recently resolved',
      recentlyResolvedEmpty: 'Nothing resolved recently.',
      more: {
        ariaLabel: 'More about this entity',
        runbooks: 'Alerts and runbooks',
        postmortems: 'Postmortems',
        metrics: 'Metrics',
        policy: 'Severity policy',
      },
    },
    declareDialog: {
      title: 'Declare incident',
      declaredTitle: 'Declared {{ref}}',
      notDeclared: 'Not declared',
      ok: 'OK',
      cancel: 'Cancel',
      submit: 'Declare',
      fields: {
        title: 'Title',
        severity: 'Severity',
        description: 'Description',
        impactType: 'Impact type',
        impactTypeUnknown: 'Not known yet',
        reportedBy: 'Reported by',
        reportedByPlaceholder: 'Customer ticket, monitor, person',
        customers: 'Customers affected',
        systems: 'Systems or hostnames affected',
        systemsHelp: 'Separated by commas',
        users: 'Users or regions affected',
        affected: 'Affected entities',
        affectedHelp:
          'Entity refs separated by commas; the first is the primary entity.',
      },
    },
    cards: {
      incidents: {
        title: 'Incidents',
        loadError: 'Could not load incidents',
        noneOpen: 'No open incidents',
        open_one: '{{count}} open incident',
        open_other: '{{count}} open incidents',
        latest: 'Latest incident',
        detected: 'Detected {{time}}',
        never: 'This entity has never had an incident.',
      },
      oncall: {
        title: 'On call',
        loadError: 'Could not load who is on call',
      },
      runbooks: {
        title: 'Runbooks',
        loadError: 'Could not load runbooks',
        allCovered: 'Every alert has a runbook',
        missing_one: '{{count}} alert without a runbook',
        missing_other: '{{count}} alerts without a runbook',
      },
    },
    actionItems: {
      openGroup: 'Open and in progress',
      openGroupEmpty:
        'No other open or in-progress action items match these filters.',
      doneGroup: "Done and won't do",
      doneGroupEmpty: "No done or won't-do action items match these filters.",
    },
    metrics: {
      allIncidents: 'All incidents',
    },
    unrouted: {
      tableTitle: 'Unrouted alerts',
      tableTitleOpen: 'Open unrouted alerts',
      openOnly: 'Open alerts only',
      loadError: 'Could not load alerts',
      emptyTitle: 'No unrouted alerts',
      emptyOpen: 'Every open alert reached an entity.',
      emptyAll: 'Every alert received so far reached an entity.',
      howToRoute: 'How to route',
      howToRouteAria: 'How to route {{name}}',
      source: 'Source',
      sourceAria: 'Source of {{name}}',
      lastSeen: 'Last {{at}}',
      firstSeen: 'First {{at}}',
      previousPage: 'Previous page',
      nextPage: 'Next page',
      columns: {
        alert: 'Alert',
        source: 'Source',
        senderSeverity: 'Sender severity',
        summary: 'Summary',
        labels: 'Labels',
        count: 'Count',
        seen: 'Seen',
      },
    },
    severityPolicy: {
      title: 'Severity policy',
      pagesYes: 'Yes',
      pagesNo: 'No (team notified)',
      postmortemRequired: 'Required',
      postmortemOptional: 'Optional',
      columns: {
        severity: 'Severity',
        when: 'When',
        pages: 'Pages on-call',
        acknowledgeWithin: 'Acknowledge within',
        resolveWithin: 'Resolve within',
        postmortem: 'Postmortem',
      },
    },
  },
});

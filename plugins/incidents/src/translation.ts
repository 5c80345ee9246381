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
    oncallPage: {
      title: 'On-call',
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
      oncall: 'On-call',
    },
    table: {
      columns: {
        incident: 'Incident',
        ref: 'Ref',
        title: 'Title',
        severity: 'Severity',
        status: 'Status',
        ageTarget: 'Age / target',
        duration: 'Duration',
        commander: 'Commander',
        service: 'Service',
        owner: 'Owner',
      },
      unassigned: 'Unassigned',
      noOwner: 'No owner',
      targetMissed: '{{elapsed}} (target missed)',
    },
    list: {
      title: 'Incidents',
      empty: 'No incidents match these filters.',
      emptyTeamless:
        'You are not a member of any team, so "My teams" has no incidents.',
      previousPage: 'Previous page',
      nextPage: 'Next page',
      sort: {
        label: 'Sort',
        severity: 'Severity, then oldest',
        detected: 'Newest first',
      },
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
        allCovered: 'Every alert has its own runbook',
        missing_one: '{{count}} alert without a runbook',
        missing_other: '{{count}} alerts without a runbook',
        fallbackOnly_one: '{{count}} alert only has the fallback runbook',
        fallbackOnly_other: '{{count}} alerts only have the fallback runbook',
        noAlerts: 'No alerts listed or fired yet',
      },
    },
    runbookCoverage: {
      summary_one:
        'Own runbook for {{own}} of {{count}} fired alert ({{percent}}) · fallback only {{fallback}} · none {{none}}',
      summary_other:
        'Own runbook for {{own}} of {{count}} fired alerts ({{percent}}) · fallback only {{fallback}} · none {{none}}',
      noneFired: 'No alerts fired in the last 90 days',
      noneFiredInRange: 'No alerts fired in this range',
      ownRunbook: 'Runbook',
      fallbackRunbook: 'Fallback runbook',
      missingRunbook: 'Missing runbook',
    },
    lifecycle: {
      acknowledge: 'Acknowledge',
      resolve: 'Resolve',
      reopen: 'Reopen',
      more: 'Other status changes',
      controlsLabel: 'Status changes',
      moveTo: {
        acknowledged: 'Mark acknowledged',
        investigating: 'Mark investigating',
        identified: 'Mark identified',
        monitoring: 'Mark monitoring',
        resolved: 'Resolve…',
        declined: 'Decline…',
        triggered: 'Mark triggered',
      },
      notChanged: 'Status not changed',
      final: 'This incident is {{status}}; it can no longer change status.',
      notAllowed:
        'You may read this incident but not change it: the permission policy does not allow you to update it.',
      resolveDialog: {
        title: 'Resolve {{ref}}',
        label: 'Resolution summary',
        help: 'What fixed it, in a sentence or two. It goes on the timeline.',
        submit: 'Resolve',
      },
      declineDialog: {
        title: 'Decline {{ref}}',
        label: 'Why it is not an incident',
        help: 'Declined incidents cannot change status again.',
        submit: 'Decline',
      },
      cancel: 'Cancel',
      stepSkipped: 'skipped',
      stepperLabel: 'Incident status',
    },
    statusUpdates: {
      notAllowed:
        'You may not post status updates: the permission policy does not allow you to update this incident.',
    },
    postmortemPanel: {
      startNotAllowed:
        'You may not start its postmortem: the permission policy does not allow you to update this incident.',
    },
    permissions: {
      declareNotAllowed:
        'The permission policy does not allow you to declare incidents.',
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
      actionItemsScope:
        'Of the incidents detected in this range; the action items page lists every outstanding item',
      reviewAllActionItems: 'Review all action items',
      entityActionItems:
        'Action items of these incidents: {{overdue}} overdue of {{total}}',
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
      senderSeverity: 'Sender severity: {{severity}}',
      previousPage: 'Previous page',
      nextPage: 'Next page',
      columns: {
        alert: 'Alert',
        source: 'Source',
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

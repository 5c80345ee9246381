import { IncidentStatus } from '@firebreak/plugin-incidents-common';
import {
  IncidentsSeedContext,
  IncidentsSeedWriter,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';
import {
  DEMO_SERVICES,
  DISPLAY_NAMES,
  DemoScenario,
  DemoService,
  OPEN_INCIDENTS,
  UNROUTED_ALERTS,
} from './demoScenarios';

// Minutes to acknowledge and to resolve, per severity: [typical, spread].
const TIMINGS: Record<
  string,
  { ack: [number, number]; resolve: [number, number] }
> = {
  P1: { ack: [4, 6], resolve: [50, 60] },
  P2: { ack: [10, 15], resolve: [150, 200] },
  P3: { ack: [35, 60], resolve: [600, 900] },
  P4: { ack: [120, 240], resolve: [3000, 5000] },
  P5: { ack: [300, 600], resolve: [5000, 8000] },
};

const HISTORY_DAYS = 90;
const HISTORY_INCIDENTS = 320;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// Days from the postmortem to an action item's due date, by its priority: [min, spread].
const DUE_DAYS: Record<string, [number, number]> = {
  P1: [5, 9],
  P2: [12, 16],
  P3: [20, 25],
};

/** One incident of the history: a scenario happening on its service at an instant. */
type Occurrence = {
  service: DemoService;
  scenario: DemoScenario;
  severity: string;
  detectedAt: number;
};

/** Earlier incidents of a scenario on its entity, for the postmortem's recurrence section. */
type Earlier = { ref: string; severity: string; detectedAt: number };

const user = (name: string) => `user:default/${name}`;

/** A small seeded PRNG (mulberry32), so every fresh demo database tells the same story. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(rnd: () => number, items: Array<[T, number]>): T {
  let roll = rnd() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll <= 0) return item;
  }
  return items[items.length - 1][0];
}

const utcTime = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The history as recurring problems: a scenario, once it happens on a service, tends to
 * come back (same entity, same alert, same title) until its fix lands, so a postmortem's
 * similar earlier incidents are the same trouble seen before.
 */
function planHistory(rnd: () => number, now: number): Occurrence[] {
  const start = now - HISTORY_DAYS * DAY;
  const end = now - 3 * DAY;
  const scenarios = DEMO_SERVICES.flatMap(service =>
    service.scenarios.map(
      scenario =>
        [{ service, scenario }, scenario.weight] as [
          { service: DemoService; scenario: DemoScenario },
          number,
        ],
    ),
  );
  const occurrences: Occurrence[] = [];
  while (occurrences.length < HISTORY_INCIDENTS) {
    const { service, scenario } = weighted(rnd, scenarios);
    const severities = Object.entries(scenario.severities) as Array<
      [string, number]
    >;
    // A major problem comes back within a day or so until its fix lands; a minor one recurs
    // over weeks. Both keep their entity, alert and title.
    const major = !!scenario.postmortem;
    const times = 1 + Math.floor(rnd() * (major ? 3 : 4));
    let detectedAt = start + rnd() * (end - start);
    for (let i = 0; i < times && detectedAt < end; i++) {
      occurrences.push({
        service,
        scenario,
        severity: weighted(rnd, severities),
        detectedAt,
      });
      detectedAt += (major ? 0.05 + rnd() * 1.5 : 1 + rnd() * 9) * DAY;
    }
  }
  return occurrences
    .slice(0, HISTORY_INCIDENTS)
    .sort((a, b) => a.detectedAt - b.detectedAt);
}

/** An Alertmanager-style alert about a service, routed by its `service` label. */
function alertFor(
  service: DemoService,
  alert: { name: string; summary: string },
  dedupKey: string,
  severity: string,
): NormalizedAlert {
  const entityName = service.entityRef.split('/')[1];
  return {
    action: 'trigger',
    dedupKey,
    name: alert.name,
    summary: alert.summary,
    // The severity this occurrence was paged with; without it, joining the incident
    // would raise it to the alert table's level.
    severity,
    labels: {
      alertname: alert.name,
      service: entityName,
      env: 'prod',
      severity,
    },
    annotations: { summary: alert.summary },
    sourceUrl: `https://prometheus.example.com/graph?g0.expr=ALERTS%7Balertname%3D%22${alert.name}%22%7D`,
  };
}

function recurrenceText(
  earlier: Earlier[],
  detectedAt: number,
  alerted: boolean,
): string {
  if (!earlier.length) {
    return 'First time we have seen this problem on this service.';
  }
  const weeks = Math.max(
    1,
    Math.round((detectedAt - earlier[0].detectedAt) / (7 * DAY)),
  );
  const latest = earlier
    .slice(-5)
    .reverse()
    .map(e => `- ${e.ref} (${e.severity}, ${utcDay(e.detectedAt)})`)
    .join('\n');
  return `Seen ${earlier.length + 1} times in ${weeks} week${
    weeks === 1 ? '' : 's'
  } on this service${
    alerted ? ', with the same alert' : ''
  }; the latest before this one:\n${latest}`;
}

/**
 * Resolving a P1/P2 starts its postmortem (the policy requires one). Older ones are
 * written up, reviewed and published; recent ones are still drafts or in review; their
 * action items are partly done, partly open, some overdue.
 */
async function writePostmortem(
  at: (ms: number) => IncidentsSeedWriter,
  options: {
    incidentId: number;
    occurrence: Occurrence;
    responder: string;
    acknowledgedAt: number;
    resolvedAt: number;
    earlier: Earlier[];
    /** How many action items this scenario has had so far, to vary the next ones. */
    itemsSoFar: number;
    nextTicket: () => string;
    rnd: () => number;
  },
) {
  const { incidentId, occurrence, responder, resolvedAt, earlier, rnd } =
    options;
  const { service, scenario, detectedAt } = occurrence;
  const content = scenario.postmortem;
  const postmortem = await at(resolvedAt).postmortemFor(incidentId);
  if (!postmortem || !content) return 0;
  const reviewer = service.team.find(name => name !== responder) ?? responder;
  const age = Date.now() - resolvedAt;
  const ackMinutes = Math.round((options.acknowledgedAt - detectedAt) / MINUTE);
  const { fiveWhys, ...sections } = content;

  await at(resolvedAt + DAY).editPostmortem(postmortem.id, {
    sections: {
      ...sections,
      detection: scenario.alert
        ? `${scenario.alert.name} fired at ${utcTime(detectedAt)} UTC ("${
            scenario.alert.summary
          }") and paged ${
            DISPLAY_NAMES[responder]
          }, who acknowledged after ${ackMinutes} minutes.`
        : `Reported through support at ${utcTime(
            detectedAt,
          )} UTC; no alert fired. ${
            DISPLAY_NAMES[responder]
          } acknowledged after ${ackMinutes} minutes.`,
      recurrence: recurrenceText(earlier, detectedAt, !!scenario.alert),
    },
    fiveWhys,
  });

  // Each postmortem takes up the scenario's follow-ups where the previous one left off.
  const count = Math.min(
    scenario.actionItems.length,
    1 + Math.floor(rnd() * 3),
  );
  for (let i = 0; i < count; i++) {
    const template =
      scenario.actionItems[
        (options.itemsSoFar + i) % scenario.actionItems.length
      ];
    const [min, extra] = DUE_DAYS[template.priority];
    const createdAt = resolvedAt + DAY;
    const dueAt = createdAt + (min + Math.floor(rnd() * extra)) * DAY;
    const item = await at(createdAt).createActionItem(
      {
        incidentId,
        postmortemId: postmortem.id,
        title: template.title,
        ownerRef:
          rnd() < 0.75
            ? user(service.team[Math.floor(rnd() * service.team.length)])
            : service.ownerRef,
        priority: template.priority,
        dueAt: new Date(dueAt).toISOString(),
        ticketUrl: rnd() < 0.6 ? options.nextTicket() : undefined,
      },
      user(responder),
    );
    // Most items past their due date were done before it and the rest are overdue; a
    // few not yet due are done early.
    const doneAt = createdAt + (dueAt - createdAt) * (0.3 + rnd() * 0.6);
    if (doneAt < Date.now() && rnd() < (dueAt < Date.now() ? 0.7 : 0.35)) {
      await at(doneAt).updateActionItem(item.id, { status: 'done' });
    } else if (rnd() < 0.35) {
      await at(createdAt + DAY).updateActionItem(item.id, {
        status: 'in_progress',
      });
    }
  }
  if (age > 5 * DAY) {
    await at(resolvedAt + 2 * DAY).addPostmortemReviewer(
      postmortem.id,
      user(reviewer),
    );
    await at(resolvedAt + 2 * DAY).transitionPostmortem(
      postmortem.id,
      'in_review',
    );
    // A few stay in review past their due date, so the SRE view has something to chase.
    if (age > 12 * DAY && rnd() < 0.85) {
      await at(resolvedAt + 3 * DAY).approvePostmortem(
        postmortem.id,
        user(reviewer),
      );
      await at(resolvedAt + 3 * DAY).transitionPostmortem(
        postmortem.id,
        'published',
      );
    }
  }
  return count;
}

/**
 * Writes a quarter of incident history through the plugin's own services: resolved
 * incidents with acknowledgements, notes and status updates (some missing their targets),
 * a few declined ones, and a handful still open right now.
 */
export async function seedDemoHistory(context: IncidentsSeedContext) {
  const { logger } = context;
  // Seeding runs in the background, so it can afford to wait out a slow first catalog
  // ingestion (minutes on a busy machine); without the entities, owners would be missing.
  const ready = await context.waitForCatalog(
    DEMO_SERVICES.map(s => s.entityRef),
    30 * 60_000,
  );
  if (!ready) {
    logger.warn(
      'Demo data: the catalog did not list the example entities in time; owners will be missing',
    );
  }
  const rnd = random(20261123);
  const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)];
  const spread = ([typical, extra]: [number, number]) =>
    (typical + rnd() * extra) * MINUTE;

  const now = Date.now();
  // Long P4/P5 resolutions of recent detections would end in the future: stop at "now".
  const at = (ms: number) => context.at(new Date(Math.min(ms, now - MINUTE)));
  const earlierOf = new Map<string, Earlier[]>();
  const itemsOf = new Map<string, number>();
  // Tracker numbers grow per project, with gaps for tickets that are not follow-ups.
  const ticketNumbers = new Map<string, number>();
  const nextTicket = (service: DemoService) => () => {
    const project = service.ticketProject;
    const number =
      (ticketNumbers.get(project) ?? 100) + 1 + Math.floor(rnd() * 7);
    ticketNumbers.set(project, number);
    return `https://jira.example.com/browse/${project}-${number}`;
  };
  let guestFollowUp:
    | {
        incidentId: number;
        resolvedAt: number;
        responder: string;
        title: string;
      }
    | undefined;

  for (const occurrence of planHistory(rnd, now)) {
    const { service, scenario, severity, detectedAt } = occurrence;
    const responder = pick(service.team);
    const timing = TIMINGS[severity];
    const key = `${service.entityRef}|${scenario.id}`;
    const earlier = earlierOf.get(key) ?? [];
    let t = detectedAt;

    const incident = await at(t).declare(
      {
        title: scenario.title,
        description: scenario.description,
        severity,
        entityRef: service.entityRef,
        source: scenario.alert ? 'alertmanager' : 'manual',
        impact: { impactType: severity === 'P1' ? 'outage' : 'degradation' },
      },
      user(responder),
    );
    earlierOf.set(key, [
      ...earlier,
      { ref: incident.ref, severity, detectedAt },
    ]);
    const alert = scenario.alert
      ? alertFor(service, scenario.alert, `demo-${incident.id}`, severity)
      : undefined;
    if (alert) {
      // The alert that paged: it joins the incident just declared, with a few repeats.
      const repeats = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < repeats; i++) {
        await at(t + i * MINUTE).ingestAlerts(
          'alertmanager',
          [alert],
          'external:alertmanager',
        );
      }
    }
    if (alert && rnd() < 0.05) {
      await at(t + 5 * MINUTE).transition(
        incident.id,
        'declined',
        user(responder),
        'Not customer impacting: the check flapped and recovered',
      );
      await at(t + 6 * MINUTE).ingestAlerts(
        'alertmanager',
        [{ ...alert, action: 'resolve' }],
        'external:alertmanager',
      );
      continue;
    }
    t += spread(timing.ack);
    const acknowledgedAt = t;
    await at(t).transition(incident.id, 'acknowledged', user(responder));
    t += 2 * MINUTE;
    await at(t).transition(incident.id, 'investigating', user(responder));
    const major = severity === 'P1' || severity === 'P2';
    let noteTaker = responder;
    if (major) {
      noteTaker =
        pick(service.team.filter(name => name !== responder)) ?? responder;
      await at(t).assignRole(
        incident.id,
        'scribe',
        user(noteTaker),
        user(responder),
      );
      await at(t + MINUTE).postStatusUpdate(
        incident.id,
        undefined,
        user(responder),
      );
    }
    // Major incidents get the whole investigation written down, minor ones a line or none.
    const notes = major
      ? scenario.notes
      : scenario.notes.slice(
          0,
          rnd() < (severity === 'P3' ? 0.7 : 0.4) ? 1 : 0,
        );
    for (const [i, note] of notes.entries()) {
      await at(t + (3 + 5 * i) * MINUTE).addNote(
        incident.id,
        note,
        user(noteTaker),
      );
    }
    t += (3 + 5 * notes.length) * MINUTE;
    const resolveAt = detectedAt + spread(timing.resolve);
    t = Math.max(t + 5 * MINUTE, resolveAt - (resolveAt - t) / 2);
    await at(t).transition(
      incident.id,
      'identified',
      user(responder),
      scenario.identified,
    );
    t = Math.max(t + 5 * MINUTE, resolveAt - (resolveAt - t) / 3);
    await at(t).transition(
      incident.id,
      'monitoring',
      user(responder),
      scenario.fixed,
    );
    if (alert) {
      await at(t).ingestAlerts(
        'alertmanager',
        [{ ...alert, action: 'resolve' }],
        'external:alertmanager',
      );
    }
    const resolvedAt = Math.max(t + MINUTE, resolveAt);
    await at(resolvedAt).transition(incident.id, 'resolved', user(responder));
    const itemsSoFar = itemsOf.get(key) ?? 0;
    const written = await writePostmortem(at, {
      incidentId: incident.id,
      occurrence,
      responder,
      acknowledgedAt,
      resolvedAt,
      earlier,
      itemsSoFar,
      nextTicket: nextTicket(service),
      rnd,
    });
    itemsOf.set(key, itemsSoFar + written);
    const followUp = scenario.actionItems[0];
    if (
      followUp &&
      service.team.includes('guest') &&
      resolvedAt < now - 10 * DAY
    ) {
      guestFollowUp = {
        incidentId: incident.id,
        resolvedAt,
        responder,
        title: followUp.title,
      };
    }
  }

  // One follow-up of the guest's own is late, so their home page has something to chase
  // (no random draw, so the rest of the history stays as it was).
  if (guestFollowUp) {
    const { incidentId, resolvedAt, responder, title } = guestFollowUp;
    const postmortem = await context
      .at(new Date(resolvedAt))
      .postmortemFor(incidentId);
    await context.at(new Date(resolvedAt + DAY)).createActionItem(
      {
        incidentId,
        ...(postmortem && { postmortemId: postmortem.id }),
        title,
        ownerRef: user('guest'),
        priority: 'P2',
        dueAt: new Date(now - 3 * DAY).toISOString(),
      },
      user(responder),
    );
  }

  for (const unrouted of UNROUTED_ALERTS) {
    await context.at(new Date(now - unrouted.minutesAgo * MINUTE)).ingestAlerts(
      'alertmanager',
      [
        {
          action: 'trigger',
          dedupKey: `demo-unrouted-${unrouted.name}`,
          name: unrouted.name,
          summary: unrouted.summary,
          labels: { alertname: unrouted.name, service: unrouted.service },
          annotations: { summary: unrouted.summary },
        },
      ],
      'external:alertmanager',
    );
  }

  for (const open of OPEN_INCIDENTS) {
    const service = DEMO_SERVICES.find(s =>
      s.scenarios.some(c => c.id === open.scenarioId),
    )!;
    const scenario = service.scenarios.find(c => c.id === open.scenarioId)!;
    const detectedAt = now - open.minutesAgo * MINUTE;
    const responder = service.team[0];
    const incident = await context.at(new Date(detectedAt)).declare(
      {
        title: scenario.title,
        description: scenario.description,
        severity: open.severity,
        entityRef: service.entityRef,
        source: 'alertmanager',
        impact: { impactType: 'degradation' },
      },
      user(responder),
    );
    // Its alert is still firing.
    if (scenario.alert) {
      await context
        .at(new Date(detectedAt))
        .ingestAlerts(
          'alertmanager',
          [
            alertFor(
              service,
              scenario.alert,
              `demo-open-${incident.id}`,
              open.severity,
            ),
          ],
          'external:alertmanager',
        );
    }
    const path: IncidentStatus[] = [
      'acknowledged',
      'investigating',
      'identified',
      'monitoring',
    ];
    const steps =
      open.status === 'triggered'
        ? []
        : path.slice(0, path.indexOf(open.status) + 1);
    let t = detectedAt;
    for (const step of steps) {
      t += Math.min(5 * MINUTE, (now - t) / 4);
      const messages: Partial<Record<IncidentStatus, string>> = {
        identified: scenario.identified,
        monitoring: scenario.fixed,
      };
      const message = messages[step];
      await context
        .at(new Date(t))
        .transition(incident.id, step, user(responder), message);
      if (step === 'investigating' && scenario.notes.length) {
        t += Math.min(2 * MINUTE, (now - t) / 4);
        await context
          .at(new Date(t))
          .addNote(incident.id, scenario.notes[0], user(responder));
      }
    }
    // The guest helps on their team's ongoing incident, so their home page has a role.
    if (service.team.includes('guest') && responder !== 'guest') {
      await context
        .at(new Date(t))
        .assignRole(incident.id, 'scribe', user('guest'), user(responder));
    }
  }
  logger.info(
    `Demo data: seeded ${
      HISTORY_INCIDENTS + OPEN_INCIDENTS.length
    } incidents over the last ${HISTORY_DAYS} days`,
  );
}

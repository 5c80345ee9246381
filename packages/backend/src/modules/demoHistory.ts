import { IncidentStatus } from '@firebreak/plugin-incidents-common';
import {
  IncidentsSeedContext,
  NormalizedAlert,
} from '@firebreak/plugin-incidents-node';

type Service = {
  entityRef: string;
  team: string[];
  troubles: string[];
  /** Alert names Prometheus sends for it; some are in its runbook table, some are not. */
  alerts: string[];
};

// The example catalog's services, the people who answer for them, and what goes wrong.
const SERVICES: Service[] = [
  {
    entityRef: 'component:default/payments-api',
    team: ['alice', 'bob', 'carol', 'guest'],
    troubles: [
      'HighErrorRate on payments-api',
      'Payment authorisation latency above 800 ms',
      'Card processor refusing requests',
      'Duplicate captures reported by customers',
    ],
    alerts: [
      'HighErrorRate',
      'PaymentLatencyHigh',
      'CardProcessorDown',
      'PodCrashLooping',
    ],
  },
  {
    entityRef: 'component:default/ledger-worker',
    team: ['alice', 'bob', 'carol'],
    troubles: [
      'Ledger queue backlog above 10k',
      'Nightly reconciliation mismatch',
      'Ledger worker crash-looping after deploy',
    ],
    alerts: [
      'LedgerQueueBacklog',
      'LedgerReconciliationMismatch',
      'PodCrashLooping',
    ],
  },
  {
    entityRef: 'component:default/checkout-web',
    team: ['grace', 'heidi', 'ivan'],
    troubles: [
      'Checkout conversion dropped 40%',
      'JavaScript errors spike on checkout',
      'Checkout page blank in Safari',
    ],
    alerts: [
      'CheckoutConversionDrop',
      'FrontendErrorsSpike',
      'SyntheticCheckFailed',
    ],
  },
  {
    entityRef: 'component:default/product-catalog',
    team: ['grace', 'heidi', 'ivan'],
    troubles: [
      'Product catalog 5xx above 1%',
      'Stock levels stale for 30 minutes',
      'Prices shown without VAT',
    ],
    alerts: ['HighErrorRate', 'StockSyncStale', 'CacheHitRatioLow'],
  },
  {
    entityRef: 'component:default/api-gateway',
    team: ['dana', 'erin'],
    troubles: [
      'Gateway upstream errors above 5%',
      'Rate limiter rejecting legitimate traffic',
      'TLS handshake failures at the edge',
    ],
    alerts: [
      'GatewayUpstreamErrors',
      'RateLimitSaturation',
      'CertificateExpiringSoon',
    ],
  },
  {
    entityRef: 'resource:default/payments-db',
    team: ['dana', 'erin'],
    troubles: [
      'Replica lag above 30 s',
      'Data volume above 90%',
      'Failover did not complete',
    ],
    alerts: [
      'PostgresReplicationLag',
      'PostgresDiskAlmostFull',
      'PostgresTooManyConnections',
    ],
  },
  {
    entityRef: 'resource:default/redis-cache',
    team: ['dana', 'erin'],
    troubles: [
      'Redis memory above 90% of maxmemory',
      'Cache evictions causing latency',
    ],
    alerts: ['RedisMemoryHigh', 'RedisEvictionsHigh'],
  },
];

// Severity mix of a plausible quarter: few P1s, mostly P3/P4.
const SEVERITY_WEIGHTS: Array<[string, number]> = [
  ['P1', 3],
  ['P2', 12],
  ['P3', 35],
  ['P4', 30],
  ['P5', 20],
];

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
const FIXES = [
  'Add a saturation alert before the queue backs up',
  'Make the rollback a single command in the deploy pipeline',
  'Cap retries with jitter in the client',
  'Load-test the failover path every quarter',
  'Document the manual recovery in the runbook',
  'Add a canary stage for configuration changes',
];

/**
 * Resolving a P1/P2 starts its postmortem (the policy requires one). Older ones are
 * written up, reviewed and published; recent ones are still drafts or in review; their
 * action items are partly done, partly open, some overdue.
 */
async function writePostmortem(
  context: IncidentsSeedContext,
  options: {
    incidentId: number;
    title: string;
    service: Service;
    responder: string;
    resolvedAt: number;
    rnd: () => number;
  },
) {
  const { incidentId, title, service, responder, resolvedAt, rnd } = options;
  const at = (ms: number) =>
    context.at(new Date(Math.min(ms, Date.now() - MINUTE)));
  const postmortem = await at(resolvedAt).postmortemFor(incidentId);
  if (!postmortem) return;
  const user = (name: string) => `user:default/${name}`;
  const reviewer = service.team.find(name => name !== responder) ?? responder;
  const age = Date.now() - resolvedAt;

  await at(resolvedAt + DAY).editPostmortem(postmortem.id, {
    sections: {
      summary: `${title}. Customers saw errors until the change was rolled back.`,
      impact:
        'Roughly 4% of requests failed for the duration; no data was lost.',
      fault:
        'A configuration change reduced the connection pool below peak demand.',
      detection:
        'The alert fired within two minutes; the on-call acknowledged it within target.',
      response:
        'The on-call rolled back the change and watched the error rate recover.',
      recovery: 'Error rates returned to baseline after the rollback.',
      rootCause: 'Configuration changes skipped the canary stage.',
      lessonsWentWell: '- Alert and runbook pointed at the right dashboard',
      lessonsWentWrong:
        '- The change had no canary\n- The runbook missed the rollback command',
    },
    fiveWhys: [
      {
        question: 'Why did requests fail?',
        answer: 'The connection pool was exhausted.',
      },
      {
        question: 'Why was it exhausted?',
        answer: 'A config change halved its size.',
      },
      {
        question: 'Why did the change ship?',
        answer: 'Config changes skip the canary stage.',
      },
    ],
  });
  const items = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < items; i++) {
    const dueAt = resolvedAt + (7 + Math.floor(rnd() * 21)) * DAY;
    const item = await at(resolvedAt + DAY).createActionItem(
      {
        incidentId,
        postmortemId: postmortem.id,
        title: FIXES[Math.floor(rnd() * FIXES.length)],
        ownerRef:
          rnd() < 0.7
            ? user(service.team[i % service.team.length])
            : teamOf(service),
        priority: ['P1', 'P2', 'P3'][Math.floor(rnd() * 3)],
        dueAt: new Date(dueAt).toISOString(),
      },
      user(responder),
    );
    // Most items due long ago are done; the rest are still open (and overdue).
    if (dueAt < Date.now() && rnd() < 0.7) {
      await at(dueAt - DAY).updateActionItem(item.id, { status: 'done' });
    } else if (rnd() < 0.3) {
      await at(resolvedAt + 2 * DAY).updateActionItem(item.id, {
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
}

function teamOf(service: Service): string {
  const byMember: Record<string, string> = {
    alice: 'payments',
    grace: 'storefront',
    dana: 'platform',
  };
  return `group:default/${byMember[service.team[0]] ?? 'platform'}`;
}

/** An Alertmanager-style alert about a service, routed by its `service` label. */
function alertFor(
  service: Service,
  name: string,
  dedupKey: string,
  summary: string,
): NormalizedAlert {
  const entityName = service.entityRef.split('/')[1];
  return {
    action: 'trigger',
    dedupKey,
    name,
    summary,
    labels: { alertname: name, service: entityName, env: 'prod' },
    annotations: { summary },
    sourceUrl: `https://prometheus.example.com/graph?g0.expr=ALERTS%7Balertname%3D%22${name}%22%7D`,
  };
}

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

/**
 * Writes a quarter of incident history through the plugin's own services: resolved
 * incidents with acknowledgements, notes and status updates (some missing their targets),
 * a few declined ones, and a handful still open right now.
 */
export async function seedDemoHistory(context: IncidentsSeedContext) {
  const { logger } = context;
  const ready = await context.waitForCatalog(
    SERVICES.map(s => s.entityRef),
    180_000,
  );
  if (!ready) {
    logger.warn(
      'Demo data: the catalog did not list the example entities in time; owners will be missing',
    );
  }
  const rnd = random(20261123);
  const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)];
  const pickSeverity = () => {
    let roll = rnd() * SEVERITY_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    for (const [id, weight] of SEVERITY_WEIGHTS) {
      roll -= weight;
      if (roll <= 0) return id;
    }
    return 'P3';
  };
  const spread = ([typical, extra]: [number, number]) =>
    (typical + rnd() * extra) * MINUTE;
  const user = (name: string) => `user:default/${name}`;

  const now = Date.now();
  let guestFollowUp:
    | { incidentId: number; resolvedAt: number; responder: string }
    | undefined;
  const start = now - HISTORY_DAYS * 24 * 60 * MINUTE;
  const detections = Array.from(
    { length: HISTORY_INCIDENTS },
    () => start + rnd() * (now - start - 3 * 24 * 60 * MINUTE),
  ).sort((a, b) => a - b);

  for (const detectedAt of detections) {
    const service = pick(SERVICES);
    const severity = pickSeverity();
    const responder = pick(service.team);
    const timing = TIMINGS[severity];
    let t = detectedAt;
    // Long P4/P5 resolutions of recent detections would end in the future: stop at "now".
    const at = (ms: number) => context.at(new Date(Math.min(ms, now - MINUTE)));

    const incident = await at(t).declare(
      {
        title: pick(service.troubles),
        description: `Detected by monitoring on ${service.entityRef}.`,
        severity,
        entityRef: service.entityRef,
        source: rnd() < 0.6 ? 'alertmanager' : 'manual',
        impact: { impactType: severity === 'P1' ? 'outage' : 'degradation' },
      },
      user(responder),
    );
    const alerted = incident.source === 'alertmanager';
    const alertKey = `demo-${incident.id}`;
    const alertName = pick(service.alerts);
    if (alerted) {
      // The alert that paged: it joins the incident just declared, with a few repeats.
      const repeats = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < repeats; i++) {
        await at(t + i * MINUTE).ingestAlerts(
          'alertmanager',
          [alertFor(service, alertName, alertKey, incident.title)],
          'external:alertmanager',
        );
      }
    }
    if (rnd() < 0.05) {
      await at(t + 5 * MINUTE).transition(
        incident.id,
        'declined',
        user(responder),
        'Not customer impacting: a flapping check',
      );
      if (alerted) {
        await at(t + 6 * MINUTE).ingestAlerts(
          'alertmanager',
          [
            {
              ...alertFor(service, alertName, alertKey, incident.title),
              action: 'resolve',
            },
          ],
          'external:alertmanager',
        );
      }
      continue;
    }
    t += spread(timing.ack);
    await at(t).transition(incident.id, 'acknowledged', user(responder));
    t += 2 * MINUTE;
    await at(t).transition(incident.id, 'investigating', user(responder));
    if (severity === 'P1' || severity === 'P2') {
      const scribe =
        pick(service.team.filter(name => name !== responder)) ?? responder;
      await at(t).assignRole(
        incident.id,
        'scribe',
        user(scribe),
        user(responder),
      );
      await at(t + MINUTE).postStatusUpdate(
        incident.id,
        undefined,
        user(responder),
      );
      await at(t + 3 * MINUTE).addNote(
        incident.id,
        'Rolled back the last deploy; error rate unchanged.',
        user(scribe),
      );
    }
    const resolveAt = detectedAt + spread(timing.resolve);
    t = Math.max(t + 5 * MINUTE, resolveAt - (resolveAt - t) / 2);
    await at(t).transition(
      incident.id,
      'identified',
      user(responder),
      'Cause identified',
    );
    t = Math.max(t + 5 * MINUTE, resolveAt - (resolveAt - t) / 3);
    await at(t).transition(
      incident.id,
      'monitoring',
      user(responder),
      'Fix deployed',
    );
    if (alerted) {
      await at(t).ingestAlerts(
        'alertmanager',
        [
          {
            ...alertFor(service, alertName, alertKey, incident.title),
            action: 'resolve',
          },
        ],
        'external:alertmanager',
      );
    }
    const resolvedAt = Math.max(t + MINUTE, resolveAt);
    await at(resolvedAt).transition(incident.id, 'resolved', user(responder));
    await writePostmortem(context, {
      incidentId: incident.id,
      title: incident.title,
      service,
      responder,
      resolvedAt,
      rnd,
    });
    if (service === SERVICES[0] && resolvedAt < now - 10 * DAY) {
      guestFollowUp = { incidentId: incident.id, resolvedAt, responder };
    }
  }

  // One follow-up of the guest's own is late, so their home page has something to chase
  // (no random draw, so the rest of the history stays as it was).
  if (guestFollowUp) {
    const { incidentId, resolvedAt, responder } = guestFollowUp;
    const postmortem = await context
      .at(new Date(resolvedAt))
      .postmortemFor(incidentId);
    await context.at(new Date(resolvedAt + DAY)).createActionItem(
      {
        incidentId,
        ...(postmortem && { postmortemId: postmortem.id }),
        title: 'Page on card processor errors, not only on latency',
        ownerRef: user('guest'),
        priority: 'P2',
        dueAt: new Date(now - 3 * DAY).toISOString(),
      },
      user(responder),
    );
  }

  // Alerts nobody's catalog entry claims: they wait in the unrouted inbox.
  for (const [name, minutesAgo] of [
    ['BatchJobFailed', 300],
    ['NightlyExportLate', 900],
    ['BatchJobFailed', 60],
  ] as const) {
    await context.at(new Date(now - minutesAgo * MINUTE)).ingestAlerts(
      'alertmanager',
      [
        {
          action: 'trigger',
          dedupKey: `demo-unrouted-${name}`,
          name,
          labels: { alertname: name, service: 'billing-legacy' },
          annotations: { summary: `${name} on billing-legacy` },
        },
      ],
      'external:alertmanager',
    );
  }

  // Still happening: a few open incidents at different stages.
  const open: Array<[Service, string, number, IncidentStatus]> = [
    [SERVICES[0], 'P2', 40, 'investigating'],
    [SERVICES[3], 'P3', 90, 'identified'],
    [SERVICES[5], 'P3', 25, 'triggered'],
    [SERVICES[4], 'P4', 300, 'monitoring'],
  ];
  for (const [service, severity, minutesAgo, status] of open) {
    const detectedAt = now - minutesAgo * MINUTE;
    const responder = service.team[0];
    const incident = await context.at(new Date(detectedAt)).declare(
      {
        title: service.troubles[0],
        description: `Ongoing: ${service.troubles[0].toLowerCase()}.`,
        severity,
        entityRef: service.entityRef,
        source: 'alertmanager',
        impact: { impactType: 'degradation' },
      },
      user(responder),
    );
    // Its alert is still firing.
    await context
      .at(new Date(detectedAt))
      .ingestAlerts(
        'alertmanager',
        [
          alertFor(
            service,
            service.alerts[0],
            `demo-open-${incident.id}`,
            incident.title,
          ),
        ],
        'external:alertmanager',
      );
    const path: IncidentStatus[] = [
      'acknowledged',
      'investigating',
      'identified',
      'monitoring',
    ];
    const steps =
      status === 'triggered' ? [] : path.slice(0, path.indexOf(status) + 1);
    let t = detectedAt;
    for (const step of steps) {
      t += Math.min(5 * MINUTE, (now - t) / 4);
      await context
        .at(new Date(t))
        .transition(incident.id, step, user(responder));
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
      HISTORY_INCIDENTS + open.length
    } incidents over the last ${HISTORY_DAYS} days`,
  );
}

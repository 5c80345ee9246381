import { IncidentStatus } from '@firebreak/plugin-incidents-common';
import { IncidentsSeedContext } from '@firebreak/plugin-incidents-node';

type Service = {
  entityRef: string;
  team: string[];
  troubles: string[];
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
  },
  {
    entityRef: 'component:default/ledger-worker',
    team: ['alice', 'bob', 'carol'],
    troubles: [
      'Ledger queue backlog above 10k',
      'Nightly reconciliation mismatch',
      'Ledger worker crash-looping after deploy',
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
  },
  {
    entityRef: 'component:default/product-catalog',
    team: ['grace', 'heidi', 'ivan'],
    troubles: [
      'Product catalog 5xx above 1%',
      'Stock levels stale for 30 minutes',
      'Prices shown without VAT',
    ],
  },
  {
    entityRef: 'component:default/api-gateway',
    team: ['dana', 'erin'],
    troubles: [
      'Gateway upstream errors above 5%',
      'Rate limiter rejecting legitimate traffic',
      'TLS handshake failures at the edge',
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
  },
  {
    entityRef: 'resource:default/redis-cache',
    team: ['dana', 'erin'],
    troubles: [
      'Redis memory above 90% of maxmemory',
      'Cache evictions causing latency',
    ],
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
    if (rnd() < 0.05) {
      await at(t + 5 * MINUTE).transition(
        incident.id,
        'declined',
        user(responder),
        'Not customer impacting: a flapping check',
      );
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
    await at(Math.max(t + MINUTE, resolveAt)).transition(
      incident.id,
      'resolved',
      user(responder),
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
  }
  logger.info(
    `Demo data: seeded ${
      HISTORY_INCIDENTS + open.length
    } incidents over the last ${HISTORY_DAYS} days`,
  );
}

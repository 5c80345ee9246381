import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  IMPACT_TYPES,
  INCIDENT_STATUSES,
  TIMELINE_EVENT_TYPES,
} from '@firebreak/plugin-incidents-common';
import type { z as zodV3 } from 'zod/v3';

/** The zod the actions registry hands to schema builders (its v3 API). */
export type Zod = typeof zodV3;

/**
 * An incident reference or id: `INC-12`, `12`. A string in the schema, so the CLI offers a
 * plain flag (it takes unions as JSON); a number is accepted as its digits.
 */
export const incidentInput = (z: Zod) =>
  z
    .preprocess(
      value => (typeof value === 'number' ? String(value) : value),
      z.string().min(1).max(20),
    )
    .describe('The incident: its reference such as INC-12, or its id');

/** An entity ref, full or short (`component:payments-api`). */
export const entityRefInput = (z: Zod, what: string) =>
  z.string().min(1).max(255).describe(what);

/** A page size and the cursor of the page before. */
export const pageInput = (z: Zod) => ({
  limit: z
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .describe('Page size, 1 to 200 (default 50)'),
  cursor: z
    .string()
    .max(1000)
    .optional()
    .describe('nextCursor of the previous page'),
});

/** An incident as the API returns it. */
export const incidentSchema = (z: Zod) =>
  z.object({
    id: z.number(),
    ref: z.string().describe('INC-<id>'),
    title: z.string(),
    description: z.string(),
    status: z.enum(INCIDENT_STATUSES),
    severity: z.string(),
    entityRef: z.string(),
    affectedEntityRefs: z.array(z.string()),
    ownerRef: z.string().optional(),
    source: z.string(),
    impact: z.object({
      submitterSource: z.string().optional(),
      customers: z.string().optional(),
      systems: z.array(z.string()).optional(),
      usersAffected: z.string().optional(),
      impactType: z.enum(IMPACT_TYPES).optional(),
    }),
    roles: z.array(
      z.object({
        role: z.string(),
        userRef: z.string(),
        assignedAt: z.string(),
        assignedBy: z.string(),
      }),
    ),
    links: z.array(z.object({ title: z.string(), url: z.string() })),
    createdBy: z.string(),
    startedAt: z.string().optional(),
    detectedAt: z.string(),
    acknowledgedAt: z.string().optional(),
    mitigatedAt: z.string().optional(),
    resolvedAt: z.string().optional(),
    mergedIntoId: z.number().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z
      .number()
      .describe('Send it back as `version` to refuse a stale change'),
  });

/** One timeline entry. */
export const timelineEventSchema = (z: Zod) =>
  z.object({
    id: z.number(),
    incidentId: z.number(),
    type: z.enum(TIMELINE_EVENT_TYPES),
    at: z.string(),
    actorRef: z.string().optional(),
    message: z.string(),
    data: z.record(z.unknown()).optional(),
    pinned: z.boolean(),
  });

/** A posted status update. */
export const statusUpdateSchema = (z: Zod) =>
  z.object({
    id: z.number(),
    incidentId: z.number(),
    status: z.enum(INCIDENT_STATUSES),
    message: z.string(),
    postedBy: z.string(),
    postedAt: z.string(),
  });

/** An alert with the runbook to follow, or the annotation snippet that would add one. */
export const alertSchema = (z: Zod) =>
  z.object({
    id: z.number(),
    source: z.string(),
    dedupKey: z.string(),
    entityRef: z.string().optional(),
    name: z.string(),
    summary: z.string().optional(),
    severity: z.string().optional(),
    status: z.enum(['firing', 'acknowledged', 'resolved']),
    labels: z.record(z.string()),
    sourceUrl: z.string().optional(),
    runbookUrl: z.string().optional(),
    runbookFrom: z.enum(['table', 'entity', 'alert']).optional(),
    snippet: z
      .string()
      .optional()
      .describe('YAML for firebreak.dev/alerts when there is no runbook'),
    count: z.number(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    resolvedAt: z.string().optional(),
  });

/** Who is on call for a team. */
export const oncallNowSchema = (z: Zod) =>
  z.object({
    groupRef: z.string(),
    source: z.enum(['rotation', 'members', 'unknown']),
    primary: z.string().optional(),
    secondary: z.string().optional(),
    escalation: z.array(z.string()),
    shiftStart: z.string().optional(),
    shiftEnd: z.string().optional(),
    override: z
      .object({
        id: z.number(),
        userRef: z.string(),
        startsAt: z.string(),
        endsAt: z.string(),
        reason: z.string().optional(),
      })
      .optional(),
    members: z.array(z.string()),
  });

/** An action item. */
export const actionItemSchema = (z: Zod) =>
  z.object({
    id: z.number(),
    incidentId: z.number(),
    postmortemId: z.number().optional(),
    title: z.string(),
    description: z.string(),
    ownerRef: z.string(),
    priority: z.enum(ACTION_ITEM_PRIORITIES),
    dueAt: z.string().optional(),
    status: z.enum(ACTION_ITEM_STATUSES),
    ticketUrl: z.string().optional(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    completedAt: z.string().optional(),
  });

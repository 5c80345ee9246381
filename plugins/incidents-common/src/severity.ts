import { Duration } from 'luxon';
import { z } from 'zod';

/** One level of the severity policy (`incidents.severities[]` in app-config). */
export interface SeverityLevel {
  /** Stable identifier stored on incidents, e.g. `P1`. */
  id: string;
  /** Short human label, e.g. `Critical`. */
  label: string;
  /** When to use this level. */
  description: string;
  /** Whether incidents at this level page the on-call (otherwise the owner team is notified). */
  pages: boolean;
  /** Whether resolving an incident at this level requires a postmortem. */
  postmortemRequired: boolean;
  /** ISO-8601 duration: acknowledgement target, if any. */
  acknowledgeWithin?: string;
  /** ISO-8601 duration: resolution target, if any. */
  resolveWithin?: string;
  /** ISO-8601 duration: how often a status update is expected while open, if at all. */
  updateEvery?: string;
  /** ISO-8601 duration: how long after resolution the postmortem is due. */
  postmortemDueWithin?: string;
}

/**
 * The default policy (most severe first), following the process documents Firebreak
 * started from: P1/P2 page and require a postmortem, P3–P5 notify the owning team.
 */
export const DEFAULT_SEVERITY_POLICY: readonly SeverityLevel[] = [
  {
    id: 'P1',
    label: 'Critical',
    description:
      'Complete outage or data loss for many customers; all hands until mitigated.',
    pages: true,
    postmortemRequired: true,
    acknowledgeWithin: 'PT5M',
    resolveWithin: 'PT1H',
    updateEvery: 'PT30M',
    postmortemDueWithin: 'P5D',
  },
  {
    id: 'P2',
    label: 'High',
    description:
      'Major feature unavailable or badly degraded for many customers.',
    pages: true,
    postmortemRequired: true,
    acknowledgeWithin: 'PT15M',
    resolveWithin: 'PT4H',
    updateEvery: 'PT30M',
    postmortemDueWithin: 'P7D',
  },
  {
    id: 'P3',
    label: 'Moderate',
    description:
      'Partial degradation with a workaround, or few customers affected.',
    pages: false,
    postmortemRequired: false,
    acknowledgeWithin: 'PT1H',
    resolveWithin: 'PT24H',
    updateEvery: 'PT2H',
  },
  {
    id: 'P4',
    label: 'Low',
    description: 'Minor issue with little customer impact.',
    pages: false,
    postmortemRequired: false,
    acknowledgeWithin: 'PT4H',
    resolveWithin: 'P7D',
  },
  {
    id: 'P5',
    label: 'Informational',
    description: 'No customer impact; tracked for awareness.',
    pages: false,
    postmortemRequired: false,
  },
];

const isoDuration = z
  .string()
  .refine(
    v => Duration.fromISO(v).isValid && Duration.fromISO(v).toMillis() > 0,
    {
      message: 'must be a positive ISO-8601 duration such as PT30M or P7D',
    },
  );

const severityLevelSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, {
      message: 'must be 1-16 letters, digits, _ or -',
    }),
    label: z.string().min(1),
    description: z.string().default(''),
    pages: z.boolean().default(false),
    postmortemRequired: z.boolean().default(false),
    acknowledgeWithin: isoDuration.optional(),
    resolveWithin: isoDuration.optional(),
    updateEvery: isoDuration.optional(),
    postmortemDueWithin: isoDuration.optional(),
  })
  .strict();

const severityPolicySchema = z
  .array(severityLevelSchema)
  .min(1, { message: 'must list at least one severity' })
  .superRefine((levels, ctx) => {
    const seen = new Set<string>();
    levels.forEach((level, index) => {
      if (seen.has(level.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `duplicate severity id '${level.id}'`,
        });
      }
      seen.add(level.id);
    });
  });

/**
 * Validates a severity policy read from config; throws an Error naming every bad key
 * (e.g. `incidents.severities[1].resolveWithin: must be a positive ISO-8601 duration`).
 * `undefined` yields the default policy.
 */
export function parseSeverityPolicy(
  raw: unknown,
  configPath = 'incidents.severities',
): SeverityLevel[] {
  if (raw === undefined) {
    return DEFAULT_SEVERITY_POLICY.map(level => ({ ...level }));
  }
  const result = severityPolicySchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      issue => `${formatPath(configPath, issue.path)}: ${issue.message}`,
    );
    throw new Error(`Invalid severity policy: ${problems.join('; ')}`);
  }
  return result.data;
}

function formatPath(base: string, path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`,
    base,
  );
}

/** Finds a level by id, or `undefined` when the policy has no such level. */
export function findSeverity(
  policy: readonly SeverityLevel[],
  id: string,
): SeverityLevel | undefined {
  return policy.find(level => level.id === id);
}

/** Compares severities by their place in the policy: negative when `a` is more severe. */
export function compareSeverity(
  policy: readonly SeverityLevel[],
  a: string,
  b: string,
): number {
  const rank = (id: string) => {
    const index = policy.findIndex(level => level.id === id);
    return index === -1 ? policy.length : index;
  };
  return rank(a) - rank(b);
}

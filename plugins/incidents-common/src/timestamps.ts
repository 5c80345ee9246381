/** The lifecycle instants of an incident, earliest first as they usually happen. */
export const INCIDENT_TIMESTAMP_ORDER = [
  'startedAt',
  'detectedAt',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
] as const;

/** One of the ordered lifecycle instants. */
export type IncidentTimestampField = (typeof INCIDENT_TIMESTAMP_ORDER)[number];

/**
 * Pairs that must not be reversed. Acknowledgement and mitigation are not ordered
 * against each other: an incident moved to monitoring by automation (all alerts
 * resolved) is mitigated before any person acknowledges it.
 */
const ORDERED_PAIRS: ReadonlyArray<
  readonly [IncidentTimestampField, IncidentTimestampField]
> = [
  ['startedAt', 'detectedAt'],
  ['detectedAt', 'acknowledgedAt'],
  ['detectedAt', 'mitigatedAt'],
  ['detectedAt', 'resolvedAt'],
  ['acknowledgedAt', 'resolvedAt'],
  ['mitigatedAt', 'resolvedAt'],
];

/**
 * Checks `startedAt <= detectedAt <= acknowledgedAt, mitigatedAt <= resolvedAt` over the
 * instants that are set. Returns a message naming the first pair out of order, or
 * undefined.
 */
export function findTimestampOrderProblem(
  instants: Partial<
    Record<IncidentTimestampField, Date | string | undefined | null>
  >,
): string | undefined {
  const timeOf = (field: IncidentTimestampField) => {
    const value = instants[field];
    return value === undefined || value === null
      ? undefined
      : new Date(value).getTime();
  };
  for (const [earlier, later] of ORDERED_PAIRS) {
    const before = timeOf(earlier);
    const after = timeOf(later);
    if (before !== undefined && after !== undefined && after < before) {
      return `${later} (${new Date(
        after,
      ).toISOString()}) must not be before ${earlier} (${new Date(
        before,
      ).toISOString()})`;
    }
  }
  return undefined;
}

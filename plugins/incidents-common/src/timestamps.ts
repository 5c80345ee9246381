/** The lifecycle instants of an incident, in the order they must keep. */
export const INCIDENT_TIMESTAMP_ORDER = [
  'detectedAt',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
] as const;

/** One of the ordered lifecycle instants. */
export type IncidentTimestampField = (typeof INCIDENT_TIMESTAMP_ORDER)[number];

/**
 * Checks `detectedAt <= acknowledgedAt <= mitigatedAt <= resolvedAt` over the instants
 * that are set. Returns a message naming the first pair out of order, or undefined.
 */
export function findTimestampOrderProblem(
  instants: Partial<
    Record<IncidentTimestampField, Date | string | undefined | null>
  >,
): string | undefined {
  let previous: { field: IncidentTimestampField; time: number } | undefined;
  for (const field of INCIDENT_TIMESTAMP_ORDER) {
    const value = instants[field];
    if (value === undefined || value === null) continue;
    const time = new Date(value).getTime();
    if (previous && time < previous.time) {
      return `${field} (${new Date(time).toISOString()}) must not be before ${
        previous.field
      } (${new Date(previous.time).toISOString()})`;
    }
    previous = { field, time };
  }
  return undefined;
}

import {
  isEscalationRole,
  OncallNow,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import { Duration } from 'luxon';

/** One level of an incident's escalation, as its owner team's policy reads now. */
export type PlannedLevel = {
  /** 1 for the first escalation after the first page. */
  level: number;
  /** ISO-8601 delay after the level before. */
  after: string;
  /** When it fires, epoch ms. */
  atMs: number;
  /** Who it pages; empty when nobody fills its roles (no secondary, say). */
  targets: string[];
};

/** How an incident escalates: the levels from its detection on, repeats expanded. */
export type EscalationPlan = {
  /** `flat`: the `escalation` list, one step per acknowledgement target. */
  source: 'flat' | 'policy';
  levels: PlannedLevel[];
};

/**
 * The escalation levels of an incident of `severity` detected at `detectedAt`, for the
 * team whose on-call is `oncall`:
 * - a policy written as levels (`escalationBySeverity[severity]`, else
 *   `escalationLevels`): each level `after` the one before, `primary` and `secondary`
 *   read as the rotation's people now;
 * - else the flat list: the secondary, then each `escalation` ref, one per
 *   acknowledgement target of the severity (none without a target), as before levels
 *   existed.
 * `escalationRepeat` runs the levels that many more times. Without on-call knowledge
 * there are no levels.
 */
export function planEscalation(options: {
  oncall: OncallNow | undefined;
  severity: SeverityLevel;
  detectedAt: string;
}): EscalationPlan {
  const { oncall, severity } = options;
  if (!oncall) return { source: 'flat', levels: [] };
  const written =
    oncall.escalationBySeverity?.[severity.id] ?? oncall.escalationLevels;
  const roles: Record<string, string | undefined> = {
    primary: oncall.primary,
    secondary: oncall.secondary,
  };
  let source: EscalationPlan['source'];
  let cycle: Array<{ after: string; targets: string[] }>;
  if (written) {
    source = 'policy';
    cycle = written.map(level => ({
      after: level.after,
      targets: [
        ...new Set(
          level.notify
            .map(t => (isEscalationRole(t) ? roles[t] : t))
            .filter((t): t is string => !!t),
        ),
      ],
    }));
  } else {
    source = 'flat';
    const target = severity.acknowledgeWithin;
    const chain = [oncall.secondary, ...oncall.escalation].filter(
      (ref): ref is string => !!ref,
    );
    cycle = target ? chain.map(ref => ({ after: target, targets: [ref] })) : [];
  }
  const runs = 1 + (oncall.escalationRepeat ?? 0);
  const levels: PlannedLevel[] = [];
  let atMs = Date.parse(options.detectedAt);
  for (let run = 0; run < runs; run++) {
    for (const step of cycle) {
      atMs += Duration.fromISO(step.after).toMillis();
      levels.push({ level: levels.length + 1, atMs, ...step });
    }
  }
  return { source, levels };
}

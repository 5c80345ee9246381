import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_ONCALL,
  DEFAULT_ONCALL_TIMEZONE,
} from '@firebreak/plugin-incidents-common';
import { Config } from '@backstage/config';
import { DateTime, Duration } from 'luxon';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { HandoffNoticeStore } from './HandoffNoticeStore';
import { OncallService } from './OncallService';

/** One "you are on call" notice; `link` is app-relative. */
export type HandoffNotice = {
  userRef: string;
  title: string;
  description: string;
  link: string;
  /** Identifies the notice, so a repeat replaces rather than adds. */
  scope: string;
};

/**
 * `incidents.oncall.handoffNoticeBefore` in ms: how long before a shift its notice goes
 * out; undefined when `off`. Throws naming the key when it is no ISO-8601 duration.
 */
export function readHandoffLead(config: Config): number | undefined {
  const key = 'incidents.oncall.handoffNoticeBefore';
  const value = config.getOptionalString(key) ?? 'PT1H';
  if (value === 'off') return undefined;
  const ms = Duration.fromISO(value).toMillis();
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new Error(
      `${key} must be an ISO-8601 duration such as PT1H, or off; got '${value}'`,
    );
  }
  return ms;
}

/** Shifts looked at per team and run: the one in force and the next ones. */
const SHIFTS_AHEAD = 4;

function when(iso: string, zone: string) {
  return DateTime.fromISO(iso, { zone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
}

/**
 * Handoff notices: shortly before a primary shift starts (`leadMs`), tells the person
 * taking it "you are on call for <team> from … to …", in the rotation's time zone.
 * Overrides count: whoever covers the shift is told. Each shift is claimed in the
 * database before its notice goes out, so runs and instances send it once.
 */
export class HandoffNotifier {
  constructor(
    private readonly deps: {
      catalog: Pick<CatalogGateway, 'listAnnotated' | 'getTeam'>;
      oncall: Pick<OncallService, 'getScheduleForGroup'>;
      store: HandoffNoticeStore;
      notify: (notice: HandoffNotice) => Promise<void>;
      /** How long before a shift starts its notice goes out, in ms. */
      leadMs: number;
      logger: LoggerService;
      clock: () => Date;
    },
  ) {}

  async run(): Promise<{ notified: number }> {
    const now = this.deps.clock();
    const horizon = now.getTime() + this.deps.leadMs;
    const groups = await this.deps.catalog.listAnnotated(ANNOTATION_ONCALL);
    let notified = 0;
    for (const { entityRef: groupRef } of groups) {
      const shifts = await this.deps.oncall.getScheduleForGroup(groupRef, {
        count: SHIFTS_AHEAD,
        at: now,
      });
      const upcoming = shifts.filter(shift => {
        const start = Date.parse(shift.start);
        return start > now.getTime() && start <= horizon;
      });
      if (!upcoming.length) continue;
      const team = await this.deps.catalog.getTeam(groupRef);
      const title = (team.available && team.value?.title) || groupRef;
      const zone =
        (team.available && team.value?.rotation?.timezone) ||
        DEFAULT_ONCALL_TIMEZONE;
      for (const shift of upcoming) {
        const claimed = await this.deps.store.claim(
          { groupRef, userRef: shift.userRef, shiftStart: shift.start },
          now,
        );
        if (!claimed) continue;
        const { namespace, name } = parseEntityRef(groupRef);
        // Claimed first: a failed send is logged, not repeated every run.
        try {
          await this.deps.notify({
            userRef: shift.userRef,
            title: `You are on call for ${title} from ${when(
              shift.start,
              zone,
            )}`,
            description: `Primary on call for ${title} from ${when(
              shift.start,
              zone,
            )} to ${when(shift.end, zone)}${
              shift.overrideId !== undefined ? ', covering by override' : ''
            }.`,
            link: `/catalog/${namespace}/group/${name}`,
            scope: `oncall-handoff:${groupRef}:${shift.start}`,
          });
          notified += 1;
        } catch (error) {
          this.deps.logger.warn(
            `Could not tell ${shift.userRef} about their ${groupRef} shift at ${shift.start}: ${error}`,
          );
        }
      }
    }
    return { notified };
  }
}

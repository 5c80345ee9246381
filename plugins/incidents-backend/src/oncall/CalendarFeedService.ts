import { parseEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import ical from 'ical-generator';
import { createHash, randomBytes } from 'node:crypto';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { CalendarFeedStore } from './CalendarFeedStore';
import { OncallService } from './OncallService';
import { normalizeRef } from './resolveOncall';

/** How far ahead a feed lists shifts. */
const HORIZON_MS = 8 * 7 * 24 * 3600_000;
/** Shifts asked of a team's schedule: enough for eight weekly or daily-ish weeks. */
const SHIFTS_PER_TEAM = 80;

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The paths of a user's feeds under the plugin's base URL. */
export type CalendarFeedUrls = {
  /** The user's own shifts across their teams. */
  shifts: string;
  /** Each of the user's teams' whole schedule, by group ref. */
  teams: Record<string, string>;
};

/**
 * iCalendar feeds of on-call shifts for calendar clients, which cannot sign in: each
 * user has at most one secret token (only its hash is stored), carried in the feed URL,
 * revocable and replaced when issued again. A feed lists the next eight weeks of shifts
 * in UTC, overrides included, so every client shows them in its own time zone and
 * across daylight-saving changes as the rotation defines them.
 */
export class CalendarFeedService {
  constructor(
    private readonly deps: {
      store: CalendarFeedStore;
      oncall: Pick<OncallService, 'getScheduleForGroup'>;
      catalog: Pick<CatalogGateway, 'getGroupsOf' | 'displayName'>;
      /** The plugin's external base URL, e.g. https://backstage.example.com/api/incidents. */
      baseUrl: string;
      clock: () => Date;
    },
  ) {}

  /** Issues the user's token, revoking any earlier one, and the feed URLs it opens. */
  async issue(userRef: string): Promise<CalendarFeedUrls> {
    const user = normalizeRef(userRef, 'user');
    const token = randomBytes(24).toString('base64url');
    await this.deps.store.replace(user, hash(token), this.deps.clock());
    const teams = await this.teamsOf(user);
    const base = `${this.deps.baseUrl}/oncall-calendar/${token}`;
    return {
      shifts: `${base}/shifts.ics`,
      teams: Object.fromEntries(
        teams.map(groupRef => {
          const { namespace, name } = parseEntityRef(groupRef);
          return [groupRef, `${base}/groups/${namespace}/${name}/shifts.ics`];
        }),
      ),
    };
  }

  /** Revokes the user's token; feeds under it answer 404 from now on. */
  async revoke(userRef: string): Promise<void> {
    await this.deps.store.revoke(normalizeRef(userRef, 'user'));
  }

  /** The token holder's own shifts across their teams, as an iCalendar document. */
  async userFeed(token: string): Promise<string> {
    const user = await this.holder(token);
    const name = await this.deps.catalog.displayName(user);
    const calendar = this.calendar(`On call: ${name}`);
    for (const groupRef of await this.teamsOf(user)) {
      const team = await this.deps.catalog.displayName(groupRef);
      for (const shift of await this.shifts(groupRef)) {
        if (shift.userRef !== user) continue;
        calendar.createEvent({
          id: `${groupRef}/${shift.start}@firebreak`,
          start: new Date(shift.start),
          end: new Date(shift.end),
          stamp: this.deps.clock(),
          summary: `On call: ${team}`,
          description: `Primary on call for ${team}${
            shift.overrideId !== undefined ? ', covering by override' : ''
          }.`,
        });
      }
    }
    return calendar.toString();
  }

  /** The whole primary schedule of one of the token holder's teams. */
  async teamFeed(token: string, groupRef: string): Promise<string> {
    const user = await this.holder(token);
    const group = normalizeRef(groupRef, 'group');
    // Only the holder's own teams: the token stands in for a sign-in, not for a policy.
    if (!(await this.teamsOf(user)).includes(group)) {
      throw new NotFoundError('No such calendar feed');
    }
    const team = await this.deps.catalog.displayName(group);
    const calendar = this.calendar(`On call: ${team}`);
    for (const shift of await this.shifts(group)) {
      const person = await this.deps.catalog.displayName(shift.userRef);
      calendar.createEvent({
        id: `${group}/${shift.start}@firebreak`,
        start: new Date(shift.start),
        end: new Date(shift.end),
        stamp: this.deps.clock(),
        summary: `${team}: ${person} on call`,
        description: `${person} is primary on call for ${team}${
          shift.overrideId !== undefined ? ', covering by override' : ''
        }.`,
      });
    }
    return calendar.toString();
  }

  private calendar(name: string) {
    return ical({ name, prodId: { company: 'Firebreak', product: 'on-call' } });
  }

  private async holder(token: string): Promise<string> {
    const user = await this.deps.store.userFor(hash(token));
    if (!user) throw new NotFoundError('No such calendar feed');
    return user;
  }

  private async teamsOf(userRef: string): Promise<string[]> {
    const groups = await this.deps.catalog.getGroupsOf(userRef);
    if (!groups.available) {
      throw new ServiceUnavailableError(
        'The catalog did not answer, so the teams of the calendar are not known; retry',
      );
    }
    return groups.value.map(ref => normalizeRef(ref, 'group'));
  }

  private async shifts(groupRef: string) {
    const now = this.deps.clock();
    const until = now.getTime() + HORIZON_MS;
    const shifts = await this.deps.oncall.getScheduleForGroup(groupRef, {
      count: SHIFTS_PER_TEAM,
      at: now,
    });
    return shifts.filter(s => Date.parse(s.start) < until);
  }
}

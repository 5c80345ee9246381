import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CoverRequest,
  DEFAULT_ONCALL_TIMEZONE,
  OncallOverride,
} from '@firebreak/plugin-incidents-common';
import { DateTime } from 'luxon';
import { CatalogGateway } from '../catalog/CatalogGateway';
import { CoverRequestStore } from './CoverRequestStore';
import { OncallService } from './OncallService';
import { normalizeRef } from './resolveOncall';

/** What a member asks for: a teammate to take the team's on-call from `startsAt` to `endsAt`. */
export type CoverRequestInput = {
  groupRef?: unknown;
  coverRef?: unknown;
  startsAt?: unknown;
  endsAt?: unknown;
  reason?: unknown;
};

/** A notice to one person about a cover request. */
export type CoverRequestNotice = {
  userRef: string;
  title: string;
  description: string;
  link: string;
  /** Stable per request and event, so a retried notice replaces itself. */
  scope: string;
};

/** How many of a user's requests are listed. */
const LIST_LIMIT = 50;

/**
 * "Cover me": a member asks a teammate to take the team's on-call for a while; the
 * teammate is told and accepts or declines; an acceptance becomes an on-call override
 * (made by the teammate, so overrides stay the one record of who is paged) and is noted
 * on the team's open incidents. Each request is decided once (conditional update), so
 * a double click or two backend instances cannot create two overrides.
 */
export class CoverRequestService {
  constructor(
    private readonly deps: {
      store: CoverRequestStore;
      oncall: Pick<OncallService, 'checkOverride' | 'createOverride'>;
      catalog: Pick<CatalogGateway, 'getTeam' | 'displayName'>;
      notify: (notice: CoverRequestNotice) => Promise<void>;
      /**
       * Called once an acceptance's override is stored, with a sentence saying so
       * (noted on the team's open incidents).
       */
      onAccepted?: (
        request: CoverRequest,
        override: OncallOverride,
        message: string,
      ) => Promise<void>;
      /** The schedule page of a team, for the links in notices. */
      scheduleLink: (groupRef: string) => string;
      logger: LoggerService;
      clock: () => Date;
    },
  ) {}

  /** Asks `input.coverRef` to cover `requesterRef`; both must be members of the team. */
  async request(
    input: CoverRequestInput,
    requesterRef: string,
  ): Promise<CoverRequest> {
    const requester = normalizeRef(requesterRef, 'user');
    let checked;
    try {
      checked = this.deps.oncall.checkOverride({
        groupRef: input?.groupRef as string,
        userRef: input?.coverRef as string,
        startsAt: input?.startsAt as string,
        endsAt: input?.endsAt as string,
        reason: input?.reason as string,
      });
    } catch (error) {
      // The override rules name the person `userRef`; here they are the `coverRef`.
      if (error instanceof InputError) {
        throw new InputError(
          error.message
            .replace('Invalid on-call override', 'Invalid cover request')
            .replace(/\buserRef\b/g, 'coverRef'),
        );
      }
      throw error;
    }
    const { groupRef, userRef: coverRef, startsAt, endsAt, reason } = checked;
    if (coverRef === requester) {
      throw new InputError(
        'Invalid cover request: coverRef must be someone other than you',
      );
    }
    const team = await this.deps.catalog.getTeam(groupRef);
    if (!team.available) {
      throw new ServiceUnavailableError(
        'The catalog did not answer, so the team is not known; retry',
      );
    }
    const members = new Set(
      (team.value?.members ?? []).map(m => normalizeRef(m, 'user')),
    );
    if (!members.has(coverRef)) {
      throw new InputError(
        `Invalid cover request: coverRef ${coverRef} is not a member of ${groupRef}`,
      );
    }
    const request = await this.deps.store.create(
      {
        groupRef,
        requesterRef: requester,
        coverRef,
        startsAt,
        endsAt,
        ...(reason ? { reason } : {}),
      },
      this.deps.clock(),
    );
    const [who, teamName, when] = await Promise.all([
      this.deps.catalog.displayName(requester),
      this.deps.catalog.displayName(groupRef),
      this.window(request),
    ]);
    await this.tell({
      userRef: coverRef,
      title: `${who} asks you to cover ${teamName} on call`,
      description: `${when}${
        reason ? `: ${reason}` : ''
      }. Accept or decline on the on-call page.`,
      link: this.deps.scheduleLink(groupRef),
      scope: `cover-request:${request.id}:asked`,
    });
    return request;
  }

  /** One request the caller asked or was asked; `NotFoundError` for anyone else. */
  async get(id: number, actorRef: string): Promise<CoverRequest> {
    const request = Number.isSafeInteger(id)
      ? await this.deps.store.get(id)
      : undefined;
    const actor = normalizeRef(actorRef, 'user');
    // Other people's requests are not shown to them, so they do not exist for them.
    if (
      !request ||
      (request.coverRef !== actor && request.requesterRef !== actor)
    ) {
      throw new NotFoundError(`Cover request ${id} not found`);
    }
    return request;
  }

  /** The caller's requests, asked by or of them, newest first. */
  async listFor(userRef: string): Promise<CoverRequest[]> {
    return this.deps.store.listFor(normalizeRef(userRef, 'user'), LIST_LIMIT);
  }

  /** The teammate takes the on-call: the override is stored, the requester told. */
  async accept(id: number, actorRef: string): Promise<CoverRequest> {
    const request = await this.pendingFor(id, actorRef, 'coverRef');
    if (!(await this.deps.store.decide(id, 'accepted', this.deps.clock()))) {
      throw new ConflictError(`Cover request ${id} was decided already`);
    }
    let override: OncallOverride;
    try {
      override = await this.deps.oncall.createOverride(
        {
          groupRef: request.groupRef,
          userRef: request.coverRef,
          startsAt: request.startsAt,
          endsAt: request.endsAt,
          reason: `Covering for ${await this.deps.catalog.displayName(
            request.requesterRef,
          )}${request.reason ? `: ${request.reason}` : ''}`.slice(0, 500),
        },
        request.coverRef,
      );
    } catch (error) {
      // An override that cannot be stored (the window has passed) leaves it pending.
      await this.deps.store.reopen(id);
      throw error;
    }
    await this.deps.store.setOverride(id, override.id);
    const accepted = (await this.deps.store.get(id))!;
    try {
      const [cover, requester, when] = await Promise.all([
        this.deps.catalog.displayName(accepted.coverRef),
        this.deps.catalog.displayName(accepted.requesterRef),
        this.window(accepted),
      ]);
      await this.deps.onAccepted?.(
        accepted,
        override,
        `On-call changed: ${cover} covers ${requester}. ${when} (cover request accepted)`,
      );
    } catch (error) {
      this.deps.logger.warn(
        `Could not note cover request ${id} on the team's incidents: ${error}`,
      );
    }
    await this.answer(accepted, 'accepted');
    return accepted;
  }

  /** The teammate cannot: the requester is told. */
  async decline(id: number, actorRef: string): Promise<CoverRequest> {
    await this.pendingFor(id, actorRef, 'coverRef');
    if (!(await this.deps.store.decide(id, 'declined', this.deps.clock()))) {
      throw new ConflictError(`Cover request ${id} was decided already`);
    }
    const declined = (await this.deps.store.get(id))!;
    await this.answer(declined, 'declined');
    return declined;
  }

  /** The requester withdraws a pending request. */
  async cancel(id: number, actorRef: string): Promise<CoverRequest> {
    await this.pendingFor(id, actorRef, 'requesterRef');
    if (!(await this.deps.store.decide(id, 'cancelled', this.deps.clock()))) {
      throw new ConflictError(`Cover request ${id} was decided already`);
    }
    return (await this.deps.store.get(id))!;
  }

  /** The pending request `actorRef` may decide as its `role`, or the error saying why not. */
  private async pendingFor(
    id: number,
    actorRef: string,
    role: 'coverRef' | 'requesterRef',
  ): Promise<CoverRequest> {
    const request = await this.get(id, actorRef);
    const actor = normalizeRef(actorRef, 'user');
    if (request[role] !== actor) {
      throw new NotAllowedError(
        role === 'coverRef'
          ? 'Only the teammate asked may accept or decline a cover request'
          : 'Only the person who asked may cancel a cover request',
      );
    }
    if (request.status !== 'pending') {
      throw new ConflictError(`Cover request ${id} is ${request.status}`);
    }
    return request;
  }

  private async answer(request: CoverRequest, how: 'accepted' | 'declined') {
    const [who, teamName, when] = await Promise.all([
      this.deps.catalog.displayName(request.coverRef),
      this.deps.catalog.displayName(request.groupRef),
      this.window(request),
    ]);
    await this.tell({
      userRef: request.requesterRef,
      title: `${who} ${how} to cover ${teamName} on call`,
      description:
        how === 'accepted'
          ? `${when}: ${who} is on call instead of you.`
          : `${when}: you are still on call; ask someone else.`,
      link: this.deps.scheduleLink(request.groupRef),
      scope: `cover-request:${request.id}:${how}`,
    });
  }

  /**
   * "From Mon 30 Mar 2026, 09:00 to Tue 31 Mar 2026, 09:00 GMT+2" in the zone of the
   * team's rotation (the catalog gateway caches the team read).
   */
  private async window(request: CoverRequest) {
    const team = await this.deps.catalog.getTeam(request.groupRef);
    const zone =
      (team.available ? team.value?.rotation?.timezone : undefined) ??
      DEFAULT_ONCALL_TIMEZONE;
    const format = (iso: string) =>
      DateTime.fromISO(iso, { zone }).toFormat('ccc d LLL yyyy, HH:mm');
    const offset = DateTime.fromISO(request.endsAt, { zone }).toFormat('ZZZZ');
    return `From ${format(request.startsAt)} to ${format(
      request.endsAt,
    )} ${offset}`;
  }

  /** A notice that cannot be sent must not undo the request or its answer. */
  private async tell(notice: CoverRequestNotice) {
    try {
      await this.deps.notify(notice);
    } catch (error) {
      this.deps.logger.warn(
        `Could not send the cover request notice ${notice.scope}: ${error}`,
      );
    }
  }
}

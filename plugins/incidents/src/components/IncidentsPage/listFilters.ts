import {
  INCIDENT_STATUSES,
  IncidentStatus,
  OPEN_STATUSES,
} from '@firebreak/plugin-incidents-common';
import { DateTime } from 'luxon';
import { IncidentListFilter } from '../../api';

/** The built-in views; saved views are filters on top of one of them. */
export type BuiltInView = 'all' | 'mine' | 'teams';

/** What the status filter may hold: a preset or one status. */
export type StatusChoice = 'open' | 'all' | IncidentStatus;

/** The list's orders: most severe first then oldest (the default), or newest first. */
export type ListSort = 'severity' | 'detected';

/**
 * The list's filters as they live in the URL query, so a view can be shared as a link
 * and survives a reload. Dates are UTC calendar days (`yyyy-MM-dd`), `to` inclusive.
 */
export type ListFilters = {
  view: BuiltInView;
  status: StatusChoice;
  severities: string[];
  ownerRefs: string[];
  entityRef: string;
  q: string;
  from: string;
  to: string;
  sort: ListSort;
};

/**
 * Open incidents of every team, most severe and longest-running first: what someone
 * opening the page triages first.
 */
export const DEFAULT_FILTERS: ListFilters = {
  view: 'all',
  status: 'open',
  severities: [],
  ownerRefs: [],
  entityRef: '',
  q: '',
  from: '',
  to: '',
  sort: 'severity',
};

const VIEWS: readonly BuiltInView[] = ['all', 'mine', 'teams'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isStatusChoice(value: string): value is StatusChoice {
  return (
    value === 'open' ||
    value === 'all' ||
    (INCIDENT_STATUSES as readonly string[]).includes(value)
  );
}

function day(value: string | null): string {
  return value && DAY.test(value) && DateTime.fromISO(value).isValid
    ? value
    : '';
}

/** Reads the filters from a URL query; unknown or malformed values fall back to defaults. */
export function parseListFilters(params: URLSearchParams): ListFilters {
  const view = params.get('view') ?? '';
  const status = params.get('status') ?? '';
  return {
    view: (VIEWS as readonly string[]).includes(view)
      ? (view as BuiltInView)
      : DEFAULT_FILTERS.view,
    status: isStatusChoice(status) ? status : DEFAULT_FILTERS.status,
    severities: params.getAll('severity').filter(Boolean),
    ownerRefs: params.getAll('owner').filter(Boolean),
    entityRef: params.get('entity')?.trim() ?? '',
    q: params.get('q')?.trim() ?? '',
    from: day(params.get('from')),
    to: day(params.get('to')),
    sort: params.get('sort') === 'detected' ? 'detected' : DEFAULT_FILTERS.sort,
  };
}

/**
 * Writes the filters as a URL query, leaving defaults out so that equal filters give
 * equal strings (saved views are recognised by that string).
 */
export function serializeListFilters(filters: ListFilters): string {
  const params = new URLSearchParams();
  if (filters.view !== DEFAULT_FILTERS.view) params.set('view', filters.view);
  if (filters.status !== DEFAULT_FILTERS.status) {
    params.set('status', filters.status);
  }
  [...filters.severities].sort().forEach(s => params.append('severity', s));
  [...filters.ownerRefs].sort().forEach(o => params.append('owner', o));
  if (filters.entityRef) params.set('entity', filters.entityRef);
  if (filters.q) params.set('q', filters.q);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
  return params.toString();
}

/** Who is asking, for the "Mine" and "My teams" views. */
export type ViewIdentity = {
  userEntityRef: string;
  /** The group refs among the user's ownership refs. */
  groupRefs: string[];
};

/**
 * The `listIncidents` filter for the URL filters, or `undefined` when nothing can match
 * (the "My teams" view of a user in no team, or an owner filter outside their teams):
 * an empty ref list would otherwise be dropped from the query and list everything.
 */
export function toIncidentListFilter(
  filters: ListFilters,
  identity: ViewIdentity | undefined,
): IncidentListFilter | undefined {
  const result: IncidentListFilter = { sort: filters.sort };
  if (filters.status === 'open') result.statuses = [...OPEN_STATUSES];
  else if (filters.status !== 'all') result.statuses = [filters.status];
  if (filters.severities.length) result.severities = filters.severities;
  if (filters.ownerRefs.length) result.ownerRefs = filters.ownerRefs;
  if (filters.entityRef) result.entityRefs = [filters.entityRef];
  if (filters.q) result.q = filters.q;
  if (filters.from) {
    result.from = DateTime.fromISO(filters.from, { zone: 'utc' }).toISO()!;
  }
  if (filters.to) {
    // The picked day is included: the API's `to` is exclusive.
    result.to = DateTime.fromISO(filters.to, { zone: 'utc' })
      .plus({ days: 1 })
      .toISO()!;
  }
  if (filters.view === 'mine') {
    if (!identity) return undefined;
    result.participantRefs = [identity.userEntityRef];
  }
  if (filters.view === 'teams') {
    const teams = identity?.groupRefs ?? [];
    const owners = filters.ownerRefs.length
      ? filters.ownerRefs.filter(ref => teams.includes(ref))
      : teams;
    if (!owners.length) return undefined;
    result.ownerRefs = owners;
  }
  return result;
}

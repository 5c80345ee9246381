import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  ActionItemPriority,
  ActionItemStatus,
  OUTSTANDING_ACTION_ITEM_STATUSES,
} from '@firebreak/plugin-incidents-common';

/** What the review is narrowed to; kept in the URL so a review view can be shared. */
export type ActionItemFilters = {
  /** A group ref: items owned by the group or by any of its members. */
  team?: string;
  /** A user or group ref. */
  owner?: string;
  /** An entity ref: items of incidents on that entity. */
  entity?: string;
  /** Empty means every priority. */
  priorities: ActionItemPriority[];
  /** Never empty: the review is always about some statuses. */
  statuses: ActionItemStatus[];
};

/** The statuses reviewed when the URL names none: the work still to do. */
export const DEFAULT_STATUSES: ActionItemStatus[] = [
  ...OUTSTANDING_ACTION_ITEM_STATUSES,
];

/** Reads the filters from the query string; unknown values are ignored. */
export function parseFilters(params: URLSearchParams): ActionItemFilters {
  const priorities = params
    .getAll('priority')
    .filter((p): p is ActionItemPriority =>
      (ACTION_ITEM_PRIORITIES as readonly string[]).includes(p),
    );
  const statuses = params
    .getAll('status')
    .filter((s): s is ActionItemStatus =>
      (ACTION_ITEM_STATUSES as readonly string[]).includes(s),
    );
  return {
    team: params.get('team') || undefined,
    owner: params.get('owner') || undefined,
    entity: params.get('entity') || undefined,
    // Kept in the canonical order so the API sees the same filter however it was clicked.
    priorities: ACTION_ITEM_PRIORITIES.filter(p => priorities.includes(p)),
    statuses: statuses.length
      ? ACTION_ITEM_STATUSES.filter(s => statuses.includes(s))
      : DEFAULT_STATUSES,
  };
}

/** The query string for the filters; defaults are left out to keep shared links short. */
export function filtersToParams(filters: ActionItemFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.team) params.set('team', filters.team);
  if (filters.owner) params.set('owner', filters.owner);
  if (filters.entity) params.set('entity', filters.entity);
  for (const p of filters.priorities) params.append('priority', p);
  const isDefault =
    filters.statuses.length === DEFAULT_STATUSES.length &&
    DEFAULT_STATUSES.every(s => filters.statuses.includes(s));
  if (!isDefault) {
    for (const s of filters.statuses) params.append('status', s);
  }
  return params;
}

/**
 * A typed ref in its full form (`alice` → `user:default/alice`), because the backend
 * matches stored refs exactly. Text that is no ref is passed on unchanged.
 */
export function normalizeRef(value: string, defaultKind: string): string {
  const trimmed = value.trim();
  if (!trimmed) return '';
  try {
    return stringifyEntityRef(
      parseEntityRef(trimmed, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return trimmed;
  }
}

/** Readable names of the action item statuses. */
export const STATUS_LABELS: Record<ActionItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
};

import { DateTime } from 'luxon';
import { overdueBy } from './ActionItemsTable';
import { filtersToParams, normalizeRef, parseFilters } from './filters';

describe('action item filters in the URL', () => {
  it('reviews open and in-progress items when the link names no status', () => {
    expect(parseFilters(new URLSearchParams(''))).toEqual({
      priorities: [],
      statuses: ['open', 'in_progress'],
    });
  });

  it('drops values the API would refuse and keeps the canonical order', () => {
    const filters = parseFilters(
      new URLSearchParams(
        'priority=P3&priority=urgent&priority=P1&status=done&status=closed',
      ),
    );
    expect(filters.priorities).toEqual(['P1', 'P3']);
    expect(filters.statuses).toEqual(['done']);
  });

  it('round-trips and leaves the default statuses out of the link', () => {
    const filters = {
      team: 'group:default/payments',
      owner: 'user:default/bob',
      entity: 'component:default/payments-api',
      priorities: ['P1' as const],
      statuses: ['open' as const, 'in_progress' as const],
    };
    const params = filtersToParams(filters);
    expect(params.getAll('status')).toEqual([]);
    expect(parseFilters(params)).toEqual(filters);
    expect(
      filtersToParams({ ...filters, statuses: ['done'] }).getAll('status'),
    ).toEqual(['done']);
  });

  it('completes typed refs the way the backend stores them', () => {
    expect(normalizeRef(' alice ', 'user')).toBe('user:default/alice');
    expect(normalizeRef('group:payments', 'user')).toBe(
      'group:default/payments',
    );
    expect(normalizeRef('', 'user')).toBe('');
  });
});

describe('overdueBy', () => {
  const now = DateTime.fromISO('2026-11-23T12:00:00Z');

  it('says how late an item is in its largest whole unit', () => {
    expect(overdueBy('2026-11-20T08:00:00Z', now)).toBe('3 days overdue');
    expect(overdueBy('2026-11-22T12:00:00Z', now)).toBe('1 day overdue');
    expect(overdueBy('2026-11-23T07:30:00Z', now)).toBe('4 hours overdue');
    expect(overdueBy('2026-11-23T11:59:50Z', now)).toBe('1 minute overdue');
  });
});

import { OPEN_STATUSES } from '@firebreak/plugin-incidents-common';
import {
  DEFAULT_FILTERS,
  parseListFilters,
  serializeListFilters,
  toIncidentListFilter,
} from './listFilters';

const alice = {
  userEntityRef: 'user:default/alice',
  groupRefs: ['group:default/payments', 'group:default/sre'],
};

describe('list filters', () => {
  it('falls back to the defaults for malformed URL values', () => {
    expect(
      parseListFilters(
        new URLSearchParams(
          'view=everyone&status=broken&from=yesterday&to=2026-13-45',
        ),
      ),
    ).toEqual(DEFAULT_FILTERS);
  });

  it('gives equal filters the same query, whatever the order they were picked in', () => {
    const a = parseListFilters(
      new URLSearchParams('severity=P2&severity=P1&view=mine'),
    );
    const b = parseListFilters(
      new URLSearchParams('view=mine&severity=P1&severity=P2'),
    );
    expect(serializeListFilters(a)).toBe('view=mine&severity=P1&severity=P2');
    expect(serializeListFilters(b)).toBe(serializeListFilters(a));
    expect(serializeListFilters(DEFAULT_FILTERS)).toBe('');
  });

  it('sorts by severity then age unless the URL asks for newest first', () => {
    expect(DEFAULT_FILTERS.sort).toBe('severity');
    const newest = parseListFilters(new URLSearchParams('sort=detected'));
    expect(newest.sort).toBe('detected');
    expect(serializeListFilters(newest)).toBe('sort=detected');
    expect(toIncidentListFilter(newest, alice)?.sort).toBe('detected');
    expect(parseListFilters(new URLSearchParams('sort=bogus')).sort).toBe(
      'severity',
    );
  });

  it('maps status presets to statuses', () => {
    expect(toIncidentListFilter(DEFAULT_FILTERS, alice)).toEqual({
      statuses: [...OPEN_STATUSES],
      sort: 'severity',
    });
    expect(
      toIncidentListFilter({ ...DEFAULT_FILTERS, status: 'all' }, alice),
    ).toEqual({ sort: 'severity' });
    expect(
      toIncidentListFilter({ ...DEFAULT_FILTERS, status: 'declined' }, alice),
    ).toEqual({ statuses: ['declined'], sort: 'severity' });
  });

  it('narrows "My teams" to the chosen owners among the user\'s teams', () => {
    const teams = {
      ...DEFAULT_FILTERS,
      status: 'all' as const,
      view: 'teams' as const,
    };
    expect(toIncidentListFilter(teams, alice)).toEqual({
      ownerRefs: ['group:default/payments', 'group:default/sre'],
      sort: 'severity',
    });
    expect(
      toIncidentListFilter(
        { ...teams, ownerRefs: ['group:default/sre', 'group:default/other'] },
        alice,
      ),
    ).toEqual({ ownerRefs: ['group:default/sre'], sort: 'severity' });
    // Nothing can match: no request rather than an unfiltered one.
    expect(
      toIncidentListFilter(
        { ...teams, ownerRefs: ['group:default/other'] },
        alice,
      ),
    ).toBeUndefined();
    expect(
      toIncidentListFilter(teams, { ...alice, groupRefs: [] }),
    ).toBeUndefined();
  });
});

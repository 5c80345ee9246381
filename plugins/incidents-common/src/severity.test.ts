import {
  compareSeverity,
  DEFAULT_SEVERITY_POLICY,
  findSeverity,
  parseSeverityPolicy,
} from './severity';

describe('severity policy', () => {
  it('defaults to P1-P5 with paging and postmortems for P1/P2', () => {
    const policy = parseSeverityPolicy(undefined);
    expect(policy.map(l => l.id)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(policy.filter(l => l.pages).map(l => l.id)).toEqual(['P1', 'P2']);
    expect(policy.filter(l => l.postmortemRequired).map(l => l.id)).toEqual([
      'P1',
      'P2',
    ]);
    expect(policy.map(l => l.resolveWithin)).toEqual([
      'PT1H',
      'PT4H',
      'PT24H',
      'P7D',
      undefined,
    ]);
    expect(findSeverity(policy, 'P1')?.updateEvery).toBe('PT30M');
  });

  it('accepts a custom policy and fills defaults', () => {
    const policy = parseSeverityPolicy([
      { id: 'SEV1', label: 'Sev 1', pages: true, resolveWithin: 'PT2H' },
      { id: 'SEV2', label: 'Sev 2' },
    ]);
    expect(policy[1]).toEqual({
      id: 'SEV2',
      label: 'Sev 2',
      description: '',
      pages: false,
      postmortemRequired: false,
    });
    expect(compareSeverity(policy, 'SEV1', 'SEV2')).toBeLessThan(0);
  });

  it('names the bad key in its error', () => {
    expect(() =>
      parseSeverityPolicy([
        { id: 'P1', label: 'x' },
        { id: 'P2', label: 'y', resolveWithin: 'soon' },
      ]),
    ).toThrow(
      'incidents.severities[1].resolveWithin: must be a positive ISO-8601 duration',
    );
    expect(() =>
      parseSeverityPolicy([
        { id: 'P1', label: 'x' },
        { id: 'P1', label: 'y' },
      ]),
    ).toThrow("incidents.severities[1].id: duplicate severity id 'P1'");
    expect(() =>
      parseSeverityPolicy([{ id: 'P1', label: 'x', paging: true }]),
    ).toThrow(/incidents\.severities\[0\].*paging/);
    expect(() => parseSeverityPolicy([])).toThrow(
      'must list at least one severity',
    );
  });

  it('does not let callers mutate the default policy', () => {
    const policy = parseSeverityPolicy(undefined);
    policy[0].label = 'changed';
    expect(DEFAULT_SEVERITY_POLICY[0].label).toBe('Critical');
  });
});

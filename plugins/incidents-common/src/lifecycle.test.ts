import {
  allowedTransitions,
  canTransition,
  isOpenStatus,
  transitionTimestamps,
} from './lifecycle';
import { INCIDENT_STATUSES } from './types';

describe('incident lifecycle', () => {
  it('follows the happy path from triggered to resolved', () => {
    const path = [
      'triggered',
      'acknowledged',
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ] as const;
    for (let i = 1; i < path.length; i++) {
      expect(canTransition(path[i - 1], path[i])).toBe(true);
    }
  });

  it('lets every open status resolve and only early ones decline', () => {
    for (const status of INCIDENT_STATUSES.filter(isOpenStatus)) {
      expect(canTransition(status, 'resolved')).toBe(true);
    }
    expect(canTransition('triggered', 'declined')).toBe(true);
    expect(canTransition('acknowledged', 'declined')).toBe(true);
    expect(canTransition('investigating', 'declined')).toBe(false);
  });

  it('refuses moving backwards to triggered, and leaving terminal states', () => {
    for (const status of INCIDENT_STATUSES) {
      expect(canTransition(status, 'triggered')).toBe(false);
      expect(canTransition(status, 'merged')).toBe(false);
    }
    expect(allowedTransitions('declined')).toEqual([]);
    expect(allowedTransitions('merged')).toEqual([]);
  });

  it('reopens a resolved incident', () => {
    expect(allowedTransitions('resolved')).toEqual(['investigating']);
    expect(isOpenStatus('resolved')).toBe(false);
  });
});

describe('transitionTimestamps', () => {
  const now = new Date('2026-01-01T00:10:00.000Z');

  it('does not count an automatic move to monitoring as an acknowledgement', () => {
    expect(
      transitionTimestamps({ status: 'triggered' }, 'monitoring', now, {
        acknowledges: false,
      }),
    ).toEqual({ mitigatedAt: now });
  });

  it('acknowledges when someone takes the incident on, once', () => {
    expect(
      transitionTimestamps({ status: 'triggered' }, 'monitoring', now, {
        acknowledges: true,
      }),
    ).toEqual({ acknowledgedAt: now, mitigatedAt: now });
    expect(
      transitionTimestamps(
        { status: 'acknowledged', acknowledgedAt: '2026-01-01T00:05:00.000Z' },
        'investigating',
        now,
        { acknowledges: true },
      ),
    ).toEqual({});
  });

  it('clears mitigation and resolution when reopening', () => {
    expect(
      transitionTimestamps(
        {
          status: 'resolved',
          acknowledgedAt: '2026-01-01T00:05:00.000Z',
          mitigatedAt: '2026-01-01T00:06:00.000Z',
        },
        'investigating',
        now,
        { acknowledges: true },
      ),
    ).toEqual({ resolvedAt: null, mitigatedAt: null });
  });
});

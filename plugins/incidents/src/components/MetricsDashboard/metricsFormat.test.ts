import { DateTime } from 'luxon';
import {
  axisWidth,
  bucketStarts,
  decimal,
  durationTicks,
  humanSeconds,
  metricsWindow,
  parseRangeDays,
  percent,
} from './metricsFormat';

// A Wednesday afternoon, in a zone where the local date is already the next day.
const NOW = DateTime.fromISO('2026-03-11T22:30:00.000-05:00');

describe('metricsWindow', () => {
  it('covers whole UTC days up to and including today, by day up to 30 days', () => {
    expect(metricsWindow(7, NOW)).toEqual({
      from: '2026-03-06T00:00:00.000Z',
      to: '2026-03-13T00:00:00.000Z',
      bucket: 'day',
    });
    expect(metricsWindow(30, NOW)).toMatchObject({
      from: '2026-02-11T00:00:00.000Z',
      bucket: 'day',
    });
  });

  it('starts weekly windows on a Monday', () => {
    // 90 days back from 2026-03-12 is Saturday 2025-12-13; its week began on the 8th.
    expect(metricsWindow(90, NOW)).toEqual({
      from: '2025-12-08T00:00:00.000Z',
      to: '2026-03-13T00:00:00.000Z',
      bucket: 'week',
    });
    expect(metricsWindow(365, NOW).bucket).toBe('week');
  });
});

describe('bucketStarts', () => {
  it('lists every day or Monday of the window', () => {
    expect(
      bucketStarts('2026-03-06T00:00:00Z', '2026-03-09T00:00:00Z', 'day'),
    ).toEqual(['2026-03-06', '2026-03-07', '2026-03-08']);
    expect(
      bucketStarts('2026-03-04T00:00:00Z', '2026-03-20T00:00:00Z', 'week'),
    ).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
  });
});

describe('humanSeconds', () => {
  it('rounds to seconds, minutes or hours by size', () => {
    expect(humanSeconds(undefined)).toBe('—');
    expect(humanSeconds(42.4)).toBe('42 sec');
    expect(humanSeconds(711)).toBe('12 min');
    expect(humanSeconds(18514)).toBe('5 hr, 9 min');
    expect(humanSeconds(90000)).toBe('1 day, 1 hr');
  });
});

describe('parseRangeDays and percent', () => {
  it('falls back to 30 days and shows ratios as percentages', () => {
    expect(parseRangeDays('90')).toBe(90);
    expect(parseRangeDays('12')).toBe(30);
    expect(parseRangeDays(null)).toBe(30);
    expect(percent(0.404)).toBe('40%');
    expect(percent(undefined)).toBe('—');
  });
});

describe('durationTicks', () => {
  const render = (max: number) => {
    const { ticks, label } = durationTicks(max);
    return ticks.map(label);
  };

  it('puts ticks on round values of one unit, covering the maximum', () => {
    // 8.3 hours: not 4.2h and 8.3h
    expect(render(8.3 * 3600)).toEqual(['0h', '3h', '6h', '9h']);
    // 1.7 days still reads in hours
    expect(render(1.7 * 86_400)).toEqual(['0h', '12h', '24h', '36h', '48h']);
    expect(render(40 * 60)).toEqual(['0m', '10m', '20m', '30m', '40m']);
    expect(render(45)).toEqual(['0s', '15s', '30s', '45s']);
    expect(render(9 * 86_400)).toEqual(['0d', '5d', '10d']);
    expect(render(400 * 86_400)).toEqual([
      '0d',
      '120d',
      '240d',
      '360d',
      '480d',
    ]);
  });

  it('gives at most five ticks and never a fraction', () => {
    for (const max of [1, 59, 61, 3599, 3601, 86_399, 200_000, 5_000_000]) {
      const { ticks, label } = durationTicks(max);
      expect(ticks.length).toBeLessThanOrEqual(5);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      for (const tick of ticks) expect(label(tick)).toMatch(/^\d+[smhd]$/);
    }
  });
});

describe('decimal', () => {
  it('keeps one decimal place at most', () => {
    expect(decimal(1.0161)).toBe('1');
    expect(decimal(1.26)).toBe('1.3');
    expect(decimal(3)).toBe('3');
    expect(decimal(undefined)).toBe('—');
  });
});

describe('axisWidth', () => {
  it('grows with the longest label so that none is clipped', () => {
    expect(axisWidth(['0', '400'])).toBeGreaterThan(axisWidth(['0', '40']));
    expect(axisWidth(['400'])).toBeGreaterThanOrEqual(40);
  });
});

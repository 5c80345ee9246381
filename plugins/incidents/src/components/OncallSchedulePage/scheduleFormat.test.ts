import { Settings } from 'luxon';
import {
  clockChange,
  viewerRange,
  instantOfLocalInput,
  shiftLength,
  stretchLength,
  viewerTime,
  windowStart,
} from './scheduleFormat';

describe('schedule times in the viewer zone', () => {
  const zone = Settings.defaultZone;
  beforeEach(() => {
    Settings.defaultZone = 'Europe/Berlin';
  });
  afterEach(() => {
    Settings.defaultZone = zone;
  });

  it('shows the offset, so the same 09:00 handover reads right on both sides of a change', () => {
    expect(viewerTime('2027-03-27T08:00:00.000Z')).toBe(
      'Sat 27 Mar, 09:00 GMT+1',
    );
    expect(viewerTime('2027-03-28T07:00:00.000Z')).toBe(
      'Sun 28 Mar, 09:00 GMT+2',
    );
  });

  it('writes the offset of a range once unless the clocks change within it', () => {
    expect(
      viewerRange('2027-03-21T08:00:00.000Z', '2027-03-22T08:00:00.000Z'),
    ).toBe('Sun 21 Mar, 09:00 → Mon 22 Mar, 09:00 GMT+1');
    expect(
      viewerRange('2027-03-22T08:00:00.000Z', '2027-03-22T20:00:00.000Z'),
    ).toBe('Mon 22 Mar, 09:00 → 21:00 GMT+1');
    expect(
      viewerRange('2027-03-27T08:00:00.000Z', '2027-03-28T07:00:00.000Z'),
    ).toBe('Sat 27 Mar, 09:00 GMT+1 → Sun 28 Mar, 09:00 GMT+2');
  });

  it('says when the clocks change during a stretch, and by how much', () => {
    expect(
      clockChange('2027-03-27T08:00:00.000Z', '2027-03-28T07:00:00.000Z'),
    ).toBe('Clocks go forward 1 hr (GMT+1 → GMT+2)');
    expect(
      clockChange('2027-10-30T07:00:00.000Z', '2027-10-31T08:00:00.000Z'),
    ).toBe('Clocks go back 1 hr (GMT+2 → GMT+1)');
    expect(
      clockChange('2027-03-28T07:00:00.000Z', '2027-03-29T07:00:00.000Z'),
    ).toBeUndefined();
  });

  it('measures stretches in real time: the day summer time starts has 23 hours', () => {
    expect(
      stretchLength('2027-03-27T08:00:00.000Z', '2027-03-28T07:00:00.000Z'),
    ).toBe('23 hr');
    expect(
      stretchLength('2027-03-22T08:00:00.000Z', '2027-03-29T07:00:00.000Z'),
    ).toBe('6 days, 23 hr');
    expect(
      stretchLength('2027-03-22T08:00:00.000Z', '2027-03-22T08:30:00.000Z'),
    ).toBe('30 min');
  });

  it('starts the window at midnight of the date in the viewer zone', () => {
    expect(windowStart('2027-03-22')?.toUTC().toISO()).toBe(
      '2027-03-21T23:00:00.000Z',
    );
    expect(windowStart('2027-02-30')).toBeUndefined();
    expect(windowStart('next week')).toBeUndefined();
    expect(windowStart(null)).toBeUndefined();
  });

  it('reads a datetime-local value in the viewer zone', () => {
    expect(instantOfLocalInput('2027-03-28T10:30')).toBe(
      '2027-03-28T08:30:00.000Z',
    );
    expect(instantOfLocalInput('')).toBeUndefined();
    expect(instantOfLocalInput('2027-13-01T10:00')).toBeUndefined();
  });

  it('names shift lengths as people say them', () => {
    expect(shiftLength('P7D')).toBe('7 days');
    expect(shiftLength('PT12H')).toBe('12 hours');
    expect(shiftLength('nonsense')).toBe('nonsense');
  });
});

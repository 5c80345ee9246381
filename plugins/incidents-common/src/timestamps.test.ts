import { findTimestampOrderProblem } from './timestamps';

describe('findTimestampOrderProblem', () => {
  it('accepts ordered and partially set instants', () => {
    expect(
      findTimestampOrderProblem({
        detectedAt: '2026-01-01T00:00:00Z',
        resolvedAt: '2026-01-01T01:00:00Z',
      }),
    ).toBeUndefined();
    expect(
      findTimestampOrderProblem({
        detectedAt: new Date(0),
        acknowledgedAt: new Date(0),
      }),
    ).toBeUndefined();
  });

  it('names the pair out of order', () => {
    expect(
      findTimestampOrderProblem({
        detectedAt: '2026-01-01T00:10:00Z',
        acknowledgedAt: '2026-01-01T00:20:00Z',
        resolvedAt: '2026-01-01T00:15:00Z',
      }),
    ).toBe(
      'resolvedAt (2026-01-01T00:15:00.000Z) must not be before acknowledgedAt (2026-01-01T00:20:00.000Z)',
    );
  });

  it('refuses a start after the detection', () => {
    expect(
      findTimestampOrderProblem({
        startedAt: '2026-01-01T00:11:00Z',
        detectedAt: '2026-01-01T00:10:00Z',
      }),
    ).toBe(
      'detectedAt (2026-01-01T00:10:00.000Z) must not be before startedAt (2026-01-01T00:11:00.000Z)',
    );
  });

  it('accepts an acknowledgement after an automatic mitigation', () => {
    expect(
      findTimestampOrderProblem({
        detectedAt: '2026-01-01T00:00:00Z',
        mitigatedAt: '2026-01-01T00:05:00Z',
        acknowledgedAt: '2026-01-01T00:09:00Z',
        resolvedAt: '2026-01-01T00:10:00Z',
      }),
    ).toBeUndefined();
  });
});

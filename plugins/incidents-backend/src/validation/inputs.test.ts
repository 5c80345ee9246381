import {
  normaliseEntityRef,
  parseInstant,
  readInstant,
  sanitiseText,
  textProblem,
} from './inputs';

describe('readInstant', () => {
  it.each([
    ['2026-01-05T09:00:00Z', '2026-01-05T09:00:00.000Z'],
    ['2026-01-05T10:00:00+01:00', '2026-01-05T09:00:00.000Z'],
    ['2026-01-05T10:00+0100', '2026-01-05T09:00:00.000Z'],
    ['2026-03-01T09:12:31.123456789Z', '2026-03-01T09:12:31.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    [' 2026-01-05T09:00:00z ', '2026-01-05T09:00:00.000Z'],
  ])('reads %p', (text, iso) => {
    const result = readInstant(text);
    expect('instant' in result && result.instant.toISOString()).toBe(iso);
  });

  it.each([
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2025-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T09:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-01-05T24:00:00Z'],
    ['minute 60', '2026-01-05T09:60:00Z'],
    ['no offset', '2026-01-05T09:00:00'],
    ['a date alone', '2026-01-05'],
    ['a week date', '2026-W02-1T09:00:00Z'],
    ['words', 'yesterday'],
    ['a number', 1767603600000],
    ['nothing', undefined],
  ])('refuses %s as a format problem', (_what, value) => {
    expect(readInstant(value)).toEqual({ problem: 'format' });
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ["Go's zero time", '0001-01-01T00:00:00Z'],
    ['1999', '1999-12-31T23:59:59Z'],
    ['2100', '2100-01-01T00:00:00Z'],
    ['year 9999', '9999-12-31T23:59:59Z'],
  ])('refuses %s as out of range', (_what, value) => {
    expect(readInstant(value)).toEqual({ problem: 'range' });
  });

  it('names the field in the 400', () => {
    expect(() => parseInstant('2026-02-30T00:00:00Z', 'dueAt')).toThrow(
      'dueAt must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z',
    );
    expect(() => parseInstant('0000-01-01T00:00:00Z', 'dueAt')).toThrow(
      'dueAt must be between 2000-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z',
    );
  });
});

describe('normaliseEntityRef', () => {
  it.each([
    ['component:payments-api', undefined, 'component:default/payments-api'],
    ['payments', 'group', 'group:default/payments'],
    [
      'Component:Prod/Payments_API.v2',
      undefined,
      'component:prod/payments_api.v2',
    ],
    [' user:default/alice ', undefined, 'user:default/alice'],
  ])('normalises %p', (ref, kind, full) => {
    expect(normaliseEntityRef(ref, 'entityRef', kind)).toBe(full);
  });

  it.each([
    ['not a ref :: //'],
    ['component:default/'],
    ['component:bad namespace/payments'],
    ['com ponent:payments'],
    ['component:default/-leading-dash'],
    [`component:default/${'x'.repeat(64)}`],
    ['component:default/with space'],
    ['payments'],
  ])('refuses %p', ref => {
    expect(() => normaliseEntityRef(ref, 'entityRef')).toThrow(
      /^entityRef '.*' is not an entity ref such as component:default\/payments-api$/,
    );
  });
});

describe('text that cannot be stored', () => {
  it.each([
    ['plain text', 'Payments failing'],
    ['emoji (surrogate pairs)', '👩‍👩‍👧‍👦🏳️‍🌈'],
    ['other control characters', '\r\n\t\b\f\v\u202e'],
  ])('accepts %s', (_what, text) => {
    expect(textProblem(text)).toBeUndefined();
    expect(sanitiseText(text)).toBe(text);
  });

  it.each([
    ['NUL', 'a\u0000b', /NUL/, 'a\ufffdb'],
    ['a lone high surrogate', 'a\ud800b', /lone UTF-16 surrogate/, 'a\ufffdb'],
    ['a lone low surrogate', '\udfffz', /lone UTF-16 surrogate/, '\ufffdz'],
    ['half a pair', 'x\ud83d', /lone UTF-16 surrogate/, 'x\ufffd'],
  ])('finds %s and replaces it by U+FFFD', (_what, text, problem, clean) => {
    expect(textProblem(text)).toMatch(problem);
    expect(sanitiseText(text)).toBe(clean);
    expect(textProblem(sanitiseText(text))).toBeUndefined();
  });
});

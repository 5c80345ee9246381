import {
  ANNOTATION_SLACK_CHANNEL,
  formatAnnotationProblem,
  parseSlackChannelAnnotation,
} from './annotations';

describe('firebreak.dev/slack-channel', () => {
  it('takes a channel id or #name as chat.postMessage takes them', () => {
    expect(parseSlackChannelAnnotation(' C0123456789 ')).toEqual({
      ok: true,
      value: 'C0123456789',
    });
    expect(parseSlackChannelAnnotation('G01ABCDEFGH')).toEqual({
      ok: true,
      value: 'G01ABCDEFGH',
    });
    expect(parseSlackChannelAnnotation('#payments-incidents')).toEqual({
      ok: true,
      value: '#payments-incidents',
    });
  });

  it.each([
    'payments-incidents',
    '#Payments',
    '#pay ments',
    'C0123',
    'https://example.slack.com/archives/C0123456789',
    '',
  ])('refuses %j, naming the annotation and the value', value => {
    const result = parseSlackChannelAnnotation(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].annotation).toBe(ANNOTATION_SLACK_CHANNEL);
    expect(formatAnnotationProblem(result.problems[0])).toBe(
      `firebreak.dev/slack-channel: '${value}' is not a Slack channel id (e.g. C0123456789) or #name (lower-case letters, digits, - and _, at most 80)`,
    );
  });
});

import {
  ANNOTATION_STATUSPAGE_COMPONENT,
  formatAnnotationProblem,
  parseStatuspageComponentAnnotation,
} from './annotations';

describe('firebreak.dev/statuspage-component', () => {
  it('takes a Statuspage component id as its API takes it', () => {
    expect(ANNOTATION_STATUSPAGE_COMPONENT).toBe(
      'firebreak.dev/statuspage-component',
    );
    expect(parseStatuspageComponentAnnotation(' 8kbf7d35c070 ')).toEqual({
      ok: true,
      value: '8kbf7d35c070',
    });
    expect(parseStatuspageComponentAnnotation('ABC123')).toEqual({
      ok: true,
      value: 'ABC123',
    });
  });

  it.each([
    '',
    '8kbf 7d35',
    '8kbf-7d35',
    '../incidents',
    'https://manage.statuspage.io/pages/x/components/y',
    'x'.repeat(65),
  ])('refuses %j, naming the annotation and the value', value => {
    const result = parseStatuspageComponentAnnotation(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(formatAnnotationProblem(result.problems[0])).toBe(
      `firebreak.dev/statuspage-component: '${value}' is not a Statuspage component id (letters and digits, e.g. 8kbf7d35c070)`,
    );
  });
});

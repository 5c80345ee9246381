import { renderInTestApp } from '@backstage/test-utils';
import { useTheme } from '@material-ui/core/styles';
import { SeverityChip } from '../IncidentChips';
import {
  ResponseTrendChart,
  severityColor,
  SeverityCountsChart,
} from './charts';
import { metricsFixture } from './metricsFixture';

const tickTexts = (axis: string) =>
  [
    ...document.querySelectorAll(
      `.recharts-${axis} .recharts-cartesian-axis-tick-value`,
    ),
  ].map(t => t.textContent);

describe('ResponseTrendChart', () => {
  // Four days, two without anything resolved: 4.2 h and 8.3 h means around them.
  const metrics = metricsFixture({
    from: '2026-03-02T00:00:00.000Z',
    to: '2026-03-06T00:00:00.000Z',
    bucket: 'day',
    responseTimesOverTime: [
      { bucketStart: '2026-03-02', incidents: 1, mttrMeanSeconds: 15_120 },
      { bucketStart: '2026-03-03', incidents: 1 },
      { bucketStart: '2026-03-05', incidents: 2, mttrMeanSeconds: 29_880 },
    ],
  });

  it('ticks on round hours, with a legend, and no line across days without data', async () => {
    await renderInTestApp(
      <ResponseTrendChart metrics={metrics} measure="mttr" />,
    );
    expect(tickTexts('yAxis')).toEqual(['0h', '3h', '6h', '9h']);
    expect(tickTexts('xAxis')).toContain('Mar 2');
    expect(
      document.querySelector('.recharts-legend-item-text')?.textContent,
    ).toBe('MTTR (mean)');
    // The two measured days are apart: each is a dot, and no segment joins them.
    expect(document.querySelectorAll('.recharts-line-dot')).toHaveLength(2);
    const path = document
      .querySelector('.recharts-line-curve')
      ?.getAttribute('d');
    expect(path ?? '').not.toMatch(/L/);
  });
});

describe('SeverityCountsChart', () => {
  it('draws axes and a legend, in the colours of the severity badges', async () => {
    function Both() {
      const theme = useTheme();
      return (
        <>
          <SeverityChip severity="P1" />
          <span data-testid="p1-colour">{severityColor(theme, 'P1')}</span>
          <SeverityCountsChart metrics={metricsFixture()} height={200} />
        </>
      );
    }
    const { getByTestId, getByText } = await renderInTestApp(<Both />);
    expect(tickTexts('xAxis')).toEqual(['Mar 2', 'Mar 9']);
    expect(tickTexts('yAxis').length).toBeGreaterThan(1);
    const legend = [
      ...document.querySelectorAll('.recharts-legend-item-text'),
    ].map(l => l.textContent);
    expect(legend).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);

    const colour = getByTestId('p1-colour').textContent!;
    const p1Bar = document.querySelector(
      '.recharts-bar-rectangle path',
    ) as SVGElement;
    expect(p1Bar.getAttribute('fill')).toBe(colour);
    const chip = getByText('P1', { selector: '.MuiChip-label' }).closest(
      '.MuiChip-root',
    ) as HTMLElement;
    expect(chip.style.backgroundColor).not.toBe('');
    // jsdom writes style colours as rgb(); compare through a probe element.
    const probe = document.createElement('span');
    probe.style.backgroundColor = colour;
    expect(chip.style.backgroundColor).toBe(probe.style.backgroundColor);
  });
});

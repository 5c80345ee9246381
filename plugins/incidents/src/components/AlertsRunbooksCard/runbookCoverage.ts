import { TranslationFunction } from '@backstage/frontend-plugin-api';
import {
  RunbookCoverage,
  RunbookTable,
} from '@firebreak/plugin-incidents-common';
import { incidentsTranslationRef } from '../../translation';

/**
 * Fired alerts split by the runbook a responder found: one of their own, only the
 * entity's fallback, or none. The tab, the overview card and the dashboard all read
 * coverage through this shape so that they count and word it the same way.
 */
export type CoverageCounts = {
  fired: number;
  own: number;
  fallback: number;
  none: number;
};

/** The counts of an entity's runbook table; undefined when nothing fired. */
export function tableCoverageCounts(
  coverage: RunbookTable['coverage'],
): CoverageCounts | undefined {
  if (!coverage || coverage.fired === 0) return undefined;
  const { fired, own, fallback, none } = coverage;
  return { fired, own, fallback, none };
}

/** The counts of the metrics' coverage; undefined when nothing fired. */
export function metricsCoverageCounts(
  coverage: RunbookCoverage,
): CoverageCounts | undefined {
  const { firedAlerts: fired, ownRunbook: own, fallbackRunbook } = coverage;
  if (fired === 0) return undefined;
  return {
    fired,
    own,
    fallback: fallbackRunbook,
    none: fired - own - fallbackRunbook,
  };
}

/** own / fired as a whole percentage: a fallback runbook is not coverage. */
export function coveragePercent(counts: CoverageCounts): string {
  return `${Math.round((counts.own / counts.fired) * 100)}%`;
}

/** The plugin's translation function, as `useTranslationRef(incidentsTranslationRef)` gives it. */
export type Translate = TranslationFunction<typeof incidentsTranslationRef.T>;

/**
 * Coverage as people read it, e.g.
 * `Own runbook for 3 of 4 fired alerts (75%) · fallback only 1 · none 0`;
 * `empty` is what to say when nothing fired.
 */
export function coverageText(
  t: Translate,
  counts: CoverageCounts | undefined,
  empty: 'last90Days' | 'inRange' = 'last90Days',
): string {
  if (!counts) {
    return empty === 'inRange'
      ? t('runbookCoverage.noneFiredInRange')
      : t('runbookCoverage.noneFired');
  }
  return t('runbookCoverage.summary', {
    count: counts.fired,
    own: String(counts.own),
    percent: coveragePercent(counts),
    fallback: String(counts.fallback),
    none: String(counts.none),
  });
}

import { Box } from '@material-ui/core';
import {
  ComponentProps,
  lazy,
  RefObject,
  Suspense,
  useEffect,
  useRef,
  useState,
} from 'react';

// recharts is the plugin's largest dependency; on the entity tab the chart sits below
// the fold, so its code is fetched only when the chart is about to be seen.
const SeverityCountsChart = lazy(() =>
  import('./charts').then(m => ({ default: m.SeverityCountsChart })),
);

/** How far below the viewport the chart starts loading, so it is there on arrival. */
const PRELOAD_MARGIN = '200px';

/**
 * True once the element has come within {@link PRELOAD_MARGIN} of the viewport, and
 * from then on. Without IntersectionObserver (jsdom, very old browsers) at once.
 */
function useNearViewport(ref: RefObject<Element>): boolean {
  const [near, setNear] = useState(
    () => typeof IntersectionObserver === 'undefined',
  );
  useEffect(() => {
    if (near || !ref.current) return undefined;
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(e => e.isIntersecting)) setNear(true);
      },
      { rootMargin: PRELOAD_MARGIN },
    );
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [near, ref]);
  return near;
}

/**
 * {@link SeverityCountsChart} loaded on demand: an empty box of the chart's height
 * until the chart nears the viewport and its code has arrived.
 */
export function LazySeverityCountsChart(
  props: ComponentProps<typeof SeverityCountsChart>,
) {
  const ref = useRef<HTMLDivElement>(null);
  const near = useNearViewport(ref);
  const placeholder = <Box height={props.height ?? 260} />;
  return (
    <div ref={ref}>
      {near ? (
        <Suspense fallback={placeholder}>
          <SeverityCountsChart {...props} />
        </Suspense>
      ) : (
        placeholder
      )}
    </div>
  );
}

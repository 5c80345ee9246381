export { MetricsDashboardPage } from './MetricsDashboardPage';
export { EntityMetricsSection } from './EntityMetricsSection';

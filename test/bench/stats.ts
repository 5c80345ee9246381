// Small numeric and formatting helpers for the benchmarks.

/** The q-quantile (0..1) of unsorted samples, nearest-rank. */
export function percentile(samples: number[], q: number): number {
  if (!samples.length) return NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil(q * sorted.length) - 1),
  );
  return sorted[rank];
}

export function fmtNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function fmtMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value === 0) return '<1 ms'; // autocannon counts whole milliseconds
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

export function fmtMiB(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return 'n/a';
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

export function fmtRatio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const percent = value * 100;
  return `${value.toPrecision(2)} (${percent.toFixed(percent < 10 ? 1 : 0)}%)`;
}

/** A two-column Markdown-compatible table. */
export function table(title: string, rows: Array<[string, string]>): string {
  const w0 = Math.max(6, ...rows.map(r => r[0].length));
  const w1 = Math.max(5, ...rows.map(r => r[1].length));
  const line = (a: string, b: string) =>
    `| ${a.padEnd(w0)} | ${b.padStart(w1)} |`;
  return [
    `### ${title}`,
    '',
    line('Metric', 'Value'),
    `| ${'-'.repeat(w0)} | ${'-'.repeat(w1 - 1)}: |`,
    ...rows.map(([a, b]) => line(a, b)),
  ].join('\n');
}

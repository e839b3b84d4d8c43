/** The q-th quantile (0..1) of the values, nearest-rank; NaN for none. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The median: the middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A markdown table. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Numbers as the tables print them. */
export const format = {
  whole: (value: number): string =>
    Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-',
  fixed: (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : '-'),
  ms: (value: number): string =>
    Number.isFinite(value) ? value.toFixed(value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0) : '-',
};

/** Statistics the offline model knows how to ask the code interpreter for. */
const MEASURES: Array<{ pattern: RegExp; label: string; python: string }> = [
  { pattern: /\b(mean|average)\b/i, label: 'mean', python: '{s.mean(data):.2f}' },
  { pattern: /\bmedian\b/i, label: 'median', python: '{s.median(data)}' },
  { pattern: /\bmode\b/i, label: 'mode', python: '{s.mode(data)}' },
  {
    pattern: /\b(std\.?\s*dev|standard deviation|stdev|std)\b/i,
    label: 'stdev',
    python: '{s.stdev(data):.2f}',
  },
  { pattern: /\bvariance\b/i, label: 'variance', python: '{s.variance(data):.2f}' },
];

const NUMBER_LIST = /\[\s*(-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)+)\s*\]/;

/**
 * Python that computes the statistics a prompt asks for over the list it gives, e.g. "mean, median,
 * and std dev of [3, 5, 4, 6, 2, 4, 7]". Undefined when the prompt asks for none or has no list.
 */
export function statisticsCode(prompt: string): string | undefined {
  const list = NUMBER_LIST.exec(prompt);
  if (!list) return undefined;
  const wanted = MEASURES.filter((measure) => measure.pattern.test(prompt));
  if (wanted.length === 0) return undefined;
  const numbers = list[1]!.split(',').map((item) => item.trim());
  const report = wanted.map((measure) => `${measure.label}=${measure.python}`).join(' ');
  return `import statistics as s\ndata=[${numbers.join(', ')}]\nprint(f'${report}')`;
}
